"""Figures for docs/layers.md: a two-layer classifier's backward pass on a batch, one product per frame.

The numbers are visual_backprop.batch's (numpy); tests/test_article_layers.py
holds every gradient to the scalar engine's on the same data and weights.
"""

import numpy as np
from matplotlib.patches import Rectangle

from visual_backprop.batch import Classifier, classifier_pass
from visual_backprop.draw import figure, plot_animation
from visual_backprop.format import num

# 2 inputs → 4 tanh units → 3 classes, on a batch of 5: every size differs, so no shape can be mistaken.
W1 = [[0.5, -0.3], [0.8, 0.2], [-0.4, 0.6], [0.1, -0.7]]
B1 = [[0.1], [-0.2], [0.0], [0.3]]
W2 = [[0.6, -0.5, 0.3, 0.2], [-0.3, 0.4, 0.7, -0.6], [0.2, 0.1, -0.4, 0.5]]
B2 = [[0.0], [0.1], [-0.1]]
X = [[1.0, -0.5, 0.3, -1.2, 0.8], [0.4, 1.1, -0.9, -0.2, 0.6]]  # one example per column
LABELS = [0, 1, 2, 1, 0]

NET = Classifier(W1, B1, W2, B2, activation="tanh")
PASS = classifier_pass(NET, X, LABELS)


def shape(matrix):
    return f"{matrix.shape[0]}×{matrix.shape[1]}"


def backward_steps(p, net=NET):
    """(layer, formula, [(name, matrix, kind)...], operator, (name, result), whose shape the result has)."""
    batch = p["X"].shape[1]
    ones = np.ones((batch, 1))
    return [
        (2, "δ⁽²⁾ = (P − Y) / B", [("P", p["P"], "value"), ("Y", p["Y"], "value")], "−",
         ("δ⁽²⁾", p["dZ2"]), "Z⁽²⁾"),
        (2, "∂L/∂W⁽²⁾ = δ⁽²⁾ A⁽¹⁾ᵀ", [("δ⁽²⁾", p["dZ2"], "grad"), ("A⁽¹⁾ᵀ", p["A1"].T, "value")], "·",
         ("∂L/∂W⁽²⁾", p["dW2"]), "W⁽²⁾"),
        (2, "∂L/∂b⁽²⁾ = δ⁽²⁾ 1", [("δ⁽²⁾", p["dZ2"], "grad"), ("1", ones, "value")], "·",
         ("∂L/∂b⁽²⁾", p["db2"]), "b⁽²⁾"),
        (1, "∂L/∂A⁽¹⁾ = W⁽²⁾ᵀ δ⁽²⁾", [("W⁽²⁾ᵀ", net.w2.T, "value"), ("δ⁽²⁾", p["dZ2"], "grad")], "·",
         ("∂L/∂A⁽¹⁾", p["dA1"]), "A⁽¹⁾"),
        (1, "δ⁽¹⁾ = ∂L/∂A⁽¹⁾ ⊙ f′(Z⁽¹⁾)",
         [("∂L/∂A⁽¹⁾", p["dA1"], "grad"), ("f′(Z⁽¹⁾)", p["f'(Z1)"], "value")], "⊙",
         ("δ⁽¹⁾", p["dZ1"]), "Z⁽¹⁾"),
        (1, "∂L/∂W⁽¹⁾ = δ⁽¹⁾ Xᵀ", [("δ⁽¹⁾", p["dZ1"], "grad"), ("Xᵀ", p["X"].T, "value")], "·",
         ("∂L/∂W⁽¹⁾", p["dW1"]), "W⁽¹⁾"),
        (1, "∂L/∂b⁽¹⁾ = δ⁽¹⁾ 1", [("δ⁽¹⁾", p["dZ1"], "grad"), ("1", ones, "value")], "·",
         ("∂L/∂b⁽¹⁾", p["db1"]), "b⁽¹⁾"),
        (0, "∂L/∂X = W⁽¹⁾ᵀ δ⁽¹⁾", [("W⁽¹⁾ᵀ", net.w1.T, "value"), ("δ⁽¹⁾", p["dZ1"], "grad")], "·",
         ("∂L/∂X", p["dX"]), "X"),
    ]


