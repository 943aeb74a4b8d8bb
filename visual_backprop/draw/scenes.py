"""Scenes from a trace: what each frame of a graph animation shows, with its caption. Pure data.

Forward: the inputs, then one scene per computed node in forward order. Backward:
the seed dL/dL = 1, then one scene per contribution the engine made, in the
engine's order, each with its local derivative, upstream gradient, product and
the parent's running `+=` sum. Nothing here draws or differentiates anything.
"""

import re
from dataclasses import dataclass, field

from ..format import fmt

__all__ = ["Scene", "Active", "scenes_for", "still_scene", "names", "op_symbol", "num"]

MINUS = "\u2212"


def num(x):
    """A number as figures print it: 4 significant digits and a real minus sign."""
    return fmt(x, digits=4, minus=MINUS)


def signed(x):
    """A gradient with its sign spelled out: +40, −1.5, 0."""
    text = num(x)
    return text if text.startswith(MINUS) or text == "0" else "+" + text


@dataclass(frozen=True)
class Active:
    """The edge being processed: parent -> node through input `slot`, with its numbers."""

    parent: str
    node: str
    slot: int
    local: float
    upstream: float
    contribution: float
    before: float
    after: float
    accumulates: bool  # the parent receives more than one contribution in this pass


@dataclass(frozen=True)
class Scene:
    """One frame: which values and gradients are known, what is active, and the caption."""

    caption: str
    phase: str  # "forward", "backward" or "done"
    values: frozenset  # ids whose value is known
    grads: dict = field(default_factory=dict)  # id -> gradient so far
    counts: dict = field(default_factory=dict)  # id -> contributions received so far
    node: str | None = None  # the node being computed (forward) or running its backward step
    edge: Active | None = None


_SYMBOLS = {"+": "+", "-": MINUS, "*": "×", "/": "÷", "neg": MINUS, "exp": "exp", "log": "log",
            "tanh": "tanh", "sigmoid": "σ", "relu": "ReLU", "gelu": "GELU", "max": "max"}
_SUPERSCRIPT = str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·")


def op_symbol(op):
    """The symbol drawn on an operation node: ×, +, tanh, x², ..."""
    if op.startswith("**"):
        power = op[2:]
        return "x" + power.translate(_SUPERSCRIPT) if re.fullmatch(r"-?\d+", power) else "x^" + power
    return _SYMBOLS.get(op, op)


def names(trace):
    """A short readable name for every node: its label, else a small expression of its parents."""
    out = {}
    for i, node in enumerate(trace.nodes):
        if node.label:
            out[node.id] = node.label
            continue
        parts = [out[p] for p in node.parents]
        expr = _expression(node.op, parts)
        out[node.id] = expr if expr and len(expr) <= 10 else f"v{i}"
    return out


def _wrap(name):
    return name if re.fullmatch(r"[\w.·]+|\d+(\.\d+)?", name) else f"({name})"


def _expression(op, parts):
    if op in ("+", "-", "*", "/") and len(parts) == 2:
        a, b = (_wrap(p) for p in parts)
        if op == "*" and re.fullmatch(r"\d+(\.\d+)?", a) and not b[0].isdigit():
            return f"{a}{b}"
        return f"{a} {_SYMBOLS[op]} {b}"
    if op == "neg":
        return MINUS + _wrap(parts[0])
    if op.startswith("**"):
        return _wrap(parts[0]) + op_symbol(op)[1:]
    if op == "max":
        return f"max({', '.join(parts)})"
    return f"{_SYMBOLS.get(op, op)}({parts[0]})" if parts else ""


def _formula(node, names_, values):
    """'4 × x = 4 × 1 = 4': the operation in names, then in numbers, then its result."""
    symbolic = _expression(node.op, [names_[p] for p in node.parents])
    numeric = _expression(node.op, [num(values[p]) for p in node.parents]).replace(" ", " ")
    result = num(node.data)
    pieces = [names_[node.id]]
    for piece in (symbolic, numeric):
        if piece not in pieces:
            pieces.append(piece)
    if result not in pieces:
        pieces.append(result)
    return " = ".join(pieces)


