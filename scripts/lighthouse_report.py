"""Lighthouse on every page of the site, built from the current sources and served on 127.0.0.1:
performance, accessibility, best practices and SEO on the mobile preset, with CLS and transfer weight.

    .venv/bin/python scripts/lighthouse_report.py                        # build, then every page once
    .venv/bin/python scripts/lighthouse_report.py --runs 3 chain-rule    # medians of 3 runs, one page
    .venv/bin/python scripts/lighthouse_report.py --site /tmp/site       # an existing build instead
    .venv/bin/python scripts/lighthouse_report.py --floor --runs 3 home tiny-network   # ours vs the floor

Targets for every page: performance >= 95, accessibility 100, best practices 100, CLS <= 0.02. The script
exits 1 when a page misses one and lists the audits that cost points. It is a measuring tool, not a
CI gate: scores depend on the machine. Lighthouse (pinned in scripts/lighthouse/package-lock.json)
is installed there on first use, apart from the site's own node_modules; it drives Debian's Chromium
with every host but 127.0.0.1 unresolvable. Text is served gzipped, as the deployed site's host does.
JSON reports are kept in test-artifacts/lighthouse/. "paint ms" is when the first frame reached the
screen in the real run that Lighthouse's slow-phone simulation starts from; --chrome-flag runs
Chromium with an extra flag, to diagnose (the scores then describe that browser, not a reader's).

--floor compares each page with what a plain Material author would publish from the same Markdown
(floor_site.py): runs alternate between our page and the floor's, both served the same way, and the
table shows the medians side by side: perf, FCP, LCP, TBT, CLS, element count and bytes.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from lighthouse_figures import (
    CLS_TARGET,
    losses,
    median_row,
    misses,
    named,
    numbers,
    page_name,
    print_table_header,
    print_table_row,
)
from lighthouse_floor import compare_with_floor
from lighthouse_runs import CHROMIUM, REPORTS, ROOT, build, install_lighthouse, lighthouse, pages, site_url
from lighthouse_serve import base_url, serve


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", nargs="*", help="only pages whose name starts with one of these words "
                        "(home, chain-rule, code for every code page)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the table shows medians")
    parser.add_argument("--site", type=Path, help="a site built with `mkdocs build` (default: build one now)")
    parser.add_argument("--floor", action="store_true",
                        help="compare each page with the plain-Material floor, runs interleaved")
    parser.add_argument("--chrome-flag", action="append", default=[], metavar="FLAG",
                        help="an extra Chromium flag, to diagnose (e.g. --disable-features=PaintHolding); "
                             "the scores then describe that browser, not the reader's")
    args = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        sys.exit(f"Lighthouse here drives Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    install_lighthouse()

    deployed = site_url()
    prefix = urlsplit(deployed).path.strip("/")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        served_root = Path(tmp) / "ours"
        site = served_root / prefix
        if args.site:
            site.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(args.site, site)
        else:
            print("building the site with mkdocs build --strict ...", flush=True)
            build(site)
        REPORTS.mkdir(parents=True, exist_ok=True)
        if args.chrome_flag:
            print(f"extra Chromium flags: {' '.join(args.chrome_flag)}")
        if args.floor:
            return compare_with_floor(args, site, Path(tmp), deployed, prefix)
        server = serve(served_root)
        base = base_url(server, prefix)
        chosen = [p for p in pages(site, deployed) if named(p, args.words)]
        print_table_header()
        failing, benches = {}, []
        for path in chosen:
            name = page_name(path)
            rows, report = [], None
            for run in range(args.runs):
                report = lighthouse(base + path, REPORTS / f"{name}-{run + 1}.json", args.chrome_flag)
                rows.append(numbers(report))
            benches += [r.pop("bench") for r in rows]
            row = median_row(rows)
            print_table_row(name, row)
            missed = misses(row)
            if missed:
                failing[name] = missed + losses(report)
        server.shutdown()
    for name, reasons in failing.items():
        print(f"\n{name} misses a target:")
        for reason in reasons:
            print(f"  {reason}")
    print(f"\n{len(chosen) - len(failing)} of {len(chosen)} pages meet every target "
          f"(perf >= 95, a11y 100, best practices 100, CLS <= {CLS_TARGET}); "
          f"reports in {REPORTS.relative_to(ROOT)}/")
    print(f"Lighthouse's benchmark index here (median): {statistics.median(benches):.0f} "
          "(higher is faster; the same pages score lower on a slower or busier machine)")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
