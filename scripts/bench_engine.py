"""Benchmark: build and backward() on a chain 100,000 nodes deep; prints medians over runs."""

import statistics
import time

from visual_backprop.engine import Value


def chain(depth):
    """x -> tanh(x) * 1.0 + 0.0 ... depth times; 4 nodes per level."""
    x = Value(0.1, "x")
    v = x
    for _ in range(depth):
        v = v.tanh() * 1.0 + 0.0
    return x, v


def main(depth=100_000, runs=5):
    build, backward = [], []
    for _ in range(runs):
        start = time.perf_counter()
        x, out = chain(depth)
        built = time.perf_counter()
        out.backward()
        done = time.perf_counter()
        build.append(built - start)
        backward.append(done - built)
    nodes = 1 + 4 * depth
    print(f"chain depth {depth:,} ({nodes:,} nodes), {runs} runs")
    print(f"  forward build  median {statistics.median(build):.3f} s  "
          f"(min {min(build):.3f}, max {max(build):.3f})")
    print(f"  backward()     median {statistics.median(backward):.3f} s  "
          f"(min {min(backward):.3f}, max {max(backward):.3f}), "
          f"{statistics.median(backward) / nodes * 1e6:.2f} µs per node")
    print(f"  dout/dx = {x.grad:.6g}")


if __name__ == "__main__":
    main()
