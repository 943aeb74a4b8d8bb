"""Figures for docs/forward-reverse.md: forward mode needs one pass per input, reverse mode one per output.

Passes are counted, not assumed: forward mode's function is wrapped in a
counter while visual_backprop.forward.forward_gradient runs it, and reverse
mode counts its calls of backward().
"""

import contextlib
import functools
import itertools
import math
from typing import NamedTuple

from matplotlib.ticker import MaxNLocator

from visual_backprop.draw import figure, still
from visual_backprop.draw.plots import log_lines
from visual_backprop.engine import Value, topological_order
from visual_backprop.forward import Dual, derivative, forward_gradient
from visual_backprop.trace import record

TINY_PARAMETERS = (0.6, -0.4, 0.0, 0.1, 0.8, -0.1, 0.7, -0.2, 0.05)  # W¹ row 1, b¹₁, row 2, b¹₂, W², b²
TINY_X, TINY_T = (1.0, -1.0), 0.25
MAX_INPUTS = 20


def two_paths(a, b):
    """f(a, b) = (a + b)(b + 1): works on Values and on Duals alike."""
    return (a + b) * (b + 1)


def tiny_loss(w11, w12, b1, w21, w22, b2, v1, v2, c):
    """The tiny network's loss (ReLU hidden layer, linear output, squared error) of its 9 parameters."""
    x1, x2 = TINY_X
    a1 = (w11 * x1 + w12 * x2 + b1).relu()
    a2 = (w21 * x1 + w22 * x2 + b2).relu()
    return (v1 * a1 + v2 * a2 + c - TINY_T) ** 2


@contextlib.contextmanager
def calls_of(cls, name):
    """One entry per call of cls.name while the block runs: passes counted, not assumed."""
    original = getattr(cls, name)
    calls = []

    @functools.wraps(original)
    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    setattr(cls, name, counted)
    try:
        yield calls
    finally:
        setattr(cls, name, original)


def count_passes(f, point):
    """Both modes on f at point, every pass counted by running.

    Returns (forward-mode gradient, forward-mode passes through f, reverse-mode
    gradient, reverse mode's forward passes through f, its calls of backward()).
    """
    runs = []

    def counted(*inputs):
        runs.append(1)
        return f(*inputs)

    forward = forward_gradient(counted, point)
    forward_passes = len(runs)
    with calls_of(Value, "backward") as backward_calls:
        leaves = [Value(x) for x in point]
        counted(*leaves).backward()
    reverse_forward = len(runs) - forward_passes
    return forward, forward_passes, [leaf.grad for leaf in leaves], reverse_forward, len(backward_calls)


def sum_of_products(*xs):
    """x₁x₂ + x₂x₃ + … + x_n x₁ (or x₁² for one input): a function of n inputs with one output."""
    total = xs[0] * xs[-1]
    for left, right in itertools.pairwise(xs):
        total = total + left * right
    return total


class Passes(NamedTuple):
    """One row of the chart: n inputs, the passes each mode took, and whether their gradients agree."""

    n: int
    forward_mode: int
    reverse_forward: int
    reverse_backward: int
    agree: bool


def pass_counts(max_inputs=MAX_INPUTS):
    """For n = 1..max_inputs inputs, both modes run on sum_of_products and their passes counted."""
    rows = []
    for n in range(1, max_inputs + 1):
        forward, passes, reverse, reverse_forward, backward = count_passes(
            sum_of_products, [0.1 * (k + 1) for k in range(n)])
        agree = all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
                    for a, b in zip(forward, reverse, strict=True))
        rows.append(Passes(n, passes, reverse_forward, backward, agree))
    return rows


TINY = count_passes(tiny_loss, TINY_PARAMETERS)
COUNTS = pass_counts()


