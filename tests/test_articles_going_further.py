"""Going further: vectors and matrices, softmax and cross-entropy (forward-reverse has its own file).

Reference values: literals typed from issue 16, not from the code, checked against
the engine. Quoted numbers: each number a page quotes is computed here with the
engine (or numpy, held to the engine), formatted with fmt, and must stand in the
page with the symbols around it; afterwards no decimal is left in the prose that
no check accounts for. Snippets: each "Try it" block runs and prints what the
page says.
"""

import math
import warnings

import numpy as np
import pytest
from graphs import tiny_network
from page_text import (
    Quotes,
    assert_last_snippet_prints_what_it_says,
    assert_page_shows_its_figure_code,
    bmatrix,
    embedded_figures,
    figure_module,
    flat,
    page,
)

from visual_backprop import Value, mse
from visual_backprop.format import fmt
from visual_backprop.trace import record

PAGES = ["vectors-and-matrices", "softmax"]
MODULES = {"vectors-and-matrices": "vectors_and_matrices", "softmax": "softmax"}


def engine_batch(inputs, targets):
    """The tiny network on a batch, with the engine: mean squared error over the examples, backward() run."""
    net = tiny_network()
    xs = [[Value(v) for v in x] for x in inputs]
    loss = mse([net(x)[0] for x in xs], targets)
    loss.backward()
    return net, xs, loss


# --- vectors and matrices ---------------------------------------------------------------


def test_matrix_pass_matches_the_scalar_engine():
    mod = figure_module("vectors_and_matrices")
    p = mod.matrix_pass()
    net, (x,), loss = engine_batch([[1.0, -1.0]], [0.25])
    (n1, n2), (out,) = net.layers[0].neurons, net.layers[1].neurons
    assert np.allclose(p["dW1"], [[w.grad for w in n1.w], [w.grad for w in n2.w]], atol=1e-12)
    assert np.allclose(p["db1"].ravel(), [n1.b.grad, n2.b.grad], atol=1e-12)
    assert np.allclose(p["dW2"], [[w.grad for w in out.w]], atol=1e-12)
    assert np.allclose(p["db2"], [[out.b.grad]], atol=1e-12)
    assert np.allclose(p["dx"].ravel(), [v.grad for v in x], atol=1e-12)
    assert math.isclose(p["L"], loss.data)
    # The reference values.
    assert np.allclose(p["dx"].ravel(), [0.42, -0.28]) and np.allclose(p["dW1"], [[0.7, -0.7], [0, 0]])


def test_batch_pass_matches_the_scalar_engine():
    mod = figure_module("vectors_and_matrices")
    p = mod.matrix_pass(mod.BATCH_X, mod.BATCH_T)
    net, _, loss = engine_batch(mod.BATCH_X.T.tolist(), mod.BATCH_T.ravel().tolist())
    rows = [[w.grad for w in n.w] for n in net.layers[0].neurons]
    assert np.allclose(p["dW1"], rows, atol=1e-12) and math.isclose(p["L"], loss.data)


def test_every_gradient_has_the_shape_of_its_quantity():
    mod = figure_module("vectors_and_matrices")
    for x, t in ((mod.X, mod.T), (mod.BATCH_X, mod.BATCH_T)):
        p = mod.matrix_pass(x, t)
        assert p["dW1"].shape == mod.W1.shape and p["dW2"].shape == mod.W2.shape
        assert p["db1"].shape == mod.B1.shape and p["db2"].shape == mod.B2.shape
        assert p["dx"].shape == x.shape


def z_by_w1_jacobian(mod):
    """∂z_j/∂W⁽¹⁾ for each hidden unit j, one engine backward pass per row, W⁽¹⁾'s entries row by row."""
    rows = []
    for j in range(2):
        net = tiny_network()
        z = [a.parents[0] for a in net.layers[0]([Value(v) for v in mod.X.ravel()])]  # under each ReLU
        z[j].backward()
        rows.append([w.grad for n in net.layers[0].neurons for w in n.w])
    return np.array(rows)


