"""Figures for docs/training.md: fitting y = 2x with gradient descent, and an MLP learning two moons.

All training runs on the engine (Value, MLP, mse, SGD). numpy only generates
the toy data set (fixed seed), draws the loss surface's contour grid from the
same formula, and evaluates the trained network on the plotting grid.
"""

import functools
import math

import numpy as np
from matplotlib.ticker import MultipleLocator

from visual_backprop.draw import figure, plot_animation
from visual_backprop.draw.plots import panels
from visual_backprop.engine import Value
from visual_backprop.format import num
from visual_backprop.nn import MLP, SGD, mse

# --- the line fit ------------------------------------------------------------

X = [1.0, 2.0, 3.0, 4.0]
Y = [2.0, 4.0, 6.0, 8.0]
W0, B0 = 0.0, 0.0
LR = 0.01
EPOCHS = 2000



def line_loss(w, b):
    """The engine's mean squared error of w*x + b on the four points."""
    return mse([w * x + b for x in X], Y)


@functools.cache
def fit_line(w0=W0, b0=B0, lr=LR, epochs=EPOCHS):
    """Full-batch gradient descent on the engine; one row per epoch, then the final parameters.

    Row k holds w, b and the loss before step k, with ∂L/∂w and ∂L/∂b there.
    Returns (rows, (w, b, loss) after the last step).
    """
    w, b = Value(w0, label="w"), Value(b0, label="b")
    opt = SGD([w, b], lr)
    rows = []
    for epoch in range(epochs):
        opt.zero_grad()
        loss = line_loss(w, b)
        loss.backward()
        rows.append({"epoch": epoch, "w": w.data, "b": b.data, "loss": loss.data, "dw": w.grad, "db": b.grad})
        opt.step()
    return tuple(rows), (w.data, b.data, line_loss(w, b).data)


def surface(ws, bs):
    """The same loss, mean((w x + b − y)²), on a numpy grid, for the contour plot only."""
    x, y = np.array(X), np.array(Y)
    return ((ws[..., None] * x + bs[..., None] - y) ** 2).mean(axis=-1)


def shown_epochs(epochs=EPOCHS, count=13):
    """Epochs to show: the first few, then spaced geometrically to the end."""
    picks = {0, 1, 2, 3}
    picks.update(round(v) for v in np.geomspace(4, epochs - 1, count - len(picks)))
    return sorted(picks)


@functools.cache
def _plotted():
    """About 150 epochs spread evenly on a log axis: enough for smooth curves, cheap to draw."""
    keep = sorted({round(v) for v in np.geomspace(1, EPOCHS, 150)} | {1, EPOCHS})
    return np.array(keep) - 1


def _fit_frames():
    rows, (w, b, loss) = fit_line()
    frames = []
    for e in shown_epochs():
        r = rows[e]
        frames.append((f"Epoch {e}: w = {num(r['w'], digits=3)}, b = {num(r['b'], digits=3)}, "
                       f"L = {num(r['loss'], digits=3)}, ∂L/∂w = {num(r['dw'], digits=3)}, "
                       f"∂L/∂b = {num(r['db'], digits=3)}.", e, "train"))
    frames.append((f"After {EPOCHS} epochs: w = {num(w)}, b = {num(b)}, L = {num(loss, digits=3)}.",
                   EPOCHS, "train"))
    return frames


def _draw_curves(fig, theme, upto):
    rows, _ = fit_line()
    idx = _plotted()
    idx = idx[idx <= upto]
    epochs = idx + 1  # on a log axis epoch 0 is drawn at 1
    pick = {key: np.array([rows[i][key] for i in idx]) for key in ("loss", "w", "b", "dw", "db")}
    axes = panels(fig, theme, 3)
    if theme.narrow:
        fig.subplots_adjust(left=0.2, right=0.95, top=0.95, bottom=0.07, hspace=0.55)
    else:
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.17, wspace=0.35)
    axes[0].loglog(epochs, pick["loss"], color=theme.value)
    axes[0].set_title("loss L")
    axes[0].set_ylim(1e-7, 100)
    axes[1].semilogx(epochs, pick["w"], color=theme.value, label="w")
    axes[1].semilogx(epochs, pick["b"], color=theme.accent, linestyle="--", label="b")
    axes[1].set_ylim(-0.3, 2.4)
    axes[1].legend(loc="upper left")
    axes[1].set_title("w and b")
    axes[2].loglog(epochs, np.abs(pick["dw"]), color=theme.grad, label="|∂L/∂w|")
    axes[2].loglog(epochs, np.abs(pick["db"]), color=theme.grad, linestyle="--", label="|∂L/∂b|")
    axes[2].set_ylim(1e-4, 100)
    axes[2].legend(loc="lower left")
    axes[2].set_title("gradient size")
    axes[0].set_yticks([1e-6, 1e-3, 1])
    axes[2].set_yticks([1e-3, 1e-1, 10])
    for ax in axes:
        ax.set_xlim(1, EPOCHS)
        ax.set_xticks([1, 10, 100, 1000])
        ax.set_xlabel("epoch + 1")
        ax.minorticks_off()  # hundreds of minor log ticks cost more than everything else together


