"""The tags of a graph frame: what each says, and where it goes so it covers no card.

A forward step's arithmetic sits by its op node's output; a backward step's
"local × upstream = contribution" sits on the edge being processed, and a running
"+=" sum by the parent card that collects it. A tag that has to move off its spot
gets a thin leader line back to it.
"""

import math
from dataclasses import dataclass

from ..format import num
from .shapes import free_spot, outline_point
from .textsize import text_width

__all__ = ["Tag", "tags_for", "blockers", "place_tags", "LINE"]

LINE = 1.3  # line height, in font sizes


@dataclass(frozen=True)
class Tag:
    """One placed tag: its text and colour, its centre, and a leader line ((x0, y0), (x1, y1)) or None."""

    text: str
    colour: str
    center: tuple
    leader: tuple | None


def tags_for(scene, theme, outputs, edge_lines, centers):
    """(text, colour, anchor, card or None) of each tag `scene` shows, in drawing order.

    outputs: node id -> its op node's output line; edge_lines: (parent, node, slot) -> the
    edge's first polyline; centers: element -> (x, y). `card` names the card a tag's leader
    should end at the rim of.
    """
    edge = scene.edge
    wanted = []
    if scene.note and scene.node is not None:
        (x0, y0), (x1, y1) = outputs[scene.node]
        wanted.append((scene.note, theme.active, ((x0 + x1) / 2, (y0 + y1) / 2), None))
    if edge is not None:
        pts = edge_lines[(edge.parent, edge.node, edge.slot)]
        middle = pts[len(pts) // 2] if len(pts) > 2 else tuple((a + b) / 2 for a, b in zip(*pts))
        product = f"{num(edge.local)} × {num(edge.upstream)} = {num(edge.contribution)}"
        wanted.append((product, theme.grad, middle, None))
        if edge.accumulates:
            total = (
                f"{num(edge.before)} + {num(edge.contribution)} = {num(edge.after)}"
                if edge.before != 0
                else f"+= {num(edge.contribution)}"
            )
            wanted.append((total, theme.grad, centers[edge.parent], edge.parent))
    return wanted


def blockers(centers, half, kind):
    """Boxes [x0, y0, x1, y1] a tag should not cover: cards (with room for their gradient ring) and ops."""
    return [
        [x - hw - pad, y - hh - pad, x + hw + pad, y + hh + pad]
        for e, (x, y) in centers.items()
        for hw, hh in [half.get(e, (0.0, 0.0))]
        for pad in [7 if kind[e] == "value" else 2]
        if hw > 0
    ]


def place_tags(wanted, font, avoid, bounds, half):
    """A Tag for each wanted (text, colour, anchor, card), each placed clear of `avoid` and the others."""
    placed, tags = [], []
    for text, colour, anchor, card in wanted:
        size = (text_width(text, font) + 14, font * LINE + 10)
        (cx, cy), box = free_spot(size, anchor, avoid + placed, bounds)
        placed.append(box)
        if card is not None:  # the leader ends at the card's rim
            hw, hh = half.get(card, (0.0, 0.0))
            anchor = outline_point(anchor, (hw + 6, hh + 6), (cx, cy))
        ex, ey = min(max(anchor[0], box[0]), box[2]), min(max(anchor[1], box[1]), box[3])
        leader = ((ex, ey), tuple(anchor)) if math.hypot(ex - anchor[0], ey - anchor[1]) > 4 else None
        tags.append(Tag(text, colour, (cx, cy), leader))
    return tags
