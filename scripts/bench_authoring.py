"""Benchmark the authoring loop: seconds from saving a one-word edit to the served page showing it.

    .venv/bin/python scripts/bench_authoring.py [--runs 5] [--page chain-rule] [-- SERVE ARGS...]

Starts `mkdocs serve` (the README's serve command, with any extra arguments after --) on a free
local port, waits for its first build, then edits one word of docs/PAGE.md --runs times, each time
polling the served page until the new word is in it. The first edit warms the server up and is
left out of the median. The page's source is put back as it was, whatever happens.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).with_name("mkdocs")
POLL_S = 0.05


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while the server is not answering or is mid-build."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(server, url: str, word: str, limit_s: float) -> float:
    """Seconds until the served page contains word; exits when it never does within limit_s."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s:
        if server.poll() is not None:
            sys.exit(f"mkdocs serve stopped (exit {server.returncode}): run it by hand to see why")
        text = fetch(url)
        if text is not None and word in text:
            return time.perf_counter() - start
        time.sleep(POLL_S)
    sys.exit(f"{url} did not show {word!r} within {limit_s:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed edits (after one warm-up edit)")
    parser.add_argument("--page", default="chain-rule", help="the page to edit: docs/PAGE.md")
    parser.add_argument("serve_args", nargs="*", help="extra arguments for mkdocs serve, after --")
    args = parser.parse_args()
    source = ROOT / "docs" / f"{args.page}.md"
    original = source.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/visual-backprop/{args.page}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}", *args.serve_args],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        start = time.perf_counter()
        first = wait_for(server, url, "</html>", 600)
        print(f"first build served after {time.perf_counter() - start:.1f} s ({first:.1f} s polling)")
        for run in range(args.runs + 1):
            word = f"benchword{run}x{os.getpid()}"
            # A one-word paragraph added at the end of the page: the smallest edit an author saves.
            source.write_text(original + f"\n\n{word}\n", encoding="utf-8")
            seconds = wait_for(server, url, word, 120)
            print(f"edit {run}: {seconds:.2f} s" + (" (warm-up, not counted)" if run == 0 else ""),
                  flush=True)
            if run:
                times.append(seconds)
            time.sleep(1)  # let the server settle before the next save
    finally:
        source.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    print(f"median of {len(times)}: {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}); load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
