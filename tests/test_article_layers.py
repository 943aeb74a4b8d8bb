"""docs/layers.md and visual_backprop/batch.py: the layer recurrence on a batch, held to the scalar engine.

The numpy classifier and a scalar one built from engine Values share the data
and weights of scripts/figures/layers.py; every gradient (weights, biases and
inputs) must agree to 1e-12. Every number the page quotes is computed here,
formatted with fmt, and must stand in the page; afterwards no decimal may be
left in the prose, or in the questions, that no check accounts for.
"""

import math
from pathlib import Path

import numpy as np
import pytest
from page_text import (
    Quotes,
    assert_last_snippet_prints_what_it_says,
    assert_page_shows_its_figure_code,
    bmatrix,
    embedded_figures,
    figure_module,
    page,
    split_questions,
)

from visual_backprop import Value
from visual_backprop.batch import Classifier, classifier_pass, softmax_columns
from visual_backprop.engine import topological_order

PAGE, MODULE = "layers", "layers"


def values(matrix):
    return [[Value(float(v)) for v in row] for row in np.asarray(matrix, dtype=float)]


def engine_classifier(w1, b1, w2, b2, x, labels, activation="tanh"):
    """The classifier one scalar at a time: the batch mean of −log softmax(z)[label]; backward() run."""
    W1, B1, W2, B2, X = (values(m) for m in (w1, b1, w2, b2, x))
    batch = len(labels)
    total = Value(0.0)
    for b, label in enumerate(labels):
        column = [row[b] for row in X]
        hidden = []
        for w_row, (bias,) in zip(W1, B1, strict=True):
            z = bias
            for w, xi in zip(w_row, column, strict=True):
                z = z + w * xi
            hidden.append(z.tanh() if activation == "tanh" else z.relu())
        logits = []
        for w_row, (bias,) in zip(W2, B2, strict=True):
            z = bias
            for w, ai in zip(w_row, hidden, strict=True):
                z = z + w * ai
            logits.append(z)
        exps = [z.exp() for z in logits]
        norm = exps[0]
        for e in exps[1:]:
            norm = norm + e
        total = total - (exps[label] / norm).log()
    loss = total / batch
    loss.backward()
    grads = {name: np.array([[v.grad for v in row] for row in m])
             for name, m in (("dW1", W1), ("db1", B1), ("dW2", W2), ("db2", B2), ("dX", X))}
    return loss, grads


def test_every_gradient_matches_the_scalar_engine_to_1e_12():
    mod = figure_module(MODULE)
    loss, grads = engine_classifier(mod.W1, mod.B1, mod.W2, mod.B2, mod.X, mod.LABELS)
    assert abs(mod.PASS["L"] - loss.data) <= 1e-12
    for name, engine in grads.items():
        assert mod.PASS[name].shape == engine.shape, name
        assert np.abs(mod.PASS[name] - engine).max() <= 1e-12, name


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_random_classifiers_match_the_scalar_engine(seed, activation):
    rng = np.random.default_rng(seed)
    d, h, k, batch = rng.integers(1, 5, size=4)
    shapes = [(h, d), (h, 1), (k, h), (k, 1)]
    weights = [rng.normal(size=s) for s in shapes]
    x = rng.normal(size=(d, batch))
    labels = rng.integers(0, k, size=batch)
    out = classifier_pass(Classifier(*weights, activation=activation), x, labels)
    loss, grads = engine_classifier(*weights, x, labels.tolist(), activation)
    assert math.isclose(out["L"], loss.data, rel_tol=1e-12, abs_tol=1e-12)
    for name, engine in grads.items():
        assert np.allclose(out[name], engine, rtol=0, atol=1e-12), name


