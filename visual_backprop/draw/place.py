"""Pixel geometry of a layered graph: where each card, op node and edge goes, wide or narrow.

Wide figures run left to right; when the ranks do not fit in the image width they are
cut into bands stacked top to bottom, at the cuts crossed by the fewest edges,
and an edge between bands follows the free channels between ranks. Narrow
figures run top to bottom. Everything is in pixels of the final image.
"""

import itertools
from dataclasses import dataclass

from .shapes import bowed

__all__ = ["Geometry", "Placement", "place"]


@dataclass(frozen=True)
class Geometry:
    """Sizes of one layout, in px."""

    width: int
    card: int  # value card diameter
    op: int  # op node height (and diameter when round)
    pitch: int  # centre to centre along a rank
    min_gap: int  # between ranks
    max_gap: int
    band_gap: int  # between bands
    margin: int

    @classmethod
    def for_theme(cls, theme):
        """The sizes for `theme`'s layout, as wide as its images (theme.width)."""
        if theme.narrow:
            return cls(theme.width, card=64, op=28, pitch=82, min_gap=20, max_gap=24, band_gap=30, margin=8)
        return cls(theme.width, card=70, op=30, pitch=86, min_gap=24, max_gap=96, band_gap=34, margin=10)


@dataclass(frozen=True)
class Placement:
    """Centres and half-sizes of elements, edge polylines, and the graph's extent."""

    centers: dict  # element -> (x, y)
    half: dict  # element -> (half width, half height); (0, 0) for dummies
    routes: dict  # (source, target, slot) -> polylines from the input to the op node
    outputs: dict  # value id -> the polyline from its op node to it
    size: tuple  # (width, height) of the graph area
    direction: str  # "lr" or "tb"


def _thickness(layout, geo, op_widths):
    out = []
    for rank in layout.ranks:
        kinds = {layout.kind[e] for e in rank}
        if "value" in kinds:
            out.append(geo.card)
        elif "op" in kinds:
            out.append(max(op_widths.get(e, geo.op) for e in rank if layout.kind[e] == "op"))
        else:
            out.append(8)
    return out


def _crossing_counts(layout):
    """Edges crossing the boundary between rank i and i+1, for each i."""
    counts = [0] * max(len(layout.ranks) - 1, 0)
    for _, _, _, chain in layout.edges:
        for a, b in itertools.pairwise(chain):
            lo, hi = sorted((layout.rank_of[a], layout.rank_of[b]))
            for i in range(lo, hi):
                counts[i] += 1
    return counts


def _bands(thickness, gap, room, crossings, allowed):
    """Split ranks into consecutive bands that each fit in `room`: fewest bands, then fewest crossings.

    A band may start only at a rank in `allowed`, so an op node stays beside its value.
    """
    n = len(thickness)

    def length(i, j):
        return sum(thickness[i:j]) + gap * (j - i - 1)

    best = {0: (0, 0, 0, None)}  # end -> (bands, crossings, worst length, previous end)
    for j in range(1, n + 1):
        options = []
        for i, (bands, crossed, worst, _) in best.items():
            if i < j and length(i, j) <= room and (i == 0 or i in allowed):
                cut = crossings[i - 1] if i > 0 else 0
                options.append((bands + 1, crossed + cut, max(worst, length(i, j)), i))
        if options:
            best[j] = min(options)
    if n not in best:
        return None
    cuts, j = [], n
    while j:
        i = best[j][3]
        cuts.append((i, j))
        j = i
    return cuts[::-1]


