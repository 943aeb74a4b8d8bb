"""Figures for docs/forward-reverse.md: forward mode needs one pass per input, reverse mode one per output.

Passes are counted, not assumed: forward mode's function is wrapped in a
counter while visual_backprop.forward.forward_gradient runs it, and reverse
mode counts its calls of backward().
"""

import itertools

from matplotlib.ticker import MaxNLocator

from visual_backprop.draw import figure, still
from visual_backprop.engine import Value
from visual_backprop.forward import forward_gradient

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


def count_passes(f, point):
    """(forward gradient, passes through f it took, reverse gradient, backward passes it took: one call)."""
    calls = []

    def counted(*inputs):
        calls.append(1)
        return f(*inputs)

    forward = forward_gradient(counted, point)
    leaves = [Value(x) for x in point]
    out = f(*leaves)
    out.backward()
    return forward, len(calls), [leaf.grad for leaf in leaves], 1


def sum_of_products(*xs):
    """x₁x₂ + x₂x₃ + … + x_n x₁ (or x₁² for one input): a function of n inputs with one output."""
    total = xs[0] * xs[-1]
    for left, right in itertools.pairwise(xs):
        total = total + left * right
    return total


def pass_counts(max_inputs=MAX_INPUTS):
    """For n = 1..max_inputs inputs: (n, forward-mode passes, reverse-mode passes), counted by running."""
    rows = []
    for n in range(1, max_inputs + 1):
        _, forward, _, reverse = count_passes(sum_of_products, [0.1 * (k + 1) for k in range(n)])
        rows.append((n, forward, reverse))
    return rows


TINY = count_passes(tiny_loss, TINY_PARAMETERS)
COUNTS = pass_counts()


def _draw_passes(fig, theme):
    ax = fig.subplots()
    ns = [n for n, _, _ in COUNTS]
    ax.plot(ns, [f for _, f, _ in COUNTS], "o-", color=theme.value, label="forward mode: one pass per input")
    ax.plot(ns, [r for _, _, r in COUNTS], "s--", color=theme.grad, label="reverse mode: one backward pass")
    n_tiny = len(TINY_PARAMETERS)
    ax.annotate(f"tiny network: {n_tiny} parameters,\n{TINY[1]} forward passes against {TINY[3]}",
                xy=(n_tiny, TINY[1]), xytext=(MAX_INPUTS, 4), ha="right",
                color=theme.text, fontsize=theme.small_size,
                arrowprops={"arrowstyle": "-|>", "color": theme.text})
    ax.set_xlabel("number of inputs (one output)")
    ax.set_ylabel("passes for the whole gradient")
    ax.set_xticks(range(0, MAX_INPUTS + 1, 5 if theme.narrow else 2))
    ax.set_ylim(0, MAX_INPUTS * (1.4 if theme.narrow else 1.1))  # room for the legend above the line
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=theme.small_size, frameon=False)
    fig.tight_layout()


@figure(
    "forward-reverse/passes",
    alt=("Line chart of passes needed for the whole gradient of a function with one output, counted by "
         f"running both modes for 1 to {MAX_INPUTS} inputs. Forward mode rises in a straight line, one pass "
         "per input, "
         f"to {COUNTS[-1][1]}; reverse mode stays at {COUNTS[-1][2]}. The tiny network's "
         f"{len(TINY_PARAMETERS)} parameters take {TINY[1]} forward passes against {TINY[3]} backward pass."),
    caption="Passes for a whole gradient, counted by running each mode: forward mode needs one per input, "
            "reverse mode one in all.",
)
def passes():
    return still(_draw_passes, size=(720, 340), narrow_size=(360, 400))