def product_shapes(step):
    """'(3×5)(5×4) = 3×4' for a product, '3×5 − 3×5 = 3×5' for an entrywise step."""
    _, _, factors, operator, (_, result), _ = step
    if operator == "·":
        return "".join(f"({shape(m)})" for _, m, _ in factors) + f" = {shape(result)}"
    return f" {operator} ".join(shape(m) for _, m, _ in factors) + f" = {shape(result)}"


def _grid(ax, theme, left, top, matrix, colour, cell):
    """One matrix as a grid of cells, each shaded by its entry's size; returns its right edge."""
    rows, cols = matrix.shape
    biggest = float(np.abs(matrix).max()) or 1.0
    for i in range(rows):
        for j in range(cols):
            ax.add_patch(Rectangle((left + j * cell, top + i * cell), cell, cell, facecolor=colour,
                                   alpha=0.1 + 0.55 * abs(matrix[i, j]) / biggest, linewidth=0))
            ax.add_patch(Rectangle((left + j * cell, top + i * cell), cell, cell, facecolor="none",
                                   edgecolor=colour, linewidth=1.2))
    return left + cols * cell


def _draw_step(fig, theme, step):
    layer, formula, factors, operator, (name, result), matches = step
    ax = fig.add_axes((0, 0, 1, 1))
    w, h = fig.get_size_inches() * fig.dpi
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.axis("off")
    cell = 13 if theme.narrow else 20
    gap = 30 if theme.narrow else 44
    where = f"layer {layer}" if layer else "the input"
    ax.text(w / 2, 20, f"{formula}   ({where})", ha="center", va="center", color=theme.text,
            fontsize=theme.font_size)
    parts = [(label, m, theme.grad if kind == "grad" else theme.value) for label, m, kind in factors]
    parts.append((name, result, theme.grad))
    band_top, band = 46, 5 * cell  # the tallest matrix here has 5 rows
    x = (w - sum(m.shape[1] * cell for _, m, _ in parts) - gap * (len(parts) - 1)) / 2
    for k, (label, matrix, colour) in enumerate(parts):
        top = band_top + (band - matrix.shape[0] * cell) / 2
        right = _grid(ax, theme, x, top, matrix, colour, cell)
        is_result = k == len(parts) - 1
        ax.text((x + right) / 2, band_top + band + 8, f"{label}\n{shape(matrix)}", ha="center", va="top",
                linespacing=1.3, color=theme.grad if is_result else theme.muted, fontsize=theme.small_size)
        if not is_result:
            sign = "=" if k == len(parts) - 2 else operator
            ax.text(right + gap / 2, band_top + band / 2, sign, ha="center", va="center", color=theme.text,
                    fontsize=theme.font_size)
        x = right + gap
    ax.text(w / 2, h - 14, f"{product_shapes(step)}, the shape of {matches}", ha="center", va="center",
            color=theme.text, fontsize=theme.small_size)


STEPS = backward_steps(PASS)


def _said(step):
    """'∂L/∂W⁽²⁾ = δ⁽²⁾ A⁽¹⁾ᵀ: (3×5)(5×4) = 3×4, the shape of W⁽²⁾'."""
    _, formula, _, _, _, matches = step
    return f"{formula}: {product_shapes(step)}, the shape of {matches}"


@figure(
    "layers/batch-backward",
    alt=(f"Animation of the backward pass of a two-layer classifier (2 inputs, 4 tanh units, 3 classes) on a "
         f"batch of {PASS['X'].shape[1]} examples stored as columns, loss L = {num(PASS['L'])}. One matrix "
         "product per frame, each matrix drawn as a grid of its shape: " + "; ".join(_said(s) for s in STEPS)
         + "."),
    caption="The batch backward pass, layer by layer: each step is one matrix product (or one entrywise "
            "product), and each gradient comes out in the shape of the thing it belongs to. The batch is "
            "summed inside the products with Aᵀ, Xᵀ and the column of ones.",
)
def batch_backward():
    frames = [(f"Layer {s[0]}: {_said(s)}." if s[0] else f"Back to the input: {_said(s)}.", s, "backward")
              for s in STEPS]
    return plot_animation(frames, _draw_step, size=(720, 230), narrow_size=(360, 210))