def test_vectors_and_matrices_numbers():
    q = Quotes("vectors-and-matrices")
    mod = figure_module("vectors_and_matrices")
    p = mod.matrix_pass()
    q("With the same weights as before and $x = ({}, {})$, $t = {}$", *mod.X.ravel(), mod.T[0, 0])
    q(r"z = {}, \quad a = {}, \\ y = {}, \quad L = {} .", bmatrix(p["z"]), bmatrix(p["a"]),
      p["y"][0, 0], p["L"])
    q(r"\partial L/\partial y &= 2(y - t) = {},", p["dy"][0, 0])
    q(r"\partial L/\partial W^{{(2)}} &= (\partial L/\partial y)\, a^\top = {}, \\", bmatrix(p["dW2"]))
    q(r"&= W^{{(2)\top}} (\partial L/\partial y) = {}, \\", bmatrix(p["da"]))
    q(r"&= (\partial L/\partial a) \odot \operatorname{{ReLU}}'(z) \\ &= {} \odot {} = {}, \\",
      bmatrix(p["da"]), bmatrix(p["relu'"]), bmatrix(p["dz"]))
    q(r"&= \delta\, x^\top = {}, \\", bmatrix(p["dW1"]))
    q(r"&= W^{{(1)\top}} \delta = {} .", bmatrix(p["dx"]))

    # The shape argument for W^T delta, made on layers that are not square: only the transpose multiplies.
    def shape(a, b):
        try:
            return (a @ b).shape
        except ValueError:
            return None

    dy = p["dy"]
    assert mod.W2.shape == (1, 2) and dy.shape == (1, 1) and p["da"].shape == (2, 1)
    assert shape(mod.W2, dy) is None and shape(mod.W2.T, dy) == p["da"].shape
    q(r"layer's $W^{{(2)}}$ is ${} \times {}$, its $\delta = \partial L/\partial y$ is ${} \times {}$, and "
      r"$\partial L/\partial a$ must be ${} \times {}$ like $a$", *mod.W2.shape, *dy.shape, *p["a"].shape)
    q(r"$W^{{(2)\top}}\delta$ is ${} \times {}$", *shape(mod.W2.T, dy))
    w, delta = np.ones((4, 3)), np.ones((4, 1))
    assert shape(w, delta) is None and shape(w.T, delta) == (3, 1)
    q(r"A layer from ${}$ inputs to ${}$ outputs has a ${} \times {}$ matrix $W$ and a ${} \times {}$ "
      r"$\delta$", 3, 4, *w.shape, *delta.shape)
    q(r"only $W^\top \delta$ multiplies, and it is ${} \times {}$", *shape(w.T, delta))
    # On the square W1 both products fit, and they differ: the index formula picks W^T delta.
    dz = p["dz"]
    assert shape(mod.W1, dz) == shape(mod.W1.T, dz) == (2, 1)
    assert not np.allclose(mod.W1 @ dz, mod.W1.T @ dz)
    by_index = [sum(mod.W1[j, i] * dz[j, 0] for j in range(2)) for i in range(2)]
    assert np.allclose(by_index, p["dx"].ravel(), atol=1e-15)
    q(r"\operatorname{{diag}}(\operatorname{{ReLU}}'(z)) = \operatorname{{diag}}({}, {})",
      *p["relu'"].ravel())
    jacobian = z_by_w1_jacobian(mod)
    assert jacobian.shape == (2, 4) and (jacobian == 0).sum() == jacobian.size / 2  # half are zero
    n = 1000
    q(r"${} \times {} \times {} = 10^{}$ entries; $\delta\,x^\top$ takes $10^{}$ multiplications",
      n, n, n, f"{round(math.log10(n * n * n))}", f"{round(math.log10(n * n))}")

    b = mod.matrix_pass(mod.BATCH_X, mod.BATCH_T)
    (x1, x2), (t1, t2) = mod.BATCH_X.T, mod.BATCH_T.ravel()
    assert t1 == t2
    q("a batch of two, $x = ({}, {})$ and $x = ({}, {})$, both with target ${}$", *x1, *x2, t1)
    q(r"Z = {}, \\ Y = {}, \qquad L = {} .", bmatrix(b["z"]), bmatrix(b["y"]), b["L"])
    q(r"= \delta X^\top = {} .", bmatrix(b["dW1"]))
    assert (b["z"] > 0).sum(axis=1).tolist() == [1, 1]  # each unit on for exactly one input
    assert q.leftover_decimals() == []


def test_the_jacobian_wording_is_the_one_the_expert_read_asked_for():
    vectors, onward = flat(page("vectors-and-matrices")), flat(page("where-next"))
    assert r"entry $j$ of $\delta$ times entry $i$ of $x$" in vectors
    assert r"the *vector-Jacobian product* $\delta^\top J$" in vectors
    for text in (vectors, onward):
        assert "never forms the" in text and "not a matrix product" not in text
    assert "row vector" not in vectors
    assert "stores a backward function" in onward


# forward-reverse.md is tested in tests/test_article_forward_reverse.py.


# --- softmax -------------------------------------------------------------------------------