def test_the_recurrence_starts_from_p_minus_y_over_b():
    mod = figure_module(MODULE)
    p = mod.PASS
    assert np.allclose(p["P"].sum(axis=0), 1.0)
    assert np.allclose(p["P"], softmax_columns(p["Z2"]))
    assert np.array_equal(p["Y"].argmax(axis=0), mod.LABELS) and p["Y"].sum() == len(mod.LABELS)
    assert np.allclose(p["dZ2"], (p["P"] - p["Y"]) / len(mod.LABELS))
    assert np.allclose(p["dZ1"], (mod.NET.w2.T @ p["dZ2"]) * (1 - np.tanh(p["Z1"]) ** 2))
    outer_products = [np.outer(p["dZ1"][:, b], p["X"][:, b]) for b in range(len(mod.LABELS))]
    assert np.allclose(p["dW1"], sum(outer_products))  # Σ_b δ_b x_bᵀ


def test_shapes_follow_their_quantities():
    mod = figure_module(MODULE)
    p = mod.PASS
    for name, quantity in (("dW1", mod.NET.w1), ("db1", mod.NET.b1), ("dW2", mod.NET.w2), ("db2", mod.NET.b2),
                           ("dX", p["X"]), ("dZ1", p["Z1"]), ("dZ2", p["Z2"]), ("dA1", p["A1"])):
        assert p[name].shape == quantity.shape, name
    sizes = {mod.NET.w1.shape[1], mod.NET.w1.shape[0], mod.NET.w2.shape[0], p["X"].shape[1]}
    assert len(sizes) == 4  # every size differs, so no product can be read the wrong way round
    steps = mod.STEPS
    assert [mod.product_shapes(s) for s in steps] == [
        "3×5 − 3×5 = 3×5", "(3×5)(5×4) = 3×4", "(3×5)(5×1) = 3×1", "(4×3)(3×5) = 4×5",
        "4×5 ⊙ 4×5 = 4×5", "(4×5)(5×2) = 4×2", "(4×5)(5×1) = 4×1", "(2×4)(4×5) = 2×5"]


def test_bad_input_is_named():
    mod = figure_module(MODULE)
    with pytest.raises(ValueError, match=r"Classifier: W2 has shape \(3, 3\).*should be \(3, 4\)"):
        Classifier(mod.W1, mod.B1, np.zeros((3, 3)), mod.B2)
    with pytest.raises(ValueError, match="unknown activation 'sin'"):
        Classifier(mod.W1, mod.B1, mod.W2, mod.B2, activation="sin")
    with pytest.raises(ValueError, match=r"X should be 2×B .* got shape \(3, 5\)"):
        classifier_pass(mod.NET, np.zeros((3, 5)), mod.LABELS)
    with pytest.raises(ValueError, match=r"labels must lie in 0..2 for 3 classes, got \[0, 1, 2, 3, 0\]"):
        classifier_pass(mod.NET, mod.X, [0, 1, 2, 3, 0])
    with pytest.raises(ValueError, match="labels should be 5 integers"):
        classifier_pass(mod.NET, mod.X, [0, 1, 2])


def quote_page(q, mod):
    p = mod.PASS
    (h, d), (k, _) = mod.NET.w1.shape, mod.NET.w2.shape
    batch = p["X"].shape[1]
    q("${}$ inputs, ${}$ tanh units and ${}$ classes, on a batch of $B = {}$", d, h, k, batch)
    q("the mean cross-entropy over the five examples is $L = {}$", p["L"])
    q(r"\frac{{\partial L}}{{\partial W^{{(2)}}}} = \\ {},", bmatrix(p["dW2"]))
    q(r"\frac{{\partial L}}{{\partial b^{{(2)}}}} = {}, \qquad", bmatrix(p["db2"]))
    q(r"\frac{{\partial L}}{{\partial b^{{(1)}}}} = {},", bmatrix(p["db1"]))
    q(r"\frac{{\partial L}}{{\partial W^{{(1)}}}} = {} .", bmatrix(p["dW1"]))
    loss, grads = engine_classifier(mod.W1, mod.B1, mod.W2, mod.B2, mod.X, mod.LABELS)
    nodes = len(topological_order(loss))
    parameters = sum(grads[n].size for n in ("dW1", "db1", "dW2", "db2"))
    q("a graph of ${}$ scalar nodes", nodes)
    q("all ${}$ parameter gradients and the ${}$ input gradients", parameters, grads["dX"].size)
    q("numpy does the same with ${}$ products", len(mod.STEPS))