def _draw_passes(fig, theme):
    ax = fig.subplots()
    wrap = "\n" if theme.narrow else " "  # a phone's legend and note break their lines
    ns = [row.n for row in COUNTS]
    ax.plot(ns, [row.forward_mode for row in COUNTS], "o-", color=theme.value,
            label=f"forward mode:{wrap}one pass per input")
    ax.plot(ns, [row.reverse_forward + row.reverse_backward for row in COUNTS], "s--", color=theme.grad,
            label=f"reverse mode: one forward pass,{wrap}then one backward")
    n_tiny = len(TINY_PARAMETERS)
    against = f"against {TINY[3]} + {TINY[4]}"
    note = (f"tiny network:\n{n_tiny} parameters, {TINY[1]} passes\n{against}" if theme.narrow
            else f"tiny network: {n_tiny} parameters,\n{TINY[1]} forward-mode passes {against}")
    ax.annotate(note, xy=(n_tiny, TINY[1]), xytext=(MAX_INPUTS, 3 if theme.narrow else 4), ha="right",
                va="bottom" if theme.narrow else "center",
                color=theme.text, fontsize=theme.small_size,
                arrowprops={"arrowstyle": "-|>", "color": theme.text})
    ax.set_xlabel("number of inputs (one output)")
    ax.set_ylabel("passes for the whole gradient")
    ax.set_xticks(range(0, MAX_INPUTS + 1, 5 if theme.narrow else 2))
    ax.set_ylim(0, MAX_INPUTS * (1.7 if theme.narrow else 1.1))  # room for the legend above the line
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=theme.small_size, frameon=False)
    fig.tight_layout()


@figure(
    "forward-reverse/passes",
    alt=("Line chart of passes needed for the whole gradient of a function with one output, counted by "
         f"running both modes for 1 to {MAX_INPUTS} inputs. Forward mode rises in a straight line, one pass "
         f"per input, to {COUNTS[-1].forward_mode}; reverse mode stays at {COUNTS[-1].reverse_forward} "
         f"forward pass plus {COUNTS[-1].reverse_backward} backward pass. The tiny network's "
         f"{len(TINY_PARAMETERS)} parameters take {TINY[1]} forward-mode passes against {TINY[3]} forward "
         f"and {TINY[4]} backward pass."),
    caption="Passes for a whole gradient, counted by running each mode (its calls of f and of backward()): "
            "forward mode needs one per input; reverse mode needs one forward pass to build the graph, then "
            "one backward pass, however many inputs there are.",
)
def passes():
    return still(_draw_passes, size=(720, 340), narrow_size=(360, 400))


# --- Jacobian–vector and vector–Jacobian products -----------------------------------------------

JVP_POINT = (2.0, 1.0)
DIRECTION = (1.0, 1.0)  # v: move a and b together
WEIGHTS = (1.0, -1.0, 2.0)  # u: one weight per output


def three_outputs(a, b):
    """f(a, b) = (ab, a + b, a/b): two inputs, three outputs; works on Values and on Duals alike."""
    return a * b, a + b, a / b


def jvp(f, point, v):
    """J v from one forward-mode pass: input j starts with tangent v_j, each output ends with its tangent."""
    return [out.tangent for out in f(*[Dual(x, t) for x, t in zip(point, v, strict=True)])]


def vjp(f, point, u):
    """uᵀ J from one backward pass of the scalar Σ_i u_i f_i: input j ends with that sum's gradient."""
    leaves = [Value(x) for x in point]
    outs = f(*leaves)
    total = outs[0] * u[0]
    for weight, out in zip(u[1:], outs[1:], strict=True):
        total = total + out * weight
    total.backward()
    return [leaf.grad for leaf in leaves]


def jacobian(f, point, outputs):
    """J two ways: its columns from len(point) forward passes, its rows from `outputs` backward passes."""
    columns = [jvp(f, point, [1.0 if k == j else 0.0 for k in range(len(point))]) for j in range(len(point))]
    rows = [vjp(f, point, [1.0 if k == i else 0.0 for k in range(outputs)]) for i in range(outputs)]
    return [list(row) for row in zip(*columns)], rows


# --- a chain of diamonds: paths multiply, edges add ---------------------------------------------

MAX_DIAMONDS = 10
DIAMOND_X = 0.5


