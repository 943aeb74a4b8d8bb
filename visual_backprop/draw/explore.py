"""The explorer's address for a graph animation: its expression, its named leaves' values, its first step.

A figure declared with `explore="(a + b) * (b + 1)"` links to the explorer page at
`#expr=<the expression, encoded as encodeURIComponent>&a=2&b=1`: the values are those of the
figure's own trace, read off its leaves by label, never typed twice. A figure that starts at the
backward pass adds `&step=N`, the explorer's seed step for the same graph.
"""

import math
import re
from urllib.parse import quote

from .scenes import scenes_for
from .spec import GraphAnimation

__all__ = ["explorer_link", "explorer_hash"]

VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # the explorer's names; constants are labelled "1", "4"
RESERVED = ("expr", "step")  # the address's own keys


def explorer_link(expression, spec):
    """{"expr", "values"[, "step"]} for figure `spec`: its trace's named leaves and where it starts."""
    if not isinstance(spec, GraphAnimation):
        raise ValueError(f"explore= is for graph animations only, not a {type(spec).__name__}")
    values = {}
    for node in spec.trace.nodes:
        name = node.label or ""
        if node.op or not VARIABLE.fullmatch(name):
            continue
        if name in RESERVED:
            raise ValueError(f"explore=: a leaf labelled {name!r} clashes with the address's own key")
        if name in values:
            raise ValueError(f"explore=: two leaves are labelled {name!r}; the explorer would merge them")
        if not math.isfinite(node.data):
            raise ValueError(f"explore=: the leaf {name!r} is {node.data!r}, not a finite number")
        values[name] = node.data
    link = {"expr": expression, "values": values}
    if "forward" not in spec.phases:  # the explorer steps through the forward pass first: skip it
        link["step"] = len(scenes_for(spec.trace, ("forward",))) + 1
    return link


def _number(x):
    """The shortest text that reads back as `x`, without a trailing ".0" (as JavaScript writes it)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def explorer_hash(link):
    """'#expr=…&a=2&b=1[&step=N]' for a link from explorer_link()."""
    parts = ["expr=" + quote(link["expr"], safe="!'()*~")]  # what encodeURIComponent leaves as it is
    parts += [f"{quote(name, safe='')}={_number(value)}" for name, value in link["values"].items()]
    if link.get("step"):
        parts.append(f"step={link['step']}")
    return "#" + "&".join(parts)
