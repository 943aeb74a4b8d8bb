"""What each element of a graph frame looks like: a pure function of the trace, the scene and the anchors.

style(trace, scene, anchors) gives, per element, its colour role (a Theme attribute; the browser's
CSS variable --vbx-ROLE), line width, dash and visibility, the numbers each card shows, and the
text, role and anchor of each tag. The painters (draw/graph.py and explorer/paint.js) only apply
it, and the Node cross-check holds it equal to explorer/style.js on random traces.

Reading a frame: a dashed card is not computed yet; a card shows its value once the forward pass
reaches it and its gradient once the backward pass does, with an outer ring whose width grows with
sqrt(|g| / max |g|). The active card has a thick outline; the edge being processed is thick, has a
backward arrowhead and a tag "local × upstream = contribution".
"""

import math

from .tags import edge_key, tags_for

__all__ = ["style", "edge_key", "font_size", "op_font_size", "FONT_SIZE", "OP_FONT_SIZE", "OP_WORD_SMALLER",
           "CARD", "OP", "EDGE", "OUTPUT", "HALO", "DASH"]

FONT_SIZE = {"wide": 14.0, "narrow": 13.0}  # px: cards, tags, legend and caption (>= 12 px where shown)
OP_FONT_SIZE = {"wide": 15.0, "narrow": 14.0}  # px: an op node's symbol
OP_WORD_SMALLER = 2.0  # px less for a symbol longer than two characters (tanh, exp)

CARD = {"active": 3.5, "rest": 1.5}  # the card's outline
OP = {"running": 2.8, "rest": 1.4}  # an op node's outline
EDGE = {"active": 3.2, "feeding": 2.4, "rest": 1.4}  # an input's arrow into its op node
OUTPUT = {"running": 2.4, "rest": 1.4}  # an op node's arrow to its value
HALO = (1.0, 3.0)  # the gradient ring: 1 px, plus 3 px at the largest |gradient|
DASH = [4, 3]  # a card not computed yet: 4 px dash, 3 px gap


def font_size(narrow):
    """The graph's text size in px."""
    return FONT_SIZE["narrow" if narrow else "wide"]


def op_font_size(symbol, narrow, smallest):
    """An op node's symbol size in px: smaller for a word, never below `smallest`."""
    size = OP_FONT_SIZE["narrow" if narrow else "wide"] - (0 if len(symbol) <= 2 else OP_WORD_SMALLER)
    return max(size, smallest)


def style(trace, scene, anchors):
    """{"cards", "ops", "edges", "outputs", "tags"} for `scene` of `trace`.

    anchors: {"outputs": node id -> its op node's output line, "edges": edge key -> the edge's first
    polyline, "centers": element -> (x, y)}, as the painter placed them (see tags.tags_for).
    """
    max_grad = max((abs(n.grad) for n in trace.nodes), default=0.0) or 1.0
    return {
        "cards": {n.id: _card(n, scene, max_grad) for n in trace.nodes},
        "ops": {n.id: _op(n.id, scene) for n in trace.nodes if n.op},
        "edges": {edge_key(e.source, e.target, e.slot): _edge(e, scene) for e in trace.edges},
        "outputs": {n.id: _output(n.id, scene) for n in trace.nodes if n.op},
        "tags": tags_for(scene, anchors),
    }


def _running(node_id, scene):
    """Whether `node_id`'s operation is the one at work: computing forward, or sending gradient back."""
    edge = scene.edge
    forward = scene.phase == "forward" and node_id == scene.node
    return forward or (edge is not None and edge.node == node_id)


def _card(node, scene, max_grad):
    edge = scene.edge
    known = node.id in scene.values
    g = scene.grads.get(node.id)
    active = node.id == scene.node or (edge is not None and node.id == edge.parent)
    # |g| as the width of a ring outside the card; no ring for a zero gradient.
    weight = 0.0 if g is None else math.sqrt(min(abs(g) / max_grad, 1.0))
    return {
        "value": node.data if known else None,
        "grad": g,
        "ring": {
            "role": "active" if active else "text" if known else "faint",
            "width": CARD["active" if active else "rest"],
            "dash": None if known else DASH,
        },
        "label": {"role": "text" if known else "muted"},
        "halo": {"role": "grad", "width": HALO[0] + HALO[1] * weight, "visible": weight > 0},
    }


def _op(node_id, scene):
    known, running = node_id in scene.values, _running(node_id, scene)
    return {
        "box": {"role": "active" if running else "text" if known else "faint",
                "width": OP["running" if running else "rest"]},
        "symbol": {"role": "text" if known else "muted"},
    }


def _edge(e, scene):
    edge = scene.edge
    done = e.target in scene.values
    active = edge is not None and (edge.parent, edge.node, edge.slot) == (e.source, e.target, e.slot)
    feeding = scene.phase == "forward" and e.target == scene.node
    state = "active" if active else "feeding" if feeding else "rest"
    return {
        "line": {"role": "grad" if active else "active" if feeding else "muted" if done else "faint",
                 "width": EDGE[state]},
        "head": {"role": "active" if feeding else "muted" if done else "faint"},
        "back": {"role": "grad", "visible": active},
    }


def _output(node_id, scene):
    running = _running(node_id, scene)
    if running:
        role = "grad" if scene.edge is not None else "active"
    else:
        role = "muted" if node_id in scene.values else "faint"
    return {"line": {"role": role, "width": OUTPUT["running" if running else "rest"]}, "head": {"role": role}}
