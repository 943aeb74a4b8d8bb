"""Figures for docs/computation-graphs.md: the sigmoid as four nodes, forward and backward, and σ(1 − σ)."""

from visual_backprop.draw import figure, graph_animation, still
from visual_backprop.engine import Value
from visual_backprop.format import num
from visual_backprop.trace import record

X = 5.0



def sigmoid_nodes(x=X):
    """σ(x) = 1/(1 + exp(−x)) as negate, exp, add 1, reciprocal; the nodes are named a, b, c, s."""
    x = Value(x, label="x")
    a = -x
    b = a.exp()
    c = 1 + b
    s = c ** -1
    for node, name in ((a, "a"), (b, "b"), (c, "c"), (s, "s")):
        node.label = name
    return x, a, b, c, s


_X, _A, _B, _C, _S = sigmoid_nodes()
TRACE = record(_S)


@figure(
    "computation-graphs/forward",
    explore="(1 + exp(-x)) ** -1",
    alt=(f"Animation of the forward pass of the sigmoid at x = {num(X)}, split into four nodes: "
         f"a = −x = {num(_A.data)}, b = exp(a) = {num(_B.data)}, c = 1 + b = {num(_C.data)}, "
         f"s = 1/c = {num(_S.data, digits=5)}."),
    caption=(f"The sigmoid at x = {num(X)}, evaluated node by node from the leaves: "
             f"s = σ(5) = {num(_S.data, digits=5)}."),
)
def forward():
    return graph_animation(TRACE, phases=("forward",))


@figure(
    "computation-graphs/backward",
    explore="(1 + exp(-x)) ** -1",
    alt=(f"Animation of the backward pass through the same four nodes. Starting from ∂s/∂s = 1: "
         f"∂s/∂c = {num(_C.grad)}, ∂s/∂b = {num(_B.grad)}, "
         f"∂s/∂a = {num(_A.grad)}, and ∂s/∂x = {num(_X.grad)}."),
    caption=(f"Backward through the sigmoid: each node multiplies the upstream gradient by its local "
             f"gradient, and ∂s/∂x = {num(_X.grad)} arrives at the input."),
)
def backward():
    return graph_animation(TRACE, phases=("backward",))


def engine_slope(x):
    """∂σ/∂x from a backward pass through the four nodes."""
    x_node, *_, s = sigmoid_nodes(x)
    s.backward()
    return s.data, x_node.grad


GRID = [-8 + 16 * i / 320 for i in range(321)]
DOTS = [-8 + i for i in range(17)]


def draw_check(fig, theme):
    ax = fig.subplots()
    curve = [engine_slope(x)[0] for x in GRID]
    ax.plot(GRID, [s * (1 - s) for s in curve], color=theme.value, label="σ(x)(1 − σ(x))")
    ax.plot(DOTS, [engine_slope(x)[1] for x in DOTS], "o", color=theme.grad, markersize=7,
            label="backward pass, four nodes")
    slope5 = engine_slope(X)[1]
    ax.annotate(f"at x = {num(X)}:\n{num(slope5)}", (X, slope5), xytext=(X + 0.3, 0.13), ha="center",
                color=theme.text, arrowprops={"arrowstyle": "->", "color": theme.muted})
    ax.set_xlabel("x")
    ax.set_ylabel("∂s/∂x")
    ax.set_ylim(0, 0.42 if theme.narrow else 0.34)
    ax.set_xticks(range(-8, 9, 4 if theme.narrow else 2))
    ax.legend(loc="upper left")
    fig.tight_layout()


@figure(
    "computation-graphs/check",
    alt=(f"A bell-shaped curve of σ(x)(1 − σ(x)) from x = −8 to 8, peaking at 0.25 at x = 0, with dots "
         f"at every whole x showing the engine's backward pass through the four nodes; the dots lie on the "
         f"curve. At x = {num(X)} both give {num(engine_slope(X)[1])}."),
    caption="The engine's four-node backward pass (dots) against the formula σ(x)(1 − σ(x)) (curve).",
)
def check():
    return still(draw_check, size=(720, 320), narrow_size=(360, 330))