def place(layout, geo, direction, op_widths):
    """Pixel centres for `layout` flowing `direction` ('lr' or 'tb'); None if 'lr' cannot fit."""
    # Along the flow an op pill takes its width left to right, but only its height top to bottom.
    thickness = _thickness(layout, geo, op_widths if direction == "lr" else {})
    room = geo.width - 2 * geo.margin
    half = {}
    for e, kind in layout.kind.items():
        if kind == "value":
            half[e] = (geo.card / 2, geo.card / 2)
        elif kind == "op":
            w = op_widths.get(e, geo.op)
            half[e] = (w / 2, geo.op / 2)
        else:
            half[e] = (0.0, 0.0)
    if direction == "lr":
        gap = geo.max_gap
        bands = None
        allowed = {
            r
            for r, rank in enumerate(layout.ranks)
            if not any(
                layout.kind[e] == "value"
                and layout.kind.get(e + ":op") == "op"
                and layout.rank_of[e + ":op"] == r - 1
                for e in rank
            )
        }
        while gap >= geo.min_gap:
            bands = _bands(thickness, gap, room, _crossing_counts(layout), allowed)
            if bands and (len(bands) == 1 or gap == geo.min_gap):
                break
            gap -= 2
        if not bands:
            return None
        if len(bands) > 1:  # several bands: spend the spare room evenly in the longest one
            gap = geo.min_gap
        else:
            gap = min(geo.max_gap, (room - sum(thickness)) / max(len(thickness) - 1, 1))
    else:
        bands = [(0, len(thickness))]
        gap = geo.max_gap
    centers, across_start = {}, 0.0
    band_of = {}
    along_extent = 0.0
    for b, (i, j) in enumerate(bands):
        members = [e for rank in layout.ranks[i:j] for e in rank]
        low = min(layout.position[e] for e in members)
        high = max(layout.position[e] for e in members)
        pitch = geo.pitch
        if direction == "tb" and (high - low) * pitch + geo.card > room:  # squeeze a crowded rank
            pitch = max((room - geo.card) / max(high - low, 1e-9), geo.card + 2)
        at = 0.0
        for r in range(i, j):
            mid = at + thickness[r] / 2
            for e in layout.ranks[r]:
                across = across_start + (layout.position[e] - low) * pitch + geo.card / 2
                centers[e] = (mid, across) if direction == "lr" else (across, mid)
                band_of[e] = b
            at += thickness[r] + gap
        along_extent = max(along_extent, at - gap)
        across_start += (high - low) * pitch + geo.card + geo.band_gap
    across_extent = across_start - geo.band_gap
    size = (along_extent, across_extent) if direction == "lr" else (across_extent, along_extent)
    # Channels: the free middle of each gap between ranks, for edges that change band.
    channel = {}
    offsets = {}
    for i, j in bands:
        at = 0.0
        for r in range(i, j):
            offsets[r] = at
            channel[r] = at + thickness[r] + gap / 2
            at += thickness[r] + gap
    band_bottom = {}
    for e, (_, y) in centers.items():
        b = band_of[e]
        band_bottom[b] = max(band_bottom.get(b, 0), y + half[e][1])
    routes, outputs = {}, {}
    twins = {}  # the same input used twice by one op (a + a): bow the edges apart
    for source, target, slot, chain in layout.edges:
        if len(chain) == 3:
            twins.setdefault((source, target), []).append(slot)
    for source, target, slot, chain in layout.edges:
        outputs[target] = [centers[chain[-2]], centers[target]]
        lines = []
        for a, b in itertools.pairwise(chain[:-1]):
            pa, pb = centers[a], centers[b]
            if band_of[a] == band_of[b]:
                slots = twins.get((source, target), [slot])
                offset = (slots.index(slot) - (len(slots) - 1) / 2) * 14 if len(chain) == 3 else 0
                lines.append(bowed(pa, pb, offset))
            else:
                down = band_bottom[band_of[a]] + geo.band_gap / 2
                x_out = channel[layout.rank_of[a]]
                x_in = offsets[layout.rank_of[b]] - gap / 2
                lines.append([pa, (x_out, pa[1]), (x_out, down), (x_in, down), (x_in, pb[1]), pb])
        routes[(source, target, slot)] = lines
    return Placement(centers, half, routes, outputs, size, direction)
