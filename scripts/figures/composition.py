"""Figures for docs/composition.md: the expression tree of (7x + 3)² evaluated bottom-up, and f then g."""

from visual_backprop.draw import figure, graph_animation, still
from visual_backprop.draw.plots import panels
from visual_backprop.engine import Value
from visual_backprop.format import num
from visual_backprop.trace import record

X = 2.0



def composed(x=X):
    """(7x + 3)² as the engine builds it: returns x, 7x, 7x + 3 and the square."""
    x = Value(x, label="x")
    times7 = 7 * x
    inner = times7 + 3
    return x, times7, inner, inner ** 2


_, TIMES7, INNER, OUTER = composed()


@figure(
    "composition/tree",
    explore="(7 * x + 3) ** 2",
    alt=(f"Animation of the expression tree of (7x + 3)² at x = {num(X)}. The leaves x, 7 and 3 are known "
         f"first; then 7x = {num(TIMES7.data)}, then 7x + 3 = {num(INNER.data)}, then the square, "
         f"{num(OUTER.data)}, at the root."),
    caption=(f"Evaluating (7x + 3)² bottom-up at x = {num(X)}: each node is computed as soon as its "
             f"inputs are known, ending with {num(OUTER.data)} at the root."),
)
def tree():
    return graph_animation(record(OUTER), phases=("forward",))


def _curve(function, lo, hi, count=81):
    """Points of a one-variable function, each evaluated by the engine."""
    xs = [lo + (hi - lo) * i / (count - 1) for i in range(count)]
    return xs, [function(Value(x)).data for x in xs]


def f(v):
    return 7 * v + 3


def g(v):
    return v ** 2


def draw_relay(fig, theme):
    """Two panels: f maps x to 7x + 3, then g maps that to its square; the point at x = X is marked."""
    left, right = panels(fig, theme, 2)
    u, y = f(Value(X)).data, g(f(Value(X))).data
    for ax, fn, (lo, hi), x0, y0, name, xname in (
            (left, f, (-1, 3), X, u, "f(x) = 7x + 3", "x"),
            (right, g, (0, 20), u, y, "g(u) = u²", "u")):
        xs, ys = _curve(fn, lo, hi)
        ax.plot(xs, ys, color=theme.value)
        ax.plot([x0, x0, lo], [min(ys), y0, y0], color=theme.muted, linestyle="--", linewidth=1.2)
        ax.plot([x0], [y0], "o", color=theme.grad, markersize=9)
        ax.annotate(f"{name[0]}({num(x0)}) = {num(y0)}", (x0, y0), textcoords="offset points",
                    xytext=(-8, 10), ha="right",
                    color=theme.text, fontsize=theme.font_size)
        ax.set_title(name, loc="left")
        ax.set_xlabel(xname)
        ax.set_xlim(lo, hi)
        ax.set_ylim(min(ys), max(ys) * 1.08)
    fig.tight_layout()


@figure(
    "composition/relay",
    alt=(f"Two plots. Left: the line f(x) = 7x + 3, with x = {num(X)} marked at height {num(INNER.data)}. "
         f"Right: the parabola g(u) = u², with u = {num(INNER.data)} marked at height {num(OUTER.data)}."),
    caption=(f"The composition as a relay: f turns {num(X)} into {num(INNER.data)}, and g turns "
             f"{num(INNER.data)} into {num(OUTER.data)}."),
)
def relay():
    return still(draw_relay, size=(720, 300), narrow_size=(360, 520))
