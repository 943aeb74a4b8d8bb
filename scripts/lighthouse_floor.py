"""Our pages against the plain-Material floor: Lighthouse runs alternating side by side, medians compared."""

import os
import statistics
from pathlib import Path

from lighthouse_figures import named, numbers, page_name, print_floor_table
from lighthouse_runs import REPORTS, ROOT, lighthouse, pages
from lighthouse_serve import base_url, serve


def compare_with_floor(args, site: Path, served_root: Path, deployed: str, prefix: str) -> int:
    """Lighthouse on each page of ours and of the floor, alternating run by run; medians side by side."""
    from floor_site import build_floor

    floor_root = served_root / "floor"
    print("building the floor (plain Material, same Markdown) ...", flush=True)
    build_floor(site, served_root / "floor-sources", floor_root / prefix)
    sites = {"ours": serve(served_root / "ours"), "floor": serve(floor_root)}
    floor_pages = set(pages(floor_root / prefix, deployed))
    chosen = [p for p in pages(site, deployed) if p in floor_pages and named(p, args.words)]
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
