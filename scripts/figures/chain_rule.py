"""Figures of the chain-rule article: (4x + 1)² backward, a chain of three links, and gradient descent."""

from visual_backprop import Value, record
from visual_backprop.draw import figure, graph_animation, plot_animation
from visual_backprop.format import fmt, num


def chain_rule_graph(x=1.0):
    """g = (4x + 1)², recorded after one forward and backward pass."""
    x = Value(x, label="x")
    u = 4 * x + 1
    u.label = "u"
    g = u ** 2
    g.label = "g"
    return record(g)


_TRACE = chain_rule_graph()
# Look x up by label: `4 * x` makes the constant 4 before x, so x is not forward[0].
_X = next(node for node in _TRACE.nodes if node.label == "x")
_G = _TRACE.node(_TRACE.root)


_U = next(node for node in _TRACE.nodes if node.label == "u")


@figure(
    "chain-rule/backward",
    explore="(4 * x + 1) ** 2",
    alt=(f"Computation graph of g = (4x + 1)² at x = {fmt(_X.data)}: forward it computes "
         f"u = 4x + 1 = {fmt(_U.data)} and g = {fmt(_G.data)}; backward it multiplies local "
         f"derivatives along the path to get ∂g/∂x = {fmt(_X.grad)}."),
    caption=f"The chain rule, step by step: ∂g/∂x = 2u · 4 = {fmt(_X.grad)} at x = {fmt(_X.data)}.",
)
def backward():
    return graph_animation(chain_rule_graph())



def three_links():
    """x = 2, y = x², z = y + 3, L = z²: three local gradients multiplied, 14 × 1 × 4."""
    x = Value(2.0, label="x")
    y = x ** 2
    y.label = "y"
    z = y + 3
    z.label = "z"
    loss = z ** 2
    loss.label = "L"
    return x, y, z, loss


_X3, _Y3, _Z3, _L3 = three_links()
_THREE = record(_L3)


@figure(
    "chain-rule/three-links",
    explore="(x ** 2 + 3) ** 2",
    alt=(f"Animation of the chain x = {num(_X3.data)}, y = x² = {num(_Y3.data)}, "
         f"z = y + 3 = {num(_Z3.data)}, "
         f"L = z² = {num(_L3.data)}. Backward: ∂L/∂z = {num(_Z3.grad)}, ∂L/∂y = {num(_Y3.grad)}, and "
         f"∂L/∂x = {num(_X3.grad)}, the product of the local gradients {num(_L3.local_grads[0])}, "
         f"{num(_Z3.local_grads[0])} and {num(_Y3.local_grads[0])}."),
    caption=(f"A chain of three links: ∂L/∂x = {num(_L3.local_grads[0])} × {num(_Z3.local_grads[0])} × "
             f"{num(_Y3.local_grads[0])} = {num(_X3.grad)}."),
)
def three_links_figure():
    return graph_animation(_THREE)


DESCENT_RATE = 0.05
DESCENT_STEPS = 10


def loss_and_slope(w):
    """L(w) = (2w − 3)² and ∂L/∂w, from one backward pass of the engine."""
    w = Value(w, label="w")
    loss = (2 * w - 3) ** 2
    loss.backward()
    return loss.data, w.grad


def descent(w=0.0, rate=DESCENT_RATE, steps=DESCENT_STEPS):
    """The visited points: (w, L, ∂L/∂w) before each step, then the last w."""
    path = []
    for _ in range(steps + 1):
        loss, slope = loss_and_slope(w)
        path.append((w, loss, slope))
        w = w - rate * slope
    return path


PATH = descent()


def draw_descent(fig, theme, k):
    ax = fig.subplots()
    ws = [-0.5 + 4 * i / 200 for i in range(201)]
    ax.plot(ws, [loss_and_slope(w)[0] for w in ws], color=theme.value, label="L(w) = (2w − 3)²")
    seen = PATH[: k + 1]
    ax.plot([p[0] for p in seen], [p[1] for p in seen], "o-", color=theme.muted, linewidth=1.2, markersize=5)
    w, loss, slope = PATH[k]
    span = 0.6
    ax.plot([w - span, w + span], [loss - span * slope, loss + span * slope], color=theme.grad, linewidth=2.5,
            label="slope ∂L/∂w")
    ax.plot([w], [loss], "o", color=theme.grad, markersize=10)
    ax.text(0.5, 0.97, f"w = {num(w)}\nL = {num(loss)}\n∂L/∂w = {num(slope)}",
            transform=ax.transAxes, ha="center", va="top", color=theme.text)
    ax.set_xlim(-0.5, 3.5)
    ax.set_ylim(-0.5, 12)
    ax.set_xlabel("w")
    ax.set_ylabel("L")
    ax.set_xticks([0, 1, 2, 3] if theme.narrow else [-0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5])
    if not theme.narrow:
        ax.legend(loc="lower right")
    fig.tight_layout()


def _descent_frames():
    frames = []
    for k, (w, loss, slope) in enumerate(PATH):
        if k == 0:
            text = (f"Start at w = {fmt(w)}: L = {fmt(loss)} and the backward pass gives "
                    f"∂L/∂w = {num(slope)}; "
                    f"step against it, w ← w − {num(DESCENT_RATE)} · ∂L/∂w.")
        else:
            text = (f"Step {k}: w = {num(w)}, L = {num(loss)}, ∂L/∂w = {num(slope)}. "
                    "The slope is flatter, so the step is shorter.")
        frames.append((text, k))
    return frames


@figure(
    "chain-rule/descent",
    alt=(f"Animation of gradient descent on the loss curve L(w) = (2w − 3)², a parabola with its minimum at "
         f"w = 1.5. Starting at w = {num(PATH[0][0])} where L = {num(PATH[0][1])} and "
         f"∂L/∂w = {num(PATH[0][2])}, "
         f"each step moves w by −{num(DESCENT_RATE)} times the slope: w = "
         + ", ".join(num(p[0]) for p in PATH[:5]) + f", …, reaching w = {num(PATH[-1][0])} after "
         f"{DESCENT_STEPS} steps, with the tangent line flattening on the way."),
    caption=(f"Gradient descent with learning rate {num(DESCENT_RATE)}: each step follows the engine's "
             f"∂L/∂w downhill, from w = {num(PATH[0][0])} towards 1.5."),
)
def descent_figure():
    return plot_animation(_descent_frames(), draw_descent, size=(720, 340), narrow_size=(360, 380))
