"""Where a page's main thread spends its time while it loads: a Chromium performance trace of one
page with the CPU slowed as on Lighthouse's mobile preset (4x), summed by kind of work and by function.

    .venv/bin/python scripts/profile_page.py local-gradients            # the built site in site/
    .venv/bin/python scripts/profile_page.py --site /tmp/floor home      # another build
    .venv/bin/python scripts/profile_page.py --save trace.json softmax   # keep the trace for DevTools

It prints the long tasks (over 50 ms, the part over 50 ms being Lighthouse's blocking time), the main
thread's time by kind (script by file, style, layout, paint, parsing) and the functions that spent the
most time themselves, from the trace's sampling profile. A measuring tool: one run, on a shared
machine, varies; compare two pages or two builds run after one another.
"""

import argparse
import collections
import functools
import http.server
import json
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ",".join(["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8",
                       "disabled-by-default-v8.cpu_profiler",
                       "disabled-by-default-devtools.timeline.stack", "blink", "loading", "toplevel"])
KINDS = {"UpdateLayoutTree": "style", "RecalculateStyles": "style", "Layout": "layout", "Paint": "paint",
         "PrePaint": "paint", "Layerize": "paint", "ParseHTML": "parse HTML",
         "ParseAuthorStyleSheet": "parse CSS",
         "EvaluateScript": "script", "v8.compile": "script", "FunctionCall": "script",
         "EventDispatch": "script", "TimerFire": "script", "FireAnimationFrame": "script",
         "v8.evaluateModule": "script", "RunMicrotasks": "script"}