def diamond_chain(x, n):
    """n diamonds: each splits x into tanh x and σ(x) and joins them with +, so 4 edges and 2 paths each."""
    for _ in range(n):
        x = x.tanh() + x.sigmoid()
    return x


def path_sum(x, out):
    """∂out/∂x as the sum over every path from x to out of the product of the local derivatives on it.

    Returns (the sum, the number of paths, the edges walked when each path is multiplied out on its own).
    """
    total, paths, edges = 0.0, 0, 0
    stack = [(out, 1.0, 0)]
    while stack:
        node, product, length = stack.pop()
        if node is x:
            total, paths, edges = total + product, paths + 1, edges + length
            continue
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            stack.append((parent, product * local, length + 1))
    return total, paths, edges


class Diamonds(NamedTuple):
    """One row of the paths chart, every count taken by running."""

    n: int
    edges: int
    paths: int
    path_edges: int
    forward_edges: int
    reverse_edges: int
    grads: tuple  # (path sum, forward mode, reverse mode)


def count_diamonds(n):
    """The chain of n diamonds differentiated three ways, each counting the edges it touches."""
    x = Value(DIAMOND_X)
    out = diamond_chain(x, n)
    summed, paths, path_edges = path_sum(x, out)
    edges = sum(len(node.parents) for node in topological_order(out))
    # Forward mode: every operation reads the tangent of each of its inputs, one edge each.
    with (calls_of(Dual, "__add__") as adds, calls_of(Dual, "tanh") as tanhs,
          calls_of(Dual, "sigmoid") as sigmoids):
        forward = derivative(lambda v: diamond_chain(v, n), [DIAMOND_X], 0)
    forward_edges = 2 * len(adds) + len(tanhs) + len(sigmoids)
    # Reverse mode: the engine's own record of the sweep, one contribution per edge it sent a gradient along.
    trace = record(out)
    reverse_edges = sum(len(step.contributions) for step in trace.backward)
    return Diamonds(n, edges, paths, path_edges, forward_edges, reverse_edges, (summed, forward, x.grad))


DIAMONDS = [count_diamonds(n) for n in range(1, MAX_DIAMONDS + 1)]


def _draw_paths(fig, theme):
    ax = fig.subplots()
    ns = [row.n for row in DIAMONDS]
    wrap = "\n" if theme.narrow else " "
    log_lines(ax, theme, ns, [
        ([row.path_edges for row in DIAMONDS], f"summing paths:{wrap}every edge of every path"),
        ([row.paths for row in DIAMONDS], "paths from input to output"),
        ([row.forward_edges for row in DIAMONDS], f"forward or reverse mode:{wrap}each edge once"),
    ])
    ax.set_xlabel("diamonds in the chain")
    ax.set_ylabel("count (log scale)")
    ax.set_xticks(ns if not theme.narrow else ns[1::2])
    ax.set_ylim(1, DIAMONDS[-1].path_edges * (1e6 if theme.narrow else 1e2))  # room for the legend
    ax.legend(loc="upper left", fontsize=theme.small_size, frameon=False)
    fig.tight_layout()


@figure(
    "forward-reverse/paths",
    alt=(f"Log-scale chart for a chain of 1 to {MAX_DIAMONDS} diamonds, counted by running. The paths from "
         f"input to output double with every diamond, from {DIAMONDS[0].paths} to {DIAMONDS[-1].paths}; "
         f"multiplying each path out on its own walks {DIAMONDS[-1].path_edges} edges at {MAX_DIAMONDS} "
         f"diamonds. Forward mode and reverse mode each touch every edge once: {DIAMONDS[-1].forward_edges} "
         f"and {DIAMONDS[-1].reverse_edges} edges at {MAX_DIAMONDS} diamonds, 4 per diamond."),
    caption="Paths multiply, edges add. Summing over paths costs more with every diamond; forward and "
            "reverse mode each factor the sum and touch every edge once.",
)
def paths():
    return still(_draw_paths, size=(720, 340), narrow_size=(360, 420))
