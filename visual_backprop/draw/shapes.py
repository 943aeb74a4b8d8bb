"""Plane geometry for graph drawings: where a line meets a card or an op pill, arrowheads, tag spots."""

import math

import numpy as np

__all__ = ["outline_point", "clip_polyline", "arrowhead", "free_spot"]


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


def clip_polyline(points, start_half, end_half, gap=(1.0, 2.0)):
    """`points` shortened to start on the outline of its first shape and end on its last."""
    pts = [tuple(p) for p in points]
    pts[0] = outline_point(pts[0], start_half, pts[1], gap[0])
    pts[-1] = outline_point(pts[-1], end_half, pts[-2], gap[1])
    return pts


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
