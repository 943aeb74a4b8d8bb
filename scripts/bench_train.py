"""The training playground's speed and weight: epochs per second while playing, one redraw, and bytes.

    python scripts/bench_train.py [--site DIR] [--seconds 5] [--redraws 40]

Serves a built site (default site/, from `scripts/dev build`) and opens docs/train.md's page in
Debian's Chromium at desktop width. For the largest network (6 hidden layers of 8) and for 2-4-1 it
presses Play, lets it train for `seconds` with every view redrawn each frame, and prints the epochs
per second and the frames per second (goals: at least 30 and 200 epochs a second). Then it times
`redraws` redraws of all four views (the edge switch redraws them all, synchronously) and prints the
median (goal: at most 16 ms). Last, every file the page loads beyond the theme, raw and gzipped,
split into the playground's own and the modules it shares with the explorer.
"""

import argparse
import gzip
import statistics
import sys
from pathlib import Path

from bench_explorer import CHROMIUM, serve
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
NETWORKS = {  # name -> (address, goal in epochs per second)
    "6x8 tanh": ("#data=circles&layers=8,8,8,8,8,8&act=tanh&lr=0.1&seed=1&epoch=0", 30),
    "2-4-1 tanh": ("#data=moons&layers=4&act=tanh&lr=0.1&seed=1&epoch=0", 200),
}
REDRAW_GOAL_MS = 16

# Runs in the page: Play for `seconds`, counting frames; returns [epochs, seconds, frames].
PLAY = """async (seconds) => {
  const loss = document.getElementById('vbt-loss'), play = document.querySelector('.vbt__play');
  let frames = 0, counting = true;
  const count = () => counting && (frames++, requestAnimationFrame(count));
  const before = Number(loss.dataset.epoch), start = performance.now();
  play.click();
  requestAnimationFrame(count);
  await new Promise((done) => setTimeout(done, seconds * 1000));
  play.click();
  counting = false;
  return [Number(loss.dataset.epoch) - before, (performance.now() - start) / 1000, frames];
}"""

# Runs in the page: `count` redraws of every view, each timed; returns the times in ms.
REDRAW = """async (count) => {
  const toggle = document.getElementById('vbt-gradients'), out = [];
  for (let k = 0; k < count; k++) {
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const start = performance.now();
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event('change'));
    out.push(performance.now() - start);
  }
  return out;
}"""


def measure(site: Path, seconds: float, redraws: int):
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    speeds, redraw_ms, loaded = {}, {}, set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.on("request", lambda request: loaded.add(request.url[len(base) :]))
        for name, (address, _) in NETWORKS.items():
            tab.goto("about:blank")
            tab.goto(f"{base}train/{address}", wait_until="load")
            tab.wait_for_function("document.getElementById('vbt')?.dataset.started === 'true'")
            speeds[name] = tab.evaluate(PLAY, seconds)
            redraw_ms[name] = statistics.median(tab.evaluate(REDRAW, redraws))
        browser.close()
    server.shutdown()
    return speeds, redraw_ms, sorted(url for url in loaded if url.startswith("javascripts/"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (default site/)")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--redraws", type=int, default=40)
    args = parser.parse_args(argv)
    if not (args.site / "train" / "index.html").is_file():
        sys.exit(f"bench_train: no playground page in {args.site}; run scripts/dev build first")
    speeds, redraw_ms, files = measure(args.site, args.seconds, args.redraws)
    print(
        f"{'network':12} {'epochs/s':>9} {'goal':>5} {'frames/s':>9} {'redraw ms':>10}   (redraw: median of "
        f"{args.redraws}, goal {REDRAW_GOAL_MS})"
    )
    for name, (epochs, elapsed, frames) in speeds.items():
        print(
            f"{name:12} {epochs / elapsed:>9.0f} {NETWORKS[name][1]:>5} {frames / elapsed:>9.1f} "
            f"{redraw_ms[name]:>10.2f}"
        )
    print(f"\n{'file the page loads':40} {'bytes':>7} {'gzip -9':>8}")
    totals = {"own": [0, 0], "shared": [0, 0]}
    for url in files:
        data = (args.site / url.split("?")[0]).read_bytes()
        raw, packed = len(data), len(gzip.compress(data, 9))
        kind = "shared" if url.startswith("javascripts/explorer/") else "own"
        if url.startswith(("javascripts/train/", "javascripts/explorer/")):
            totals[kind][0] += raw
            totals[kind][1] += packed
            print(f"{url:40} {raw:>7,} {packed:>8,}   {kind}")
    for kind, (raw, packed) in totals.items():
        print(f"{'total, ' + kind:40} {raw:>7,} {packed:>8,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
