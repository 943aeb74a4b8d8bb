"""Figures for docs/vectors-and-matrices.md: the tiny network as matrix products, its shapes flowing back.

The matrix pass is numpy only; tests/test_articles_going_further.py holds every entry to
the scalar engine's gradients for the same network.
"""

import numpy as np
from matplotlib.patches import Rectangle

from visual_backprop.draw import figure, plot_animation
from visual_backprop.format import num

W1 = np.array([[0.6, -0.4], [0.1, 0.8]])
B1 = np.array([[0.0], [-0.1]])
W2 = np.array([[0.7, -0.2]])
B2 = np.array([[0.05]])
X = np.array([[1.0], [-1.0]])  # one input, as a column
T = np.array([[0.25]])
BATCH_X = np.array([[1.0, -1.0], [-1.0, 1.0]])  # two inputs, one per column
BATCH_T = np.array([[0.25, 0.25]])


def matrix_pass(x=X, t=T):
    """Forward and backward through the tiny network for the columns of x; L is the mean squared error.

    δ at each layer is ∂L/∂(pre-activation); dW = δ xᵀ sums over the columns (the batch).
    """
    batch = x.shape[1]
    z = W1 @ x + B1
    a = np.maximum(z, 0.0)
    y = W2 @ a + B2
    loss = float(np.mean((y - t) ** 2))
    dy = 2.0 * (y - t) / batch
    da = W2.T @ dy
    dz = da * (z > 0)  # ReLU' as a 0/1 mask: the diagonal Jacobian, never built
    return {"x": x, "z": z, "a": a, "y": y, "L": loss, "dy": dy,
            "dW2": dy @ a.T, "db2": dy.sum(axis=1, keepdims=True), "da": da, "relu'": (z > 0) * 1.0,
            "dz": dz, "dW1": dz @ x.T, "db1": dz.sum(axis=1, keepdims=True), "dx": W1.T @ dz}


def backward_steps(p):
    """The backward pass: (title, [(name, matrix, kind)...], operator, (name, result), whose shape it has)."""
    return [
        ("∂L/∂y = 2(y − t)", [("y − t", p["y"] - T, "value")], "2×", ("∂L/∂y", p["dy"]), "y"),
        ("∂L/∂W⁽²⁾ = ∂L/∂y · aᵀ", [("∂L/∂y", p["dy"], "grad"), ("aᵀ", p["a"].T, "value")], "·",
         ("∂L/∂W⁽²⁾", p["dW2"]), "W⁽²⁾"),
        ("∂L/∂a = W⁽²⁾ᵀ · ∂L/∂y", [("W⁽²⁾ᵀ", W2.T, "value"), ("∂L/∂y", p["dy"], "grad")], "·",
         ("∂L/∂a", p["da"]), "a"),
        ("∂L/∂z = ∂L/∂a ⊙ ReLU′(z)", [("∂L/∂a", p["da"], "grad"), ("ReLU′(z)", p["relu'"], "value")], "⊙",
         ("∂L/∂z", p["dz"]), "z"),
        ("∂L/∂W⁽¹⁾ = ∂L/∂z · xᵀ", [("∂L/∂z", p["dz"], "grad"), ("xᵀ", p["x"].T, "value")], "·",
         ("∂L/∂W⁽¹⁾", p["dW1"]), "W⁽¹⁾"),
        ("∂L/∂x = W⁽¹⁾ᵀ · ∂L/∂z", [("W⁽¹⁾ᵀ", W1.T, "value"), ("∂L/∂z", p["dz"], "grad")], "·",
         ("∂L/∂x", p["dx"]), "x"),
    ]


def shape(matrix):
    return f"{matrix.shape[0]}×{matrix.shape[1]}"


def _grid(ax, theme, left, top, matrix, colour, cell):
    """One matrix as a grid of cells with its numbers; returns its right edge."""
    width, height = cell
    rows, cols = matrix.shape
    for i in range(rows):
        for j in range(cols):
            ax.add_patch(Rectangle((left + j * width, top + i * height), width, height, facecolor=theme.card,
                                   edgecolor=colour, linewidth=1.5))
            ax.text(left + (j + 0.5) * width, top + (i + 0.5) * height, num(matrix[i, j]), ha="center",
                    va="center", color=theme.text, fontsize=theme.small_size)
    return left + cols * width


def _draw_step(fig, theme, state):
    title, factors, operator, (name, result), matches = state
    ax = fig.add_axes((0, 0, 1, 1))
    w, h = fig.get_size_inches() * fig.dpi
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.axis("off")
    cell = (50, 32) if theme.narrow else (62, 34)
    gap = 22 if theme.narrow else 34
    ax.text(w / 2, 24, title, ha="center", va="center", color=theme.text, fontsize=theme.font_size)
    parts = [(label, mat, theme.grad if kind == "grad" else theme.value) for label, mat, kind in factors]
    parts.append((name, result, theme.grad))
    total = sum(p[1].shape[1] * cell[0] for p in parts) + gap * (len(parts) - 1)
    lead = 40 if len(factors) == 1 else 0  # room for the "2×" in front
    x = (w - total - lead) / 2
    top = 62
    top += (2 - max(p[1].shape[0] for p in parts)) * cell[1] / 2  # centre one-row steps in the two-row band
    rows = max(p[1].shape[0] for p in parts)
    if lead:
        ax.text(x + lead / 2, top + cell[1] / 2, operator, ha="center", va="center", color=theme.text,
                fontsize=theme.font_size)
        x += lead
    below = 62 + 2 * cell[1] + 8
    for k, (label, mat, colour) in enumerate(parts):
        right = _grid(ax, theme, x, top, mat, colour, cell)
        is_result = k == len(parts) - 1
        ax.text((x + right) / 2, below, f"{label}\n{shape(mat)}", ha="center", va="top", linespacing=1.3,
                color=theme.grad if is_result else theme.muted, fontsize=theme.small_size)
        if k < len(parts) - 1:
            sign = "=" if k == len(parts) - 2 else operator
            ax.text(right + gap / 2, top + rows * cell[1] / 2, sign, ha="center", va="center",
                    color=theme.text, fontsize=theme.font_size)
        x = right + gap
    ax.text(w / 2, h - 16, f"{name} is {shape(result)}, the shape of {matches}", ha="center", va="center",
            color=theme.text, fontsize=theme.small_size)


PASS = matrix_pass()
STEPS = backward_steps(PASS)


def _said(step):
    """'∂L/∂x = W⁽¹⁾ᵀ · ∂L/∂z = (0.42, −0.28), a 2×1 matrix, the shape of x'."""
    title, _, _, (_, result), matches = step
    values = ", ".join(num(v) for v in result.ravel())
    return f"{title} = ({values}), a {shape(result)} matrix, the shape of {matches}"


@figure(
    "vectors-and-matrices/shapes",
    alt=("Animation of the tiny network's backward pass as matrix products, one product per frame: "
         + "; ".join(_said(step) for step in STEPS) + "."),
    caption="The backward pass in matrix form: each step is one product, and every gradient comes out in the "
            "shape of the thing it belongs to.",
)
def shapes():
    frames = [(f"Backward step {k} of {len(STEPS)}: {_said(step)}.", step, "backward")
              for k, step in enumerate(STEPS, start=1)]
    return plot_animation(frames, _draw_step, size=(720, 200), narrow_size=(360, 200))
