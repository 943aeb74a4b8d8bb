"""A live figure's speed and weight: press to live figure, edit to redraw, and the bytes a press loads.

    python scripts/bench_live.py [--site DIR] [--runs 15] [--edits 30]

Serves a built site (default site/, from `scripts/dev build`) and opens a page in Debian's Chromium
at desktop width. Time to live figure: from the press of "Change the inputs" to the first frame
that shows the browser's drawing, with a warm cache (the first press of the run only fills the
cache and is not counted); median of `runs` page loads. Target: under 150 ms. Edit to redraw: one
field changed, to the end of its input handler and to the next frame, on the largest live figure
and on the explorer page's 50-node graph, which runs the same widget. Target: under 16 ms at 50
nodes. Then every file the press loaded, raw and gzipped, and which of them the explorer page
loads too.
"""

import argparse
import gzip
import statistics
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

from bench_explorer import CHROMIUM, EDITS, serve
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {"accumulation/": "accumulation/two-paths", "local-gradients/": "local-gradients/neuron-gates"}
LIVE_ONLY = ("live.js", "live.css")  # the rest of explorer/ is the explorer page's code too
FIFTY = " + ".join(f"tanh(w{i}*x + c{i})" for i in range(8)) + " * 2"  # bench_explorer.py's 50 nodes

# Runs in the page: presses the control, resolves at the first frame after the drawing is in.
PRESS = """async (name) => {
  const figure = document.querySelector(`figure[data-vb-figure="${name}"]`);
  const start = performance.now();
  figure.querySelector('.vb-figure__live').click();
  while (figure.dataset.vbLive !== 'true') await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
  return performance.now() - start;
}"""


def open_figure(tab, url, name):
    tab.goto(url, wait_until="load")
    figure = f'figure[data-vb-figure="{name}"]'
    tab.locator(figure).scroll_into_view_if_needed()
    tab.wait_for_function(f"document.querySelector('{figure} canvas')?.dataset.step !== undefined")


def press_times(tab, base, runs):
    page, name = "accumulation/", FIGURES["accumulation/"]
    times, loaded = [], []
    for run in range(runs + 1):
        requests = []

        def note(request, requests=requests):
            requests.append(request)

        tab.on("request", note)
        open_figure(tab, base + page, name)
        before = len(requests)
        took = tab.evaluate(PRESS, name)
        tab.remove_listener("request", note)
        if run == 0:
            loaded = [urlsplit(r.url).path for r in requests[before:]]
        else:
            times.append(took)
    return times, loaded


def edit_times(tab, base, edits):
    page = "local-gradients/"
    name = FIGURES[page]
    open_figure(tab, base + page, name)
    tab.evaluate(PRESS, name)
    field = f'figure[data-vb-figure="{name}"] .vbx__variable input'
    values = [f"{0.5 + 0.01 * k:g}" for k in range(edits)]
    live = tab.evaluate(EDITS, [field, values])
    labels = f'figure[data-vb-figure="{name}"] .vbx__graph text[font-weight=bold]'
    count = tab.evaluate("(s) => document.querySelectorAll(s).length", labels)
    tab.goto("about:blank")
    tab.goto(f"{base}playground/#expr={quote(FIFTY, safe='')}&step=1", wait_until="load")
    tab.wait_for_function("document.querySelectorAll('#vbx tbody tr').length > 0")
    fifty = tab.evaluate(EDITS, ["#vbx-var-x", values])
    return [(f"live figure {name}", count, live), ("explorer widget, 50 nodes", 50, fifty)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (default site/)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args(argv)
    if not (args.site / "figures" / FIGURES["accumulation/"] / "live.json").is_file():
        sys.exit(f"bench_live: no live figure data in {args.site}; run scripts/dev build first")
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        tab = browser.new_page(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
        times, loaded = press_times(tab, base, args.runs)
        edits = edit_times(tab, base, args.edits)
        browser.close()
    server.shutdown()
    print(f"press to live figure: median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f}, max {max(times):.1f} (of {len(times)}; target < 150 ms)")
    for what, count, found in edits:
        to_svg, to_frame = (statistics.median(t[k] for t in found) for k in (0, 1))
        print(f"edit to redraw, {what} ({count} values): to SVG {to_svg:.2f} ms, to frame {to_frame:.2f} ms "
              f"(median of {len(found)}; target < 16 ms)")
    print(f"\n{'loaded on press':52} {'bytes':>7} {'gzip -6':>8}  shared with the explorer")
    total = gzipped = shared = 0
    for path in sorted(set(loaded)):
        data = (args.site / path.lstrip("/")).read_bytes()
        packed = len(gzip.compress(data, 6))
        both = path.endswith("explorer.css") or ("/explorer/" in path and not path.endswith(LIVE_ONLY))
        total, gzipped, shared = total + len(data), gzipped + packed, shared + (packed if both else 0)
        print(f"{path:52} {len(data):>7,} {packed:>8,}  {'yes' if both else ''}")
    print(f"{'total':52} {total:>7,} {gzipped:>8,}  {shared:,} of it shared with the explorer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