def _draw_descent(fig, theme, upto):
    rows, (wf, bf, _) = fit_line()
    ax = fig.add_subplot()
    ws, bs = np.meshgrid(np.linspace(-3.0, 5.5, 171), np.linspace(-4.0, 5.0, 181))  # room to widen
    ax.contour(ws, bs, surface(ws, bs), levels=np.geomspace(0.01, 200, 12), colors=theme.muted,
               linewidths=0.9)
    k = min(upto, len(rows) - 1) + 1
    path_w = [r["w"] for r in rows[:k]]
    path_b = [r["b"] for r in rows[:k]]
    if upto >= len(rows):
        path_w.append(wf)
        path_b.append(bf)
    ax.plot(path_w, path_b, color=theme.grad, lw=2)
    ax.plot(path_w[-1], path_b[-1], "o", color=theme.grad, ms=8)
    ax.plot([W0], [B0], "s", color=theme.value, ms=8, label=f"start ({num(W0)}, {num(B0)})")
    ax.plot([2.0], [0.0], "*", color=theme.accent, ms=14, label="best (2, 0)")
    ax.set_xlim(-0.5, 3.0)
    ax.set_ylim(-1.5, 2.5)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MultipleLocator(1))
    # One unit of w as long as one of b, so "straight downhill" looks perpendicular to the contours;
    # the w range widens to fill the frame.
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.legend(loc="lower left")
    fig.subplots_adjust(left=0.12 if not theme.narrow else 0.17, right=0.97, top=0.97, bottom=0.13)


def _curves_alt():
    """The line fit in words: computed when the figure is rendered, not on import."""
    rows, (w, b, loss) = fit_line()
    return (f"Gradient descent on y = 2x from w = {num(W0)}, b = {num(B0)} with learning rate {num(LR)}: "
            f"over {EPOCHS} epochs the loss falls from {num(rows[0]['loss'])} to {num(loss, digits=3)}, "
            f"w rises to {num(w)}, b ends at {num(b)}, and both gradients shrink towards 0.")


def _descent_alt():
    """Where descent ends, in words: computed when the figure is rendered, not on import."""
    _, (w, b, _) = fit_line()
    return (f"Contours of the loss over (w, b) with the path of gradient descent from "
            f"({num(W0)}, {num(B0)}): it first rushes across the valley, then creeps along it to "
            f"({num(w)}, {num(b)}).")


@figure("training/curves",
        alt=_curves_alt,
        caption="The line fit, epoch by epoch: the loss (log scale), the two parameters, and the size of "
                "their gradients.")
def curves():
    return plot_animation(_fit_frames(), _draw_curves, size=(720, 300), narrow_size=(360, 680))


@figure("training/descent",
        alt=_descent_alt,
        caption="Gradient descent on the loss surface. Each step goes straight downhill, which first "
                "crosses the narrow valley and then creeps along its floor towards w = 2, b = 0.")
def descent():
    return plot_animation(_fit_frames(), _draw_descent, size=(720, 440), narrow_size=(360, 400))


# --- two moons -----------------------------------------------------------------

MOONS_N = 60
MOONS_NOISE = 0.12
MOONS_SEED = 3
MOONS_SIZES = [2, 8, 1]
MOONS_LR = 0.5
MOONS_EPOCHS = 150
MOONS_SHOWN = (0, 5, 10, 20, 30, 40, 60, 80, 100, 125, 150)


