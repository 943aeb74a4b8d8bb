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

__all__ = ["Tag", "tags_for", "blockers", "place_tags", "edge_key", "LINE"]

LINE = 1.3  # line height, in font sizes


@dataclass(frozen=True)
class Tag:
    """One placed tag: its text, colour role and centre, and a leader line ((x0, y0), (x1, y1)) or None."""

    text: str
    role: str
    center: tuple
    leader: tuple | None


def edge_key(parent, node, slot):
    """The name of the edge from `parent` into `node` at argument `slot`: "n0|n2|1"."""
    return f"{parent}|{node}|{slot}"


def tags_for(scene, anchors):
    """{"text", "role", "anchor", "card"} of each tag `scene` shows, in drawing order.

    anchors: {"outputs": node id -> its op node's output line, "edges": edge key -> the edge's
    first polyline, "centers": element -> (x, y)}. `card` names the card a tag's leader should
    end at the rim of, or is None.
    """
    edge = scene.edge
    wanted = []
    if scene.note and scene.node is not None:
        (x0, y0), (x1, y1) = anchors["outputs"][scene.node]
        wanted.append(_tag(scene.note, "active", ((x0 + x1) / 2, (y0 + y1) / 2)))
    if edge is not None:
        pts = anchors["edges"][edge_key(edge.parent, edge.node, edge.slot)]
        middle = tuple(pts[len(pts) // 2]) if len(pts) > 2 else tuple((a + b) / 2 for a, b in zip(*pts))
        product = f"{num(edge.local)} × {num(edge.upstream)} = {num(edge.contribution)}"
        wanted.append(_tag(product, "grad", middle))
        if edge.accumulates:
            total = (
                f"{num(edge.before)} + {num(edge.contribution)} = {num(edge.after)}"
                if edge.before != 0
                else f"+= {num(edge.contribution)}"
            )
            wanted.append(_tag(total, "grad", tuple(anchors["centers"][edge.parent]), edge.parent))
    return wanted


def _tag(text, role, anchor, card=None):
    return {"text": text, "role": role, "anchor": anchor, "card": card}


def blockers(centers, half, kind):
    """Boxes [x0, y0, x1, y1] a tag should not cover: cards (with room for their gradient ring) and ops."""
    return [
        [x - hw - pad, y - hh - pad, x + hw + pad, y + hh + pad]
        for e, (x, y) in centers.items()
        for hw, hh in [half.get(e, (0.0, 0.0))]
        for pad in [7 if kind[e] == "value" else 2]
        if hw > 0
    ]


def place_tags(wanted, font, avoid, bounds, half, width=text_width):
    """A Tag for each wanted tag (see tags_for), each placed clear of `avoid` and the others.

    width(text, font) is the text's width in px: the figures measure DejaVu Sans.
    """
    placed, tags = [], []
    for tag in wanted:
        anchor, card = tag["anchor"], tag["card"]
        size = (width(tag["text"], font) + 14, font * LINE + 10)
        (cx, cy), box = free_spot(size, anchor, avoid + placed, bounds)
        placed.append(box)
        if card is not None:  # the leader ends at the card's rim
            hw, hh = half.get(card, (0.0, 0.0))
            anchor = outline_point(anchor, (hw + 6, hh + 6), (cx, cy))
        ex, ey = min(max(anchor[0], box[0]), box[2]), min(max(anchor[1], box[1]), box[3])
        leader = ((ex, ey), tuple(anchor)) if math.hypot(ex - anchor[0], ey - anchor[1]) > 4 else None
        tags.append(Tag(tag["text"], tag["role"], (cx, cy), leader))
    return tags