def test_softmax_reference_values():
    ex = figure_module("softmax").cross_entropy((2.0, 1.0, 0.1), 0)
    assert np.allclose(ex["p"], [0.659, 0.2424, 0.0986], atol=5e-4)
    assert math.isclose(ex["L"].data, 0.417, abs_tol=5e-4)
    assert np.allclose([v.grad for v in ex["z"]], [-0.341, 0.2424, 0.0986], atol=5e-4)


def test_softmax_numbers():
    q = Quotes("softmax")
    mod = figure_module("softmax")
    ex = mod.cross_entropy()
    z = [v.data for v in ex["z"]]
    grads = [v.grad for v in ex["z"]]
    y = [1.0 if i == mod.TARGET else 0.0 for i in range(len(z))]
    assert np.allclose(grads, np.array(ex["p"]) - y, atol=1e-15)  # ∂L/∂z = p − y, to rounding
    q("with logits $z = ({}, {}, {})$ and true class ${}$", *z, mod.TARGET)
    exps = [math.exp(v) for v in z]
    q(r"e^{{z}} = ({}, {}, {}), \\ \textstyle\sum_j e^{{z_j}} = {}, \\", *exps, sum(exps))
    q(r"p = ({}, {}, {}), \\ L = -\log {} = {} .", *ex["p"], ex["p"][mod.TARGET], ex["L"].data)
    q(r"\frac{{\partial L}}{{\partial z}} = ({}, {}, {}) ,", *grads)
    # Which node accumulates, read off the engine's trace: the parents that receive two contributions.
    trace = record(ex["L"])
    into = {}
    for step in trace.backward:
        for c in step.contributions:
            into.setdefault(c.parent, []).append(c)
    (shared, parts), = ((n, cs) for n, cs in into.items() if len(cs) > 1)
    e0 = trace.node(shared)
    z0 = trace.node(trace.forward[0])
    assert (e0.label, e0.op, e0.parents) == ("e₀", "exp", (z0.id,)) and z0.label == "z₀"
    assert len(into[z0.id]) == 1 and math.isclose(into[z0.id][0].local, e0.data, rel_tol=1e-15)
    through = [trace.node(next(s.node for s in trace.backward if c in s.contributions)) for c in parts]
    # on top of the fraction p₀ = e₀ / s, then in the first addition of the sum s = (e₀ + e₁) + e₂
    assert (through[0].label, through[0].op, through[1].op) == ("p₀", "/", "+")
    assert math.isclose(sum(c.contribution for c in parts), e0.grad, rel_tol=1e-12)
    q("adds ${}$ through the fraction and ${}$ through the sum into $\\partial L/\\partial e_0 = {}$",
      *[c.contribution for c in parts], e0.grad)
    q("the exponential, $e^{{z_0}}$: ${} \\times ({}) = {}$.", e0.data, e0.grad, z0.grad)
    assert fmt(z0.grad) == fmt(grads[mod.TARGET])

    shifted = tuple(v + mod.SHIFT for v in z)
    q("Add ${}$ to every logit of the example and ask the engine for $e^{{{}}}$", mod.SHIFT, shifted[0])
    with pytest.raises(OverflowError) as error:
        mod.cross_entropy(shifted)
    q("```text\nOverflowError: {}\n```", str(error.value))
    assert str(error.value).startswith(f"exp overflows at x = {fmt(shifted[0])} ")
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        exps = np.exp(np.array(shifted))
        naive = exps / exps.sum()
    assert np.isnan(naive).all()
    messages = [str(w.message) for w in warned]
    assert len(messages) == 2 and all(w.category is RuntimeWarning for w in warned), messages
    q("it warns twice, `{}` when $e^{{{}}}$ becomes `inf` and `{}` at `inf / inf`", messages[0], shifted[0],
      messages[1])
    stable = mod.stable_cross_entropy(shifted)
    q("on the shifted logits $({}, {}, {})$, gives $L = {}$", *[fmt(v, digits=6) for v in shifted],
      stable["L"].data)
    q(r"$\partial L/\partial z = ({}, {}, {})$ again", *[v.grad for v in stable["z"]])
    assert fmt(stable["L"].data) == fmt(ex["L"].data)
    assert [fmt(v.grad) for v in stable["z"]] == [fmt(g) for g in grads]
    assert q.leftover_decimals() == []


# --- snippets, figure code, figures ----------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_snippet_figure_code_and_figures(name):
    """The "Try it" block prints what the page says; the page shows its figure code and real figures."""
    assert_last_snippet_prints_what_it_says(name)
    assert_page_shows_its_figure_code(name, MODULES[name])
    embedded_figures(name, MODULES[name])