def two_moons(n=MOONS_N, noise=MOONS_NOISE, seed=MOONS_SEED):
    """Two interleaved half circles with Gaussian noise, standardised; labels −1 and +1."""
    rng = np.random.default_rng(seed)
    half = n // 2
    t1, t2 = rng.uniform(0, math.pi, half), rng.uniform(0, math.pi, n - half)
    upper = np.c_[np.cos(t1), np.sin(t1)]
    lower = np.c_[1 - np.cos(t2), 0.5 - np.sin(t2)]
    points = np.r_[upper, lower] + rng.normal(0.0, noise, (n, 2))
    points = (points - points.mean(axis=0)) / points.std(axis=0)
    labels = np.r_[-np.ones(half), np.ones(n - half)]
    return points, labels


def moons_net():
    return MLP(MOONS_SIZES, ["tanh", "tanh"], seed=1)


def numpy_forward(net, points):
    """The MLP's output on many points at once, from the engine's current weights (for the grid)."""
    h = np.asarray(points, dtype=float)
    for layer in net.layers:
        w = np.array([[wi.data for wi in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        h = np.tanh(h @ w.T + b)
    return h[:, 0]


@functools.cache
def train_moons():
    """Train on the engine; returns (points, labels, losses, accuracies, snapshots of weights by epoch)."""
    points, labels = two_moons()
    net = moons_net()
    opt = SGD(net.parameters(), MOONS_LR)
    losses, accuracies, snapshots = [], [], {}
    inputs = [[float(a), float(b)] for a, b in points]
    targets = [float(t) for t in labels]
    for epoch in range(MOONS_EPOCHS + 1):
        if epoch in MOONS_SHOWN:
            snapshots[epoch] = [p.data for p in net.parameters()]
        opt.zero_grad()
        predictions = [net(x)[0] for x in inputs]
        loss = mse(predictions, targets)
        losses.append(loss.data)
        accuracies.append(sum((p.data > 0) == (t > 0) for p, t in zip(predictions, targets)) / len(targets))
        if epoch < MOONS_EPOCHS:
            loss.backward()
            opt.step()
    return points, labels, tuple(losses), tuple(accuracies), snapshots


def _moons_frames():
    _, _, losses, accs, _ = train_moons()
    return [(f"Epoch {e}: loss {num(losses[e], digits=3)}, {round(100 * accs[e])}% of the points on the "
             "right side.", e, "train") for e in MOONS_SHOWN]


def _draw_moons(fig, theme, epoch):
    points, labels, losses, _, snapshots = train_moons()
    net = moons_net()
    for p, v in zip(net.parameters(), snapshots[epoch]):
        p.data = v
    axes = fig.subplots(2, 1, height_ratios=[3, 1.4]) if theme.narrow else fig.subplots(
        1, 2, width_ratios=[1.1, 1])
    ax, lx = axes
    gx, gy = np.meshgrid(np.linspace(-2.4, 2.4, 97), np.linspace(-2.4, 2.4, 97))
    out = numpy_forward(net, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
    ax.contourf(gx, gy, out, levels=[-1, 0, 1], colors=[theme.value, theme.grad], alpha=0.18)
    ax.contour(gx, gy, out, levels=[0], colors=theme.text, linewidths=1.8)
    neg, pos = labels < 0, labels > 0
    ax.scatter(points[neg, 0], points[neg, 1], marker="o", s=34, color=theme.value, label="class −1")
    ax.scatter(points[pos, 0], points[pos, 1], marker="^", s=40, color=theme.grad, label="class +1")
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"epoch {epoch}")
    lx.plot(range(epoch + 1), losses[: epoch + 1], color=theme.value)
    lx.set_xlim(0, MOONS_EPOCHS)
    lx.set_ylim(0, max(losses) * 1.05)
    lx.set_xlabel("epoch")
    lx.set_title("loss")
    fig.tight_layout()


def _moons_alt():
    """The training run in words: trained when the figure is rendered, not on import."""
    _, _, losses, accs, _ = train_moons()
    return (f"A {'–'.join(map(str, MOONS_SIZES))} tanh network learns two moons ({MOONS_N} points): the "
            f"decision boundary bends from a near straight line into an S between the classes while the "
            f"loss falls from {num(losses[0], digits=3)} to {num(losses[-1], digits=3)}; accuracy goes from "
            f"{round(100 * accs[0])}% to {round(100 * accs[-1])}%.")


@figure("training/moons", alt=_moons_alt,
        caption="A small MLP, trained on the engine, learns to separate two interleaved half-moons. "
                "One panel shows the decision boundary (output 0) at the epoch shown, the other the loss so "
                "far; they sit side by side on a wide screen and one above the other on a phone.")
def moons():
    return plot_animation(_moons_frames(), _draw_moons, size=(720, 380), narrow_size=(360, 560))
