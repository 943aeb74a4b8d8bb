"""The explorer's speed and weight: edit -> redrawn SVG for a 10- and a 50-node graph, and its bytes.

    python scripts/bench_explorer.py [--site DIR] [--edits 30]

Serves a built site (default site/, from `scripts/dev build`) and opens its explorer page in
Debian's Chromium at desktop width. For each graph it makes `edits` edits of one variable's value,
and `edits` edits of the expression's text (a constant changed, so the graph keeps its size), and
prints the median time from the edit to the updated SVG (the page's synchronous work: parse,
engine, trace, captions, layout, SVG) and to the next frame on screen. Target: under 16 ms at 50
nodes. Then the size of every file the explorer adds, raw and gzipped (level 9 and 6), against its
30 KB budget.
"""

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import threading
import typing
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
BUDGET = 30 * 1024
GRAPHS = {  # name -> (expression, the variable edited, the constant edited in the text)
    "10 nodes": ("tanh(a*b + b) / max(a, 0.5) - a^2", "a", "0.5"),
    "50 nodes": (" + ".join(f"tanh(w{i}*x + c{i})" for i in range(8)) + " * 2", "x", "2"),
}

# Runs in the page: `edits` edits, each timed to the end of its input handler and to the next frame.
EDITS = """async ([selector, texts]) => {
  const field = document.querySelector(selector), out = [];
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  for (const text of texts) {
    await frame();
    const start = performance.now();
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    const drawn = performance.now();
    await frame();
    out.push([drawn - start, performance.now() - start]);
  }
  return out;
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map: typing.ClassVar = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                       ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def serve(site: Path):
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


CARDS = "document.querySelectorAll('#vbx .vbx__graph text[font-weight=bold]').length"  # one per value


def timings(site: Path, edits: int):
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/playground/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        tab = browser.new_page(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
        for name, (expr, variable, constant) in GRAPHS.items():
            tab.goto("about:blank")  # a fresh load: a new hash alone would be read later, on hashchange
            tab.goto(f"{base}#expr={quote(expr, safe='')}&step=1", wait_until="load")
            tab.wait_for_function("document.querySelectorAll('#vbx tbody tr').length > 0")
            values = [f"{0.5 + 0.01 * k:g}" for k in range(edits)]
            by_value = tab.evaluate(EDITS, [f"#vbx-var-{variable}", values])
            shown = tab.evaluate("document.querySelector('#vbx tbody th + td').dataset.value")
            if name == "10 nodes" and float(shown) != float(values[-1]):  # its first row is the edited one
                sys.exit(f"bench_explorer: the table shows {variable} = {shown}, not {values[-1]}")
            texts = [expr.replace(f" {constant}", f" {float(constant) + 0.001 * (k + 1):g}", 1)
                     for k in range(edits)]
            by_text = tab.evaluate(EDITS, ["#vbx-expression", texts])
            count = tab.evaluate(CARDS)
            for kind, found in (("value", by_value), ("expression", by_text)):
                rows.append((name, count, kind, statistics.median(t[0] for t in found),
                             statistics.median(t[1] for t in found)))
        browser.close()
    server.shutdown()
    return rows


def sizes():
    scripts = sorted((ROOT / "docs/javascripts/explorer").glob("*.js"))
    files = [*scripts, ROOT / "docs/stylesheets/explorer.css"]
    out = []
    for path in files:
        data = path.read_bytes()
        out.append((path.relative_to(ROOT / "docs"), len(data), len(gzip.compress(data, 9)),
                    len(gzip.compress(data, 6))))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (default site/)")
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args(argv)
    if not (args.site / "playground" / "index.html").is_file():
        sys.exit(f"bench_explorer: no explorer page in {args.site}; run scripts/dev build first")
    print(f"{'graph':10} {'values':>6} {'edit':10} {'to SVG ms':>9} {'to frame ms':>11}"
          f"   (median of {args.edits})")
    rows = timings(args.site, args.edits)
    for name, count, kind, to_svg, to_frame in rows:
        print(f"{name:10} {count:>6} {kind:10} {to_svg:>9.2f} {to_frame:>11.2f}")
    small = {kind: svg for name, _, kind, svg, _ in rows if name == "10 nodes"}
    for name, _, kind, svg, _ in rows:
        if name == "50 nodes":
            print(f"50 / 10 nodes, {kind} edits: {svg / small[kind]:.1f}x")
    print(f"\n{'file':36} {'bytes':>7} {'gzip -9':>8} {'gzip -6':>8}")
    found = sizes()
    for path, raw, nine, six in found:
        print(f"{path!s:36} {raw:>7,} {nine:>8,} {six:>8,}")
    total9, total6 = sum(f[2] for f in found), sum(f[3] for f in found)
    print(f"{'total':36} {sum(f[1] for f in found):>7,} {total9:>8,} {total6:>8,}   budget {BUDGET:,} "
          f"({100 * total6 / BUDGET:.0f} % at gzip -6)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
