"""Figures for docs/gradient-checking.md: finite differences against backward(), and what a kink does to them.

The exact gradient is the engine's backward pass; the estimates and their relative errors come
from visual_backprop.gradcheck. numpy and matplotlib only draw.
"""

import functools
import math
import sys

from visual_backprop.draw import figure, still
from visual_backprop.draw.plots import panels
from visual_backprop.engine import Value
from visual_backprop.format import num, superscript
from visual_backprop.gradcheck import best_step, central_difference, error_sweep

# The neuron of docs/engine.md, o = tanh(x1 w1 + x2 w2 + b), differentiated along w1.
X1, X2, W1, W2, B = 2.0, 0.0, -3.0, 1.0, 6.8813735870195432
EPSILON = sys.float_info.epsilon  # the gap between 1 and the next double
KINK_STEP = 0.5  # a large h, so the secant across the kink can be seen


def neuron(w1):
    """o = tanh(x1 w1 + x2 w2 + b) as a Value, with the page's inputs and w1 given (a float or a Value)."""
    return (Value(X1) * w1 + Value(X2) * Value(W2) + B).tanh()


def exact():
    """∂o/∂w1 from backward()."""
    w1 = Value(W1, "w1")
    neuron(w1).backward()
    return w1.grad


@functools.cache
def sweep():
    """The relative error of the forward and central estimates of ∂o/∂w1, for h = 1e-1 … 1e-12."""
    return tuple(error_sweep(lambda w: neuron(w).data, W1, exact()))


def best(kind="central"):
    return best_step(sweep(), kind)


def relu(x):
    return Value(x).relu().data


def max_with_one(a):
    return Value(a).max(Value(1.0)).data


def engine_slope(build, *point):
    """backward()'s gradient of build(*Values) at point, one per input: what the engine says at a kink."""
    leaves = [Value(x) for x in point]
    build(*leaves).backward()
    return [leaf.grad for leaf in leaves]


def power_of_ten(h):
    """10⁻⁵ for 1e-5: the steps of the sweep as the axis writes them."""
    return "10" + superscript(str(round(math.log10(h))))


def _draw_sweep(fig, theme):
    ax = fig.add_subplot()
    rows = sweep()
    hs = [row["h"] for row in rows]
    ax.loglog(hs, [row["forward"] for row in rows], "s--", color=theme.value, label="forward difference")
    ax.loglog(hs, [row["central"] for row in rows], "o-", color=theme.grad, label="central difference")
    for kind, color in (("forward", theme.value), ("central", theme.grad)):
        row = best(kind)
        ax.plot([row["h"]], [row[kind]], "o", ms=13, mfc="none", mec=color, mew=1.6)
        ax.annotate(f"best h = {power_of_ten(row['h'])}", (row["h"], row[kind]), xytext=(0, -24),
                    textcoords="offset points", ha="center", color=theme.text, fontsize=theme.small_size)
    ax.invert_xaxis()  # h shrinks to the right, as a reader tries smaller and smaller steps
    ax.set_ylim(1e-13, 1)
    ax.text(hs[0], 1e-12, "← truncation", ha="left", color=theme.muted, fontsize=theme.small_size)
    ax.text(hs[-1], 1e-12, "round-off →", ha="right", color=theme.muted, fontsize=theme.small_size)
    ax.set_xticks(hs[::2] if theme.narrow else hs[1::2])
    ax.set_xlabel("step h")
    ax.set_ylabel("relative error")
    ax.legend(loc="upper center")
    fig.tight_layout()


def _draw_kinks(fig, theme):
    """ReLU near 0 with the secant central differences use, and max(a, b) along a through a tie."""
    left, right = panels(fig, theme, 2)
    xs = [i / 50 - 1 for i in range(101)]
    left.plot(xs, [relu(x) for x in xs], color=theme.value, lw=2, label="relu(x)")
    h = KINK_STEP
    left.plot([-h, h], [relu(-h), relu(h)], "o--", color=theme.grad,
              label=f"secant, slope {num(central_difference(relu, 0.0, h))}")
    slope = engine_slope(Value.relu, 0.0)[0]
    left.plot([-1, 1], [-slope, slope], ":", color=theme.accent, lw=2.4, zorder=3,
              label=f"engine's slope, {num(slope)}")
    left.set_title("relu at x = 0")
    left.set_xlabel("x")
    left.legend(loc="upper left")
    b = 1.0
    right.plot([b + x for x in xs], [max_with_one(b + x) for x in xs], color=theme.value, lw=2,
               label="max(a, 1)")
    right.plot([b - h, b + h], [max_with_one(b - h), max_with_one(b + h)], "o--", color=theme.grad,
               label=f"secant, slope {num(central_difference(max_with_one, b, h))}")
    slope = engine_slope(Value.max, b, b)[0]
    right.plot([b - h, b + h], [b - slope * h, b + slope * h], ":", color=theme.accent, lw=2.4, zorder=3,
               label=f"engine's slope, {num(slope)}")
    right.set_xticks([0.0, 1.0, 2.0])
    right.set_title("max(a, 1) at a = 1")
    right.set_xlabel("a")
    right.legend(loc="upper left")
    fig.tight_layout()


def _sweep_alt():
    central, forward = best(), best("forward")
    return (f"Log-log plot of the relative error of ∂o/∂w1 against the step h from 0.1 to 1e-12. Central "
            f"differences fall a hundredfold per tenfold smaller h, to "
            f"{num(central['central'], digits=3)} at h = {power_of_ten(central['h'])}; forward differences "
            f"fall tenfold, to {num(forward['forward'], digits=3)} at h = {power_of_ten(forward['h'])}. "
            "Below those steps both errors grow again.")


def _sweep_caption():
    return (f"How far each estimate of ∂o/∂w1 = {num(exact())} lands from backward(), as the step shrinks. "
            "Large steps are off by the curvature they skip (truncation); tiny steps subtract two nearly "
            "equal numbers and lose digits (round-off).")


def _kinks_alt():
    return (f"Left: relu(x) with the secant from x = −{num(KINK_STEP)} to {num(KINK_STEP)}, slope "
            f"{num(central_difference(relu, 0.0, KINK_STEP))}, and the engine's slope "
            f"{num(engine_slope(Value.relu, 0.0)[0])} at x = 0. Right: max(a, 1) with the secant across "
            f"a = 1, slope {num(central_difference(max_with_one, 1.0, KINK_STEP))}, and the engine's slope "
            f"{num(engine_slope(Value.max, 1.0, 1.0)[0])} for a.")


@figure("gradient-checking/sweep", alt=_sweep_alt, caption=_sweep_caption)
def sweep_plot():
    return still(_draw_sweep, size=(720, 400), narrow_size=(360, 400))


@figure("gradient-checking/kinks", alt=_kinks_alt,
        caption="At a kink the central difference measures the secant across it, the average of the two "
                "one-sided slopes, whatever the step. The engine reports one of the two slopes instead.")
def kinks_plot():
    return still(_draw_kinks, size=(720, 320), narrow_size=(360, 560))