LONG_TASK_MS = 50
# "dur" is wall time; "tdur" is the thread's own CPU time, which a busy machine hardly changes.
CLOCK = {"wall": "dur", "cpu": "tdur"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path, prefix: str) -> http.server.ThreadingHTTPServer:
    """The site under its deployed path prefix on 127.0.0.1."""
    root = Path(tempfile.mkdtemp(prefix="profile-"))
    (root / prefix).parent.mkdir(parents=True, exist_ok=True)
    (root / prefix).symlink_to(site.resolve())
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def record(url: str, throttle: float, settle_ms: int) -> list[dict]:
    """The trace events of one load of url, CPU slowed throttle times, on a phone-sized page."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 412, "height": 823}, device_scale_factor=1.75)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        chunks, done = [], threading.Event()
        cdp.on("Tracing.dataCollected", lambda data: chunks.extend(data["value"]))
        cdp.on("Tracing.tracingComplete", lambda _: done.set())
        cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
        page.goto(url, wait_until="load")
        page.wait_for_timeout(settle_ms)
        cdp.send("Tracing.end")
        while not done.is_set():
            page.wait_for_timeout(100)
        browser.close()
    return chunks


def main_thread(events: list[dict]) -> tuple[int, int]:
    """(pid, tid) of the renderer main thread that did the most top-level work."""
    mains = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
             and e["args"].get("name") == "CrRendererMain"}
    busy = collections.Counter()
    for e in events:
        if (e.get("pid"), e.get("tid")) in mains and e.get("name") == "RunTask" and "dur" in e:
            busy[e["pid"], e["tid"]] += e["dur"]
    if not busy:
        sys.exit("the trace has no renderer main thread with tasks")
    return busy.most_common(1)[0][0]


def by_kind(events: list[dict], thread, clock="dur") -> collections.Counter:
    """Milliseconds of each kind of work, outermost events only (a script's own layout counts once,
    as layout); script is split by the file it ran from."""
    spans = sorted((e for e in events if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X"
                    and e.get("name") in KINDS and clock in e), key=lambda e: (e["ts"], -e["dur"]))
    totals, stack = collections.Counter(), []
    for e in spans:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
            stack.pop()
        kind = KINDS[e["name"]]
        label = kind
        if kind == "script":
            data = e.get("args", {}).get("data", {})
            source = data.get("url") or data.get("scriptName") or ""
            label = f"script {Path(urlsplit(source).path).name or '?'}"
        parent = stack[-1] if stack else None
        if parent is None or KINDS[parent["name"]] != "script" or kind != "script":
            totals[label] += e[clock] / 1000
            if parent is not None:  # time inside a script spent on style or layout belongs to them
                totals[parent["label"]] -= e[clock] / 1000
        e["label"] = label if parent is None or kind != "script" else parent["label"]
        stack.append(e)
    return totals


def self_times(events: list[dict], thread) -> collections.Counter:
    """Milliseconds each function spent itself, from the sampling profile in the trace."""
    profiles = {e.get("id") for e in events if e.get("name") == "Profile" and (e["pid"], e["tid"]) == thread}
    nodes, samples, deltas = {}, [], []
    for e in events:
        if e.get("name") != "ProfileChunk" or e.get("pid") != thread[0] or e.get("id") not in profiles:
            continue
        data = e["args"]["data"].get("cpuProfile", {})
        for node in data.get("nodes", []):
            frame = node["callFrame"]
            where = Path(urlsplit(frame.get("url", "")).path).name
            nodes[node["id"]] = f"{frame.get('functionName') or '(anonymous)'} {where}".strip()
        samples += data.get("samples", [])
        deltas += e["args"]["data"].get("timeDeltas", [])
    totals = collections.Counter()
    for node, delta in zip(samples[1:], deltas[1:], strict=False):
        totals[nodes.get(node, "?")] += delta / 1000
    return totals


def forced_layouts(events: list[dict], thread) -> list[tuple[float, str]]:
    """Style and layout that a script forced (it read a size while the page was dirty): milliseconds
    and the script frames that asked, innermost first."""
    found = []
    for e in events:
        if (e.get("pid"), e.get("tid")) != thread or e.get("name") not in ("Layout", "UpdateLayoutTree"):
            continue
        args = e.get("args", {})
        stack = (args.get("beginData") or {}).get("stackTrace") or (args.get("data") or {}).get("stackTrace")
        if stack and e.get("dur", 0) >= 1000:
            frames = [f"{f.get('functionName') or '(anonymous)'}@{Path(urlsplit(f.get('url', '')).path).name}"
                      f":{f.get('columnNumber')}" for f in stack[:4]]
            found.append((e["dur"] / 1000, f"{e['name']} from {' < '.join(frames)}"))
    return sorted(found, reverse=True)


def long_tasks(events: list[dict], thread, clock="dur") -> list[float]:
    """The top-level tasks over LONG_TASK_MS, longest first (ms)."""
    return sorted((e[clock] / 1000 for e in events if (e.get("pid"), e.get("tid")) == thread
                   and e.get("name") == "RunTask" and e.get(clock, 0) / 1000 > LONG_TASK_MS), reverse=True)


def total_ms(events: list[dict], thread, clock="dur") -> float:
    """All the main thread's top-level task time (ms)."""
    return sum(e.get(clock, 0) for e in events if (e.get("pid"), e.get("tid")) == thread
               and e.get("name") == "RunTask") / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="the page's path, e.g. local-gradients ('home' for the root)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (default: site/)")
    parser.add_argument("--throttle", type=float, default=4, help="CPU slow-down factor (default 4)")
    parser.add_argument("--settle", type=int, default=3000, help="ms to keep tracing after load")
    parser.add_argument("--top", type=int, default=15, help="how many functions to list")
    parser.add_argument("--clock", choices=CLOCK, default="wall",
                        help="wall time, or the main thread's CPU time (steadier on a busy machine; "
                             "use with --throttle 1)")
    parser.add_argument("--save", type=Path, help="write the trace here (open it in DevTools' Performance)")
    args = parser.parse_args()
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as stream:
        prefix = urlsplit(yaml_load(stream)["site_url"]).path.strip("/")
    server = serve(args.site, prefix)
    path = "" if args.page == "home" else args.page.strip("/") + "/"
    events = record(f"http://127.0.0.1:{server.server_port}/{prefix}/{path}", args.throttle, args.settle)
    server.shutdown()
    if args.save:
        args.save.write_text(json.dumps({"traceEvents": events}), encoding="utf-8")
    thread = main_thread(events)
    clock = CLOCK[args.clock]
    tasks = long_tasks(events, thread, clock)
    print(f"{args.page}, CPU {args.throttle:g}x slower, {args.clock} time: main thread busy "
          f"{total_ms(events, thread, clock):.0f} ms; "
          f"long tasks (ms): {', '.join(f'{t:.0f}' for t in tasks)}; "
          f"blocking {sum(t - LONG_TASK_MS for t in tasks):.0f} ms")
    print("\nmain thread by kind (ms):")
    for label, ms in by_kind(events, thread, clock).most_common():
        if ms >= 1:
            print(f"  {ms:8.0f}  {label}")
    print("\nstyle and layout forced by a script (ms):")
    for ms, where in forced_layouts(events, thread)[:8]:
        print(f"  {ms:8.0f}  {where}")
    print(f"\nfunctions by self time (ms, top {args.top}):")
    for name, ms in self_times(events, thread).most_common(args.top):
        print(f"  {ms:8.0f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