def test_page_numbers():
    q = Quotes(PAGE)
    quote_page(q, figure_module(MODULE))
    assert q.leftover_decimals() == []


class Questions(Quotes):
    """Quotes over the page's "Predict, then check" section alone."""

    def __init__(self, name):
        super().__init__(name)
        self.text = " ".join(self.source().split())

    def source(self):
        return split_questions(page(self.name))[1]


def test_questions():
    q = Questions(PAGE)
    mod = figure_module(MODULE)
    # 1: a unit off for the whole batch (ReLU, a bias of −3) has a zero row in ∂L/∂W⁽¹⁾ and ∂L/∂b⁽¹⁾.
    b1 = np.array(mod.B1, dtype=float)
    b1[3, 0] = -3.0
    off = classifier_pass(Classifier(mod.W1, b1, mod.W2, mod.B2, activation="relu"), mod.X, mod.LABELS)
    assert (off["Z1"][3] < 0).all() and not off["dW1"][3].any() and off["db1"][3, 0] == 0.0
    assert all(off["dW1"][i].any() for i in range(3))
    q("give unit $4$ the bias ${}$", b1[3, 0])
    # 2: a new label for example 3 changes column 3 of δ⁽²⁾ and of every gradient with a batch column.
    relabelled = list(mod.LABELS)
    relabelled[2] = 0
    new = classifier_pass(mod.NET, mod.X, relabelled)
    q("example $3$ from class ${}$ to class ${}$", mod.LABELS[2], relabelled[2])
    changed = new["dZ2"] - mod.PASS["dZ2"]
    assert not np.delete(changed, 2, axis=1).any()
    assert np.allclose(changed[:, 2], [-0.2, 0.0, 0.2])  # −1/B where the 1 moved to, +1/B where it left
    q("by ${}$ in the new class's row and ${}$ in the old one's", changed[0, 2], changed[2, 2])
    for name in ("dA1", "dZ1", "dX"):
        assert not np.delete(new[name] - mod.PASS[name], 2, axis=1).any(), name
    for name in ("dW2", "db2", "dW1", "db1"):
        assert (new[name] != mod.PASS[name]).any(), name
    assert q.leftover_decimals() == []


def test_snippet_figure_code_and_figures():
    assert_last_snippet_prints_what_it_says(PAGE)
    assert_page_shows_its_figure_code(PAGE, MODULE)
    assert len(embedded_figures(PAGE, MODULE)) == 1


def test_the_page_shows_batch_py_from_the_file():
    path = Path(__file__).resolve().parent.parent / "visual_backprop" / "batch.py"
    source = path.read_text(encoding="utf-8")
    for name, line in (("forward", "p = softmax_columns(z2)"), ("backward", "dz2 = (p - y) / batch")):
        assert f'--8<-- "visual_backprop/batch.py:{name}"' in page(PAGE)
        section = source.split(f"# --8<-- [start:{name}]")[1].split(f"# --8<-- [end:{name}]")[0]
        assert line in section, name


def test_the_animation_says_its_numbers():
    from visual_backprop.draw import declarations
    from visual_backprop.format import num

    mod = figure_module(MODULE)
    declared = declarations(mod)["layers/batch-backward"]
    assert f"L = {num(mod.PASS['L'])}" in declared.alt
    for step in mod.STEPS:
        assert mod.product_shapes(step) in declared.alt
    spec = mod.batch_backward()
    assert len(spec.frames) == len(mod.STEPS) == 8
