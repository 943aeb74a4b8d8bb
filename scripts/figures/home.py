"""Figures for docs/index.md: the hero animation, f = (a + b)(b + 1) forward and backward."""

from visual_backprop.draw import figure, graph_animation
from visual_backprop.engine import Value
from visual_backprop.format import num
from visual_backprop.trace import record


def two_paths():
    """f = (a + b)(b + 1) at a = 2, b = 1: b reaches f along two paths."""
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    f = (a + b) * (b + 1)
    f.label = "f"
    return a, b, f


A, B, F = two_paths()
TRACE = record(F)
B_ID = next(node.id for node in TRACE.nodes if node.label == "b")
# b's two contributions, in the order the backward pass added them.
FIRST, SECOND = (c.contribution for step in TRACE.backward for c in step.contributions if c.parent == B_ID)


@figure(
    "home/hero",
    explore="(a + b) * (b + 1)",
    alt=(f"Animation of the graph of f = (a + b)(b + 1) at a = {num(A.data)}, b = {num(B.data)}. "
         f"Forward, the values fill in up to f = {num(F.data)}. Backward, each node multiplies the "
         f"gradient it receives by its local derivative: ∂f/∂a = {num(A.grad)}, and b, used twice, "
         f"receives {num(FIRST)} and {num(SECOND)}, which add up to ∂f/∂b = {num(B.grad)}."),
    caption=(f"Forward, then backward, through f = (a + b)(b + 1): b is used twice, so its gradient is "
             f"the sum of two contributions, {num(FIRST)} + {num(SECOND)} = {num(B.grad)}."),
)
def hero():
    return graph_animation(TRACE)
