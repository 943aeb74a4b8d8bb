"""Plane geometry for graph drawings: where a line leaves a card, a box or a pill; arrowheads; tag spots."""

import math

import numpy as np

__all__ = ["outline_point", "box_point", "clip_polyline", "bowed", "arrowhead", "free_spot"]


def _inside(px, py, hw, hh):
    """True when (px, py), relative to the centre, is inside a stadium of half-size (hw, hh)."""
    inner = max(hw - hh, 0.0)
    dx = max(abs(px) - inner, 0.0)
    return dx * dx + py * py <= hh * hh


def outline_point(centre, half, toward, gap=0.0):
    """Where the ray from `centre` toward `toward` leaves a round shape of half-size `half`, plus `gap`.

    A circle has hw == hh; a pill (an op node with a word) has hw > hh and round ends.
    """
    hw, hh = half
    if hw <= 0:
        return centre
    dx, dy = toward[0] - centre[0], toward[1] - centre[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    lo, hi = 0.0, hw + hh
    for _ in range(40):  # bisection on "still inside"
        mid = (lo + hi) / 2
        if _inside(ux * mid, uy * mid, hw, hh):
            lo = mid
        else:
            hi = mid
    reach = lo + gap
    return centre[0] + ux * reach, centre[1] + uy * reach


def box_point(centre, size, toward, gap=4.0):
    """Where the ray from the centre of a box of `size` (w, h) toward `toward` leaves it, plus `gap`."""
    (cx, cy), (w, h) = centre, size
    dx, dy = toward[0] - cx, toward[1] - cy
    reach_x = (w / 2 + gap) / abs(dx) if dx else float("inf")
    reach_y = (h / 2 + gap) / abs(dy) if dy else float("inf")
    scale = min(reach_x, reach_y)
    return cx + dx * scale, cy + dy * scale


def _exit(points, half, gap):
    """`points` (leaving the shape centred at points[0]) cut where they cross its outline, plus `gap`."""
    cx, cy = points[0]
    hw, hh = half
    if hw <= 0:
        return list(points)
    k = 1
    while k < len(points) - 1 and _inside(points[k][0] - cx, points[k][1] - cy, hw + gap, hh + gap):
        k += 1
    (ax, ay), (bx, by) = points[k - 1], points[k]
    lo, hi = 0.0, 1.0
    for _ in range(40):  # bisection along the segment that crosses the outline
        mid = (lo + hi) / 2
        if _inside(ax + (bx - ax) * mid - cx, ay + (by - ay) * mid - cy, hw + gap, hh + gap):
            lo = mid
        else:
            hi = mid
    return [(ax + (bx - ax) * hi, ay + (by - ay) * hi), *points[k:]]


def clip_polyline(points, start_half, end_half, gap=(1.0, 2.0)):
    """`points`, from the centre of one shape to the centre of another, cut to run outline to outline."""
    pts = _exit([tuple(p) for p in points], start_half, gap[0])
    return _exit(pts[::-1], end_half, gap[1])[::-1]


def bowed(start, end, offset, samples=12):
    """A quadratic curve from `start` to `end` bulging `offset` px to the side (straight when 0)."""
    if not offset:
        return [start, end]
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    qx, qy = (x0 + x1) / 2 + 2 * offset * nx, (y0 + y1) / 2 + 2 * offset * ny
    ts = [i / samples for i in range(samples + 1)]
    return [((1 - t) ** 2 * x0 + 2 * (1 - t) * t * qx + t * t * x1,
             (1 - t) ** 2 * y0 + 2 * (1 - t) * t * qy + t * t * y1) for t in ts]


def arrowhead(tail, tip, size):
    """The three corners of a filled arrowhead pointing from `tail` to `tip`."""
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    w = size * 0.45
    return [tip, (bx - uy * w, by + ux * w), (bx + uy * w, by - ux * w)]


def free_spot(size, anchor, blockers, bounds, reach=(150, 120), step=6):
    """Centre and box of a size (w, h) label near `anchor` covering as few `blockers` as possible.

    blockers are boxes [x0, y0, x1, y1]; bounds is (x0, y0, x1, y1), which the label must stay
    inside. The cost is the covered area (heavily weighted) plus the distance from the anchor,
    searched on a grid, so the same inputs always give the same spot.
    """
    w, h = size
    xs = np.arange(-reach[0], reach[0] + 1, step, dtype=float)
    ys = np.arange(-reach[1], reach[1] + 1, step, dtype=float)
    dx, dy = np.meshgrid(xs, ys)
    cx, cy = anchor[0] + dx.ravel(), anchor[1] + dy.ravel()
    x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
    cost = np.hypot(dx.ravel(), dy.ravel())
    if blockers:
        b = np.asarray(blockers, dtype=float)
        ix = np.clip(np.minimum(x1[:, None], b[None, :, 2]) - np.maximum(x0[:, None], b[None, :, 0]), 0, None)
        iy = np.clip(np.minimum(y1[:, None], b[None, :, 3]) - np.maximum(y0[:, None], b[None, :, 1]), 0, None)
        cost += 30.0 * (ix * iy).sum(axis=1)
    left, top, right, bottom = bounds
    spill = (
        np.clip(left - x0, 0, None)
        + np.clip(x1 - right, 0, None)
        + np.clip(top - y0, 0, None)
        + np.clip(y1 - bottom, 0, None)
    )
    cost += 1e5 * spill
    best = int(np.argmin(cost))
    return (float(cx[best]), float(cy[best])), [
        float(x0[best]),
        float(y0[best]),
        float(x1[best]),
        float(y1[best]),
    ]
