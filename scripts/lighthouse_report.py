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
(floor.py): runs alternate between our page and the floor's, both served the same way, and the
table shows the medians side by side: perf, FCP, LCP, TBT, CLS, element count and bytes.
"""

import argparse
import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "scripts" / "lighthouse"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
HOST = "127.0.0.1"
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
]
CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}
TARGETS = {"perf": 95, "a11y": 100, "best": 100}
CLS_TARGET = 0.02
TEXT_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".ipynb", ".txt", ".map"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ROW = ("{page:32} {perf:>4} {a11y:>4} {best:>4} {seo:>4} {cls:>6} {lcp_s:>6} {tbt_ms:>6} {paint_ms:>8} "
       "{kib:>6}")
DIGITS = {"perf": 0, "a11y": 0, "best": 0, "seo": 0, "cls": 3, "lcp_s": 2, "tbt_ms": 0, "paint_ms": 0,
          "kib": 0}


def site_url() -> str:
    """The deployed site_url from mkdocs.yml, read the way MkDocs reads it."""
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as stream:
        return yaml_load(stream)["site_url"]


def install_lighthouse():
    """npm ci in scripts/lighthouse/ when its lockfile changed since the last install."""
    lock = TOOL / "package-lock.json"
    stamp = TOOL / "node_modules" / ".installed"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    if CLI.is_file() and stamp.is_file() and stamp.read_text() == want:
        return
    print("installing the pinned Lighthouse into scripts/lighthouse/node_modules ...", flush=True)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=TOOL, check=True)
    stamp.write_text(want)


def build(target: Path):
    """mkdocs build --strict of the working tree into target."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(target)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"mkdocs build --strict failed:\n{(done.stdout + done.stderr)[-6000:]}")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the client accepts it, with the host's content types."""

    extensions_map: ClassVar = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                ".js": "text/javascript", ".woff2": "font/woff2", ".svg": "image/svg+xml",
                                ".json": "application/json", ".gif": "image/gif", ".webp": "image/webp"}
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.suffix in TEXT_TYPES and accepts_gzip):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like body for SimpleHTTPRequestHandler's copyfile."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that says nothing when Chromium drops a kept-alive connection."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(served_root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(GzipHandler, directory=str(served_root))
    server = QuietServer((HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def base_url(server, prefix: str) -> str:
    """The served site's root URL, under the deployed path prefix."""
    return f"http://{HOST}:{server.server_port}/" + (f"{prefix}/" if prefix else "")


def pages(site: Path, deployed: str) -> list[str]:
    """Every page the sitemap lists, as URLs relative to the site root."""
    locs = ElementTree.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")
    return [loc.text.strip().removeprefix(deployed) for loc in locs]


def page_name(path: str) -> str:
    """A page's short name in the table and report files: its path with dashes, "home" for the root."""
    return path.strip("/").replace("/", "-") or "home"


def lighthouse(url: str, out: Path, extra_flags=()) -> dict:
    """One Lighthouse run on the mobile preset; returns its report."""
    flags = " ".join([*CHROME_FLAGS, *extra_flags])
    command = ["node", str(CLI), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(3):  # on a busy machine a DevTools call can time out: run it again
        out.unlink(missing_ok=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if not done.returncode and out.is_file():
            report = json.loads(out.read_text(encoding="utf-8"))
            if not report.get("runtimeError"):
                return report
        print(f"lighthouse failed on {url} (attempt {attempt + 1} of 3)", file=sys.stderr, flush=True)
    raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")


def numbers(report: dict) -> dict:
    """The figures this script reports, from one Lighthouse report."""
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError']}")
    audits = report["audits"]
    scores = {name: category["score"] or 0 for name, category in report["categories"].items()}
    row = {short: round(100 * scores[name]) for name, short in CATEGORIES.items()}
    row["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    row["lcp_s"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    row["tbt_ms"] = audits["total-blocking-time"]["numericValue"]
    # When the page's first frame really reached the screen in this (unthrottled) run. Lighthouse
    # simulates a slow phone from this run's trace: the later this paint, the more of the page's
    # work its simulated LCP includes.
    row["paint_ms"] = audits["metrics"]["details"]["items"][0]["observedFirstContentfulPaint"]
    row["bench"] = report["environment"]["benchmarkIndex"]
    row["kib"] = audits["total-byte-weight"]["numericValue"] / 1024
    row["fcp_s"] = audits["first-contentful-paint"]["numericValue"] / 1000
    row["elements"] = audits["dom-size"]["numericValue"]
    return row


def losses(report: dict) -> list[str]:
    """The weighted audits that cost points, in categories below 100."""
    found = []
    for name, category in report["categories"].items():
        if (category["score"] or 0) >= 1:
            continue
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = f", {audit['displayValue']}" if audit.get("displayValue") else ""
                found.append(f"{CATEGORIES[name]}: {ref['id']} (score {audit['score']:.2f}{value})")
    return found


def misses(row: dict) -> list[str]:
    """The targets a page's row misses."""
    missed = [f"{key} {row[key]} < {target}" for key, target in TARGETS.items() if row[key] < target]
    if row["cls"] > CLS_TARGET:
        missed.append(f"CLS {row['cls']:.2g} > {CLS_TARGET}")
    return missed


FLOOR_ROW = ("{page:22} {perf:>9} {fcp_s:>11} {lcp_s:>11} {tbt_ms:>11} {cls:>11} {elements:>11} {kib:>11}")
FLOOR_DIGITS = {"perf": 0, "fcp_s": 2, "lcp_s": 2, "tbt_ms": 0, "cls": 3, "elements": 0, "kib": 0}


def print_floor_table(rows: dict, chosen: list[str], sides, title: str):
    """Each page's medians so far, ours / the floor's."""
    header = FLOOR_ROW.format(page="page (ours / floor)", perf="perf", fcp_s="FCP s", lcp_s="LCP s",
                              tbt_ms="TBT ms", cls="CLS", elements="elements", kib="KiB")
    print(f"{title}:\n{header}\n{'-' * len(header)}")
    for path in chosen:
        medians = {side: {key: statistics.median(r[key] for r in rows[side, path]) for key in FLOOR_DIGITS}
                   for side in sides}
        cells = {key: "/".join(f"{medians[side][key]:.{digits}f}" for side in sides)
                 for key, digits in FLOOR_DIGITS.items()}
        print(FLOOR_ROW.format(page=page_name(path), **cells), flush=True)


def compare_with_floor(args, site: Path, served_root: Path, deployed: str, prefix: str) -> int:
    """Lighthouse on each page of ours and of the floor, alternating run by run; medians side by side."""
    from floor_site import build_floor

    floor_root = served_root / "floor"
    print("building the floor (plain Material, same Markdown) ...", flush=True)
    build_floor(site, served_root / "floor-sources", floor_root / prefix)
    sites = {"ours": serve(served_root / "ours"), "floor": serve(floor_root)}
    floor_pages = set(pages(floor_root / prefix, deployed))
    chosen = [p for p in pages(site, deployed) if p in floor_pages
              and (not args.words or any(w in page_name(p) for w in args.words))]
    rows = {(side, path): [] for side in sites for path in chosen}
    benches = []
    for run in range(args.runs):
        for path in chosen:
            for side, server in sites.items():
                out = REPORTS / f"{side}-{page_name(path)}-{run + 1}.json"
                report = lighthouse(base_url(server, prefix) + path, out, args.chrome_flag)
                rows[side, path].append(numbers(report))
                benches.append(rows[side, path][-1]["bench"])
        print(f"run {run + 1} of {args.runs} done", flush=True)
        if run + 1 < args.runs:  # a table so far, in case a long comparison is cut short
            print_floor_table(rows, chosen, sites, f"medians of the first {run + 1} runs")
    print_floor_table(rows, chosen, sites, f"medians of {args.runs} runs")
    for server in sites.values():
        server.shutdown()
    print(f"\nmedians of {args.runs} runs, ours and the floor alternating, both served gzipped; "
          f"Lighthouse's benchmark index (median): {statistics.median(benches):.0f}, "
          f"load average {os.getloadavg()[0]:.1f}; reports in {REPORTS.relative_to(ROOT)}/")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", nargs="*", help="only pages whose URL contains one of these words")
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
        chosen = [p for p in pages(site, deployed)
                  if not args.words or any(w in page_name(p) for w in args.words)]
        header = ROW.format(page="page", perf="perf", a11y="a11y", best="best", seo="seo", cls="CLS",
                            lcp_s="LCP s", tbt_ms="TBT ms", paint_ms="paint ms", kib="KiB")
        print(header)
        print("-" * len(header))
        failing, benches = {}, []
        for path in chosen:
            name = page_name(path)
            rows, report = [], None
            for run in range(args.runs):
                report = lighthouse(base + path, REPORTS / f"{name}-{run + 1}.json", args.chrome_flag)
                rows.append(numbers(report))
            benches += [r.pop("bench") for r in rows]
            row = {key: statistics.median(r[key] for r in rows) for key in DIGITS}
            print(ROW.format(page=name, **{key: f"{row[key]:.{DIGITS[key]}f}" for key in DIGITS}), flush=True)
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