def _local_rule(op, slot, parent_names, out_name):
    """How the local derivative is worked out, in words a reader can check."""
    a = parent_names[0]
    if op == "+":
        return "1 (addition passes the gradient on)"
    if op == "-":
        return "1" if slot == 0 else f"{MINUS}1"
    if op == "*":
        return f"the other input, {parent_names[1 - slot]}"
    if op == "/":
        return f"1/{_wrap(parent_names[1])}" if slot == 0 else f"{MINUS}{out_name}/{_wrap(parent_names[1])}"
    if op == "neg":
        return f"{MINUS}1"
    if op.startswith("**"):
        power = op[2:]
        return f"{power}·{_wrap(a)}" if power == "2" else f"{power}·{_wrap(a)}^{_power_minus_one(power)}"
    return {
        "exp": f"exp({a}) = {out_name}",
        "log": f"1/{_wrap(a)}",
        "tanh": f"1 {MINUS} {_wrap(out_name)}²",
        "sigmoid": f"{out_name}(1 {MINUS} {out_name})",
        "relu": f"1 if {a} > 0, else 0",
        "gelu": f"Φ({a}) + {a}·φ({a})",
        "max": "1 for the larger input, 0 for the other",
    }.get(op, "")


def _power_minus_one(power):
    try:
        return fmt(float(power) - 1, minus=MINUS)
    except ValueError:
        return f"({power} {MINUS} 1)"


def _is_constant(node):
    return not node.op and re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", node.label or "") is not None


def scenes_for(trace, phases=("forward", "backward")):
    """Every scene of the animation of `trace`, in order."""
    names_ = names(trace)
    by_id = {n.id: n for n in trace.nodes}
    values = {n.id: n.data for n in trace.nodes}
    root = names_[trace.root]
    scenes = []
    leaves = [n for n in trace.nodes if not n.op]
    if "forward" in phases:
        known = frozenset(n.id for n in leaves)
        inputs = [n for n in leaves if not _is_constant(n)]
        listed = ", ".join(f"{names_[n.id]} = {num(n.data)}" for n in inputs) or "constants only"
        scenes.append(Scene(f"Forward pass. The inputs are given: {listed}.", "forward", known))
        for node in trace.nodes:
            if not node.op:
                continue
            known = known | {node.id}
            caption = f"Forward: {_formula(node, names_, values)}."
            scenes.append(Scene(caption, "forward", known, node=node.id))
    every = frozenset(values)
    if "backward" in phases:
        totals = {}
        for step in trace.backward:
            for c in step.contributions:
                totals[c.parent] = totals.get(c.parent, 0) + 1
        grads = {trace.root: 1.0}
        counts = {trace.root: 1}
        scenes.append(Scene(
            f"Backward pass. Start at the output: ∂{root}/∂{root} = 1.",
            "backward", every, dict(grads), dict(counts), node=trace.root))
        for step in trace.backward:
            node = by_id[step.node]
            for c in step.contributions:
                counts[c.parent] = counts.get(c.parent, 0) + 1
                grads[c.parent] = c.after
                edge = Active(c.parent, step.node, c.slot, c.local, step.upstream, c.contribution,
                              c.before, c.after, totals[c.parent] > 1)
                scenes.append(Scene(_backward_caption(node, c, step, names_, root), "backward", every,
                                    dict(grads), dict(counts), node=step.node, edge=edge))
    if "backward" in phases:
        targets = [n for n in leaves if not _is_constant(n)] or leaves
        listed = ", ".join(f"∂{root}/∂{names_[n.id]} = {num(n.grad)}" for n in targets)
        final = {n.id: n.grad for n in trace.nodes}
        scenes.append(Scene(f"Done: every gradient is known. {listed}.", "done", every, final,
                            {k: max(v, 1) for k, v in {**{n: 1 for n in final}, **counts}.items()}))
    return scenes


def _backward_caption(node, c, step, names_, root):
    parent, here = names_[c.parent], names_[node.id]
    rule = _local_rule(node.op, c.slot, [names_[p] for p in node.parents], here)
    worked = f"{rule} = " if rule and rule != num(c.local) else ""
    local = f"local ∂{_wrap(here)}/∂{parent} = {worked}{num(c.local)}"
    upstream = f"upstream ∂{root}/∂{_wrap(here)} = {num(step.upstream)}"
    product = f"{num(c.local)} × {num(step.upstream)} = {num(c.contribution)}"
    if c.before == 0.0 and c.after == c.contribution:
        total = f"so ∂{root}/∂{parent} gets {product}."
    else:
        total = f"{parent} adds {product}: {num(c.before)} + {num(c.contribution)} = {num(c.after)}."
    return f"Backward through {op_symbol(node.op)}: {local}; {upstream}; {total}"


def still_scene(trace, show="backward"):
    """The one scene of a still: all values, plus all gradients when show == 'backward'."""
    values = frozenset(n.id for n in trace.nodes)
    if show == "forward":
        return Scene("", "forward", values)
    return Scene("", "done", values, {n.id: n.grad for n in trace.nodes}, {n.id: 1 for n in trace.nodes})
