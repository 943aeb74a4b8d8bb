"""Scenes from a trace: what each frame of a graph animation shows, with its caption. Pure data.

Forward: the inputs, then one scene per computed node in forward order. Backward:
the seed d(out)/d(out) = 1, then one scene per contribution the engine made, in
the engine's order, each with its local derivative, upstream gradient, product
and the parent's running `+=` sum; then every gradient. Nothing here draws or
differentiates: every number is read from the trace.
"""

import re
from dataclasses import dataclass, field

from ..format import MINUS, fmt, num, operand
from .naming import SIMPLE, as_factor, expression, names, op_symbol

__all__ = ["Scene", "Active", "scenes_for", "still_scene", "arithmetic"]


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
    node: str | None = None  # the node being computed (forward) or running its backward step
    edge: Active | None = None
    note: str = ""  # the arithmetic of a forward step, shown by its op node
    headline: str = ""  # the step as one short formula, printed in the frame (the caption is in the page)




def arithmetic(node, values):
    """The forward step in numbers: '2 × (−3) = −6'."""
    parts = [num(values[p]) if i == 0 else operand(values[p]) for i, p in enumerate(node.parents)]
    if node.op.startswith("**") and parts[0].startswith(MINUS):
        parts[0] = f"({parts[0]})"
    return f"{expression(node.op, parts)} = {num(node.data)}"


def _local_rule(op, slot, parent_names, out_name):
    """The local derivative as a formula in names, or '' when it is a plain constant."""
    a = parent_names[0]
    if op == "*":
        return parent_names[1 - slot]
    if op == "/":
        b = as_factor(parent_names[1])
        return f"1/{b}" if slot == 0 else f"{MINUS}{as_factor(out_name)}/{b}"
    if op.startswith("**"):
        power = op[2:]
        if power == "2":
            return f"2{as_factor(a)}" if SIMPLE.fullmatch(a) else f"2·{as_factor(a)}"
        return f"{power.replace('-', MINUS)}·{as_factor(a)}{op_symbol('**' + _minus_one(power))[1:]}"
    return {
        "exp": f"exp({a})",
        "log": f"1/{as_factor(a)}",
        "tanh": f"1 {MINUS} {as_factor(out_name)}²",
        "sigmoid": f"{as_factor(out_name)}(1 {MINUS} {as_factor(out_name)})",
        "gelu": f"Φ({a}) + {a}·φ({a})",
    }.get(op, "")


def _minus_one(power):
    try:
        return fmt(float(power) - 1)
    except ValueError:
        return f"({power}-1)"


_WHY = {"+": "a sum passes it on", "-": "a difference negates it for the subtracted input",
        "neg": "negation flips the sign", "relu": "ReLU passes it only for a positive input",
        "max": "max sends it to the larger input only"}


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
    inputs = [n for n in leaves if not _is_constant(n)] or leaves
    if "forward" in phases:
        known = frozenset(n.id for n in leaves)
        listed = ", ".join(f"{names_[n.id]} = {num(n.data)}" for n in inputs)
        scenes.append(Scene(f"Forward pass. The inputs are given: {listed}.", "forward", known,
                            headline=f"Forward. Inputs: {listed}"))
        for node in trace.nodes:
            if not node.op:
                continue
            known = known | {node.id}
            symbolic = expression(node.op, [names_[p] for p in node.parents])
            name = names_[node.id]
            head = name if symbolic == name else f"{name} = {symbolic}"
            caption = f"Forward: {head} = {arithmetic(node, values)}."
            scenes.append(Scene(caption, "forward", known, node=node.id, note=arithmetic(node, values),
                                headline=caption[:-1]))
    every = frozenset(values)
    if "backward" in phases:
        totals = {}
        for step in trace.backward:
            for c in step.contributions:
                totals[c.parent] = totals.get(c.parent, 0) + 1
        grads = {trace.root: 1.0}
        seen = {}
        scenes.append(Scene(f"Backward pass. Start at the output: ∂{root}/∂{root} = 1.",
                            "backward", every, dict(grads), node=trace.root,
                            headline=f"Backward. Start at the output: ∂{root}/∂{root} = 1"))
        for step in trace.backward:
            node = by_id[step.node]
            for c in step.contributions:
                seen[c.parent] = seen.get(c.parent, 0) + 1
                grads[c.parent] = c.after
                edge = Active(c.parent, step.node, c.slot, c.local, step.upstream, c.contribution,
                              c.before, c.after, totals[c.parent] > 1)
                caption = _backward_caption(node, c, step, names_, root, seen[c.parent], totals[c.parent],
                                            _is_constant(by_id[c.parent]))
                scenes.append(Scene(caption, "backward", every, dict(grads), node=step.node, edge=edge,
                                    headline=_backward_headline(c, step, names_, root, totals[c.parent])))
        listed = ", ".join(f"∂{root}/∂{names_[n.id]} = {num(n.grad)}" for n in inputs)
        final = {n.id: n.grad for n in trace.nodes}
        scenes.append(Scene(f"Done: every gradient is known. {listed}.", "done", every, final,
                            headline=f"Done. {listed}"))
    return scenes


def _backward_caption(node, c, step, names_, root, k, total, constant=False):
    parent, here = names_[c.parent], names_[node.id]
    rule = _local_rule(node.op, c.slot, [names_[p] for p in node.parents], here)
    worked = f" = {rule}" if rule and rule != num(c.local) else ""
    why = f" ({_WHY[node.op]})" if node.op in _WHY else ""
    product = f"{num(c.local)} × {operand(step.upstream)} = {num(c.contribution)}"
    text = (f"Backward through {op_symbol(node.op)}: local ∂{as_factor(here)}/∂{as_factor(parent)}{worked} = "
            f"{num(c.local)}{why}; upstream ∂{root}/∂{as_factor(here)} = {num(step.upstream)}; "
            f"{parent} gets {product}.")
    if total > 1:
        text += (f" Path {k} of {total} into {parent}: ∂{root}/∂{as_factor(parent)} += "
                 f"{num(c.contribution)}, {num(c.before)} + {operand(c.contribution)} = {num(c.after)}.")
    if constant:
        text += f" ({parent} is a constant: its gradient is computed like any other, and never used.)"
    return text


def _backward_headline(c, step, names_, root, total):
    """'∂g/∂x = ∂(4x)/∂x · ∂g/∂(4x) = 4 × 10 = 40', with the running sum for a reused node."""
    parent, here = as_factor(names_[c.parent]), as_factor(names_[step.node])
    product = f"{num(c.local)} × {operand(step.upstream)} = {num(c.contribution)}"
    chain = f"∂{here}/∂{parent} · ∂{root}/∂{here}"
    if total > 1:
        return (f"Backward: ∂{root}/∂{parent} += {chain} = {product}; "
                f"{num(c.before)} + {operand(c.contribution)} = {num(c.after)}")
    return f"Backward: ∂{root}/∂{parent} = {chain} = {product}"


def still_scene(trace, show="backward"):
    """The one scene of a still: all values, plus all gradients when show == 'backward'."""
    values = frozenset(n.id for n in trace.nodes)
    if show == "forward":
        return Scene("", "forward", values)
    return Scene("", "done", values, {n.id: n.grad for n in trace.nodes})
