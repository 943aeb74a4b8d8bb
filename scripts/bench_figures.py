"""Benchmark the figure build; prints medians, sizes, and each GIF against `gifsicle -O3`.

    python scripts/bench_figures.py [--runs N] [--jobs N]

Cold: every figure rendered from scratch into a fresh cache (median of --runs).
Warm: the check the MkDocs hook makes before each build when nothing changed
(median of 7). Then, from the last cold build: figures, frames, GIF bytes,
each GIF against gifsicle -O3 on the same file, and the player atlases against
their GIFs. Targets: warm < 1 s, cold < 60 s on 2 cores, no GIF > 400 KB.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "scripts" / "build_figures.py"


def _hook():
    sys.path.insert(0, str(ROOT / "hooks"))  # as MkDocs loads a hook: by file name, from its folder
    import figures

    return figures


def cold(runs, jobs, keep):
    """Wall-clock seconds of full builds, and CPU seconds (user + system) of all their processes."""
    times, cpu = [], []
    for run in range(runs):
        cache = keep if run == runs - 1 else Path(tempfile.mkdtemp(prefix="figures-bench-"))
        shutil.rmtree(cache, ignore_errors=True)
        start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [sys.executable, str(BUILD), "--cache", str(cache), "--jobs", str(jobs)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode:
            sys.exit(f"the figure build failed:\n{done.stderr}")
        if cache != keep:
            shutil.rmtree(cache, ignore_errors=True)
    return times, cpu


def warm(cache, runs=7):
    hook = _hook()
    hook._cache[0] = cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        hook.on_pre_build(config=None)
        times.append(time.perf_counter() - start)
    return times


def gifsicle_size(path):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "o.gif"
        subprocess.run(["gifsicle", "-O3", str(path), "-o", str(out)], check=True)
        return out.stat().st_size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="figures-bench-last-"))
    try:
        cold_times, cpu = cold(args.runs, args.jobs, cache)
        warm_times = warm(cache)
        metas = [json.loads(p.read_text()) for p in sorted(cache.glob("*/*/meta.json"))]
        frames = sum(m.get("frames", 1) for m in metas)
        animations = [m for m in metas if m["kind"] == "animation"]
        print(f"cold build, {args.jobs} jobs: median {statistics.median(cold_times):.1f} s "
              f"(runs: {', '.join(f'{t:.1f}' for t in cold_times)})")
        print(f"cold build CPU (user + system, all processes): median {statistics.median(cpu):.1f} s, "
              f"about {statistics.median(cpu) / args.jobs:.1f} s of wall time on {args.jobs} idle cores")
        print(f"warm no-change check (hook): median {statistics.median(warm_times) * 1000:.0f} ms")
        print(f"figures: {len(metas)} ({len(animations)} animations), frames: {frames} per variant, "
              f"{frames * 4} rendered")
        rows, total, largest = [], 0, (0, "")
        worst_ratio, atlas_worst = 0.0, 0.0
        for meta in animations:
            folder = cache / meta["name"]
            for variant in sorted(meta["sizes"]):
                gif = folder / f"{variant}.gif"
                size, best = gif.stat().st_size, gifsicle_size(gif)
                atlas = (folder / f"{variant}-atlas.png").stat().st_size
                total += size
                largest = max(largest, (size, f"{meta['name']} {variant}"))
                worst_ratio = max(worst_ratio, size / best)
                atlas_worst = max(atlas_worst, atlas / size)
                label = f"{meta['name']} {variant}"
                rows.append(f"  {label:<48} {size / 1024:7.1f} KB  gifsicle -O3 {best / 1024:7.1f} KB  "
                            f"{100 * (size / best - 1):+5.1f} %  atlas {atlas / size:4.2f}x")
        print(f"GIFs: {len(rows)}, total {total / 1024:.0f} KB, "
              f"largest {largest[0] / 1024:.0f} KB ({largest[1]})")
        print(f"worst GIF vs gifsicle -O3: {100 * (worst_ratio - 1):+.1f} %; "
              f"worst atlas/GIF: {atlas_worst:.2f}x")
        print("\n".join(rows))
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
