"""The second half of the course: tiny network, training, vanishing gradients, where next.

Reference values: the engine reproduces each value issue 5 lists (literals typed
from the issue, not from the code). Quoted numbers: every number a page quotes
is computed here with the engine, formatted with fmt, and must appear in the page
with the words or symbols around it; afterwards no decimal number may be left in
the page's prose that no check accounts for. Snippets: each "Try it" block runs
and prints what the page says. Figures: every embedded figure is declared, and
its alt text carries the engine's numbers.
"""

import math

import numpy as np
import pytest
from graphs import fit, tiny_network
from page_text import (
    Quotes,
    assert_last_snippet_prints_what_it_says,
    assert_page_shows_its_figure_code,
    embedded_figures,
    figure_module,
    page,
)

from visual_backprop import Value, mse, record
from visual_backprop.format import fmt, num

PAGES = ["tiny-network", "training", "vanishing-gradients"]
MODULES = {"tiny-network": "tiny_network", "training": "training",
           "vanishing-gradients": "vanishing_gradients"}


def sci(x, digits=4):
    """fmt's '3.839e-7' as the pages typeset it: '3.839 \\times 10^{-7}'."""
    text = fmt(x, digits=digits)
    if "e" not in text:
        return text
    mantissa, power = text.split("e")
    return f"{mantissa} \\times 10^{{{power}}}"


# --- reference values from the issue -------------------------------------------------


def tiny():
    """The page's network, built with the engine's MLP directly (not through the figure code)."""
    net = tiny_network()
    x = [Value(1.0), Value(-1.0)]
    hidden = net.layers[0](x)
    z = [a.parents[0] for a in hidden]
    y = net.layers[1](hidden)[0]
    loss = mse([y], [0.25])
    loss.backward()
    return net, x, z, hidden, y, loss


def close(values, expected):
    return all(math.isclose(v, e, abs_tol=1e-12) for v, e in zip(values, expected, strict=True))


def test_tiny_network_reference_values():
    net, x, z, a, y, loss = tiny()
    assert close([v.data for v in z], [1.0, -0.8])
    assert close([v.data for v in a], [1.0, 0.0])
    assert close([y.data, loss.data], [0.75, 0.25])
    assert close([v.grad for v in x], [0.42, -0.28])
    assert close([v.grad for v in z], [0.7, 0.0])
    assert close([v.grad for v in a], [0.7, -0.2])
    assert close([y.grad], [1.0])
    (n1, n2), (out,) = net.layers[0].neurons, net.layers[1].neurons
    assert close([w.grad for w in n1.w] + [w.grad for w in n2.w], [0.7, -0.7, 0.0, 0.0])
    assert close([n1.b.grad, n2.b.grad], [0.7, 0.0])
    assert close([w.grad for w in out.w] + [out.b.grad], [1.0, 0.0, 1.0])


def test_figure_network_is_the_same_network():
    mod = figure_module("tiny_network")
    nodes = {n.label: n for n in mod.TinyNet(mod.TINY).trace().nodes if n.label}
    _, x, z, a, y, loss = tiny()
    for name, value in [("x₁", x[0]), ("x₂", x[1]), ("z₁", z[0]), ("z₂", z[1]), ("a₁", a[0]),
                        ("a₂", a[1]), ("y", y), ("L", loss)]:
        assert (nodes[name].data, nodes[name].grad) == (value.data, value.grad), name


# --- tiny network: quoted numbers -------------------------------------------------------


def test_tiny_network_numbers():
    q = Quotes("tiny-network")
    net, x, z, a, y, loss = tiny()
    (n1, n2), (out,) = net.layers[0].neurons, net.layers[1].neurons
    q(r"W^{{(1)}} = \begin{{bmatrix}} {} & {} \\ {} & {} \end{{bmatrix}}", *[w.data for w in n1.w + n2.w])
    q(r"b^{{(1)}} = \begin{{bmatrix}} {} \\ {} \end{{bmatrix}}", n1.b.data, n2.b.data)
    q(r"W^{{(2)}} = \begin{{bmatrix}} {} & {} \end{{bmatrix}}", *[w.data for w in out.w])
    q(r"b^{{(2)}} = \begin{{bmatrix}} {} \end{{bmatrix}}", out.b.data)
    q("with input $x = ({}, {})$ and target $t = {}$", x[0].data, x[1].data, 0.25)
    q(r"z_1 &= {} \cdot {} + ({}) \cdot ({}) + {} = {}, \\ a_1 &= \operatorname{{ReLU}}({}) = {}",
      n1.w[0].data, x[0].data, n1.w[1].data, x[1].data, n1.b.data, z[0].data, z[0].data, a[0].data)
    q(r"z_2 &= {} \cdot {} + {} \cdot ({}) + ({}) = {}, \\ a_2 &= \operatorname{{ReLU}}({}) = {}",
      n2.w[0].data, x[0].data, n2.w[1].data, x[1].data, n2.b.data, z[1].data, z[1].data, a[1].data)
    q(r"y &= {} \cdot {} + ({}) \cdot {} + {} = {}, \\ L &= ({} - {})^2 = {}",
      out.w[0].data, a[0].data, out.w[1].data, a[1].data, out.b.data, y.data, y.data, 0.25, loss.data)
    q(r"$\partial L/\partial y = 2({} - {}) = {}$", y.data, 0.25, y.grad)
    q(r"\frac{{\partial L}}{{\partial a}} = \frac{{\partial L}}{{\partial y}}\, W^{{(2)\top}} = ({}, {})",
      a[0].grad, a[1].grad)
    q(r"= \begin{{bmatrix}} {} & {} \end{{bmatrix}}, \cr \frac{{\partial L}}{{\partial b^{{(2)}}}} = {} .",
      out.w[0].grad, out.w[1].grad, out.b.grad)
    relu1, relu2 = a[0].local_grads[0], a[1].local_grads[0]
    q(r"$\partial L/\partial z_1 = {} \times {} = {}$", relu1, a[0].grad, z[0].grad)
    q(r"$\partial L/\partial z_2 = {} \times ({}) = {}$, although $\partial L/\partial a_2 = {}$",
      relu2, a[1].grad, z[1].grad, a[1].grad)
    # Inside a list item Markdown eats "\\", so displays there separate rows with \cr.
    q(r"= \begin{{bmatrix}} {} & {} \cr {} & {} \end{{bmatrix}}, \cr", *[w.grad for w in n1.w + n2.w])
    q(r"\frac{{\partial L}}{{\partial b^{{(1)}}}} = \frac{{\partial L}}{{\partial z}} = ({}, {}) .",
      n1.b.grad, n2.b.grad)
    q(r"W^{{(1)\top}} \frac{{\partial L}}{{\partial z}} = ({}, {}) .", x[0].grad, x[1].grad)
    tex = [r"W^{(1)}_{11}", r"W^{(1)}_{12}", r"b^{(1)}_{1}", r"W^{(1)}_{21}", r"W^{(1)}_{22}",
           r"b^{(1)}_{2}", r"W^{(2)}_{11}", r"W^{(2)}_{12}", r"b^{(2)}"]
    for name, p in zip(tex, net.parameters(), strict=True):
        q("| ${}$ | ${}$ | ${}$ |", name, p.data, p.grad)
    q("Its pre-activation $z_2 = {}$ is negative", z[1].data)
    trace = record(loss)
    operations = sum(1 for n in trace.nodes if n.op)
    leaves = [n for n in trace.nodes if not n.op]
    assert len(leaves) == len(x) + len(net.parameters()) + 1  # the inputs, the parameters, the target
    q("a graph of ${}$ scalar nodes: ${}$ operations on ${}$ leaves", len(trace.nodes), operations,
      len(leaves))

    dying = figure_module("tiny_network").TinyNet(figure_module("tiny_network").DYING)
    nodes = {n.label: n for n in dying.trace().nodes if n.label}
    assert [nodes[f"z{s}"].data > 0 for s in "₁₂₃"] == [True, False, True]
    q("2–3–1 network on a single example, input $({}, {})$ with target ${}$", 1, 2, 5)
    assert dying.spec["x"] == [1.0, 2.0] and dying.spec["target"] == 5.0
    q("the second has $z_2 = {}$", nodes["z₂"].data)
    q("learning rate ${}$: the loss drops from ${}$ towards zero", figure_module("tiny_network").DYING_LR,
      nodes["L"].data)
    assert q.leftover_decimals() == []


def test_dead_unit_never_moves_and_the_loss_falls():
    mod = figure_module("tiny_network")
    net = mod.TinyNet(mod.DYING)
    dead = [net.weight(1, 2, 1), net.weight(1, 2, 2), net.bias(1, 2), net.weight(2, 1, 2)]
    start = [p.data for p in dead]
    live = [p.data for p in net.parameters()]
    frames = mod.dying_frames(net)
    assert [p.data for p in dead] == start
    assert [p.data for p in net.parameters()] != live
    losses = [f[1]["values"]["L"] for f in frames[2:]]
    assert losses == sorted(losses, reverse=True) and losses[-1] < 1e-3
    assert all("have not moved" in caption for caption, _ in frames[2:])


# --- training -----------------------------------------------------------------------------


def test_training_numbers():
    q = Quotes("training")
    mod = figure_module("training")
    assert (mod.W0, mod.B0, mod.LR, mod.EPOCHS) == (0.0, 0.0, 0.01, 2000)
    history, (w, b, loss) = fit(mod.EPOCHS)
    rows, final = mod.fit_line()
    assert final == (w, b, loss)
    assert [(r["w"], r["b"], r["loss"], r["dw"], r["db"]) for r in rows] == history
    assert abs(w - 2) < 0.01 and abs(b) < 0.01

    q("Start from $w = {}$ and $b = {}$, where every prediction is ${}$ and the loss is $L = {}$",
      mod.W0, mod.B0, 0.0, history[0][2])
    q(r"\sum_i 2 (w x_i + b - y_i)\, x_i = {}, \\", history[0][3])
    q(r"\sum_i 2 (w x_i + b - y_i) = {} .", history[0][4])
    q(r"learning rate $\eta = {}$ the first step moves to $w = {}$ and $b = {}$", mod.LR, *history[1][:2])
    q("repeats the loop for ${}$ epochs", mod.EPOCHS)
    q("after ${}$ epochs $w = {}$", 10, history[10][0])
    top = max(range(len(history)), key=lambda i: history[i][1])
    q("to about ${}$ by epoch ${}$", fmt(history[top][1], digits=2), top)
    q("After ${}$ epochs $w = {}$ and $b = {}$", 100, history[100][0], history[100][1])
    q(r"w = {}, \qquad b = {}, \qquad L = {} .", w, b, sci(loss))
    q("learning rate ${}$", 0.5)

    points, _labels, losses, accs, _ = mod.train_moons()
    assert mod.MOONS_SIZES == [2, 8, 1] and mod.MOONS_LR == 0.5
    q("The data are ${}$ points in two interleaved half-moons", len(points))
    q("for ${}$ epochs", mod.MOONS_EPOCHS)
    q(r"gets ${}\%$ of the points right, with loss ${}$", round(100 * accs[0]), losses[0], digits=3)
    q(r"After ${}$ epochs the loss is ${}$ and ${}\%$ of the points", mod.MOONS_EPOCHS, losses[-1],
      round(100 * accs[-1]))
    assert q.leftover_decimals() == []


def test_training_pictures_agree_with_the_engine():
    mod = figure_module("training")
    import numpy as np

    for w, b in [(0.0, 0.0), (1.5, -0.5), (2.0, 0.0)]:
        engine = mod.line_loss(Value(w), Value(b)).data
        assert math.isclose(float(mod.surface(np.array(w), np.array(b))), engine, rel_tol=1e-12)
    points, _, _, _, _ = mod.train_moons()
    net = mod.moons_net()
    grid = [[-1.0, 0.5], [0.3, 2.0]]
    assert np.allclose(mod.numpy_forward(net, grid), [net(p)[0].data for p in grid], atol=1e-12)
    again, *_ = mod.two_moons()
    assert np.array_equal(points, again)  # fixed seed


# --- vanishing gradients -------------------------------------------------------------------


def test_vanishing_gradient_numbers():
    q = Quotes("vanishing-gradients")
    mod = figure_module("vanishing_gradients")
    peak = Value(0.0).sigmoid()
    q("The sigmoid's slope is at most {}", peak.local_grads[0])
    q(r"where $\sigma = {}$ and $\sigma'(0) = {}$", peak.data, peak.local_grads[0])
    q("Stack ${}$ sigmoid layers", mod.DEPTH)
    q("{}^{{{}}} = {}", peak.local_grads[0], mod.DEPTH, sci(peak.local_grads[0] ** mod.DEPTH, 3))
    q(r"from $h_0 = {}$ keeps only ${}$", 0.0, sci(mod.chain("sigmoid", x=0.0)[0], 3))
    q("Take a chain of ${}$ layers", mod.DEPTH)
    q("at the input the gradient is ${}$", sci(mod.chain("sigmoid")[0]))
    q("${}$ at the input", mod.chain("tanh")[0])
    q("arrives at the input as it left the top, ${}$", mod.chain("relu")[0])
    assert (mod.CHAIN_W, mod.CHAIN_B, mod.CHAIN_X) == (1.0, 0.0, 1.0)

    assert (mod.TRIALS, mod.TRIAL_X, mod.TRIAL_TARGET, mod.TRIAL_STD) == (100, 1.5, 1.0, 0.5)
    q("draw ${}$ random 1–5–5–1 networks", mod.TRIALS)
    q("standard deviation ${}$", mod.TRIAL_STD)
    q("at $x = {}$ with target ${}$", mod.TRIAL_X, mod.TRIAL_TARGET)
    relu, sig = mod.trial_summary("relu"), mod.trial_summary("sigmoid")
    g1, g2 = mod.trials("relu")
    ties = (g1 == 0) & (g2 == 0)
    assert ties.sum() == relu["zero1"] == relu["zero2"]  # every all-zero network is zero in both layers
    rest = int((~ties).sum())
    smaller = int((g1[~ties] < g2[~ties]).sum())
    assert smaller == relu["smaller"]
    q("in ${}$ of the ${}$ networks every gradient is exactly $0$", relu["zero1"], mod.TRIALS)
    q("Of the other ${}$, layer 1 gets the smaller gradient in ${}$ (${}\\%$)", rest, smaller,
      round(100 * smaller / rest))
    q("over all ${}$ networks, ${}$ in layer 1 against ${}$ in layer 2, and over the ${}$ without ties, ${}$ "
      "against ${}$", mod.TRIALS, fmt(relu["median1"], digits=2), fmt(relu["median2"], digits=2), rest,
      fmt(np.median(g1[~ties]), digits=3), fmt(np.median(g2[~ties]), digits=3))
    assert 0.4 < np.median(g1[~ties]) / np.median(g2[~ties]) < 0.6  # "about half"
    q("so it also carries the size of the layer's input: $x = {}$ for layer 1", mod.TRIAL_X)
    q("the median is ${}$ in layer 1 against ${}$ in layer 2, and layer 1 gets less than layer 2 in ${}$ of "
      "the ${}$", fmt(sig["median1"], digits=2), fmt(sig["median2"], digits=2), sig["smaller"], mod.TRIALS)
    assert sig["median1"] < sig["median2"]
    q("with its slope of at most ${}$", peak.local_grads[0])
    deeper = [mod.first_layer_median("sigmoid", hidden) for hidden in (3, 4)]
    q("with ${}$ and ${}$ hidden layers, layer 1's median falls to ${}$ and ${}$", 3, 4,
      fmt(deeper[0], digits=2), fmt(deeper[1], digits=2))
    assert sig["median1"] > deeper[0] > deeper[1]  # every further layer takes more

    fade = mod.fade_trace()
    assert len(fade.nodes) == mod.FADE_DEPTH + 1
    q("a chain of ${}$ sigmoids", mod.FADE_DEPTH)
    q("reaches the input as ${}$", sci(fade.nodes[0].grad))
    grads = [abs(n.grad) for n in fade.nodes]
    assert grads == sorted(grads)  # it fades monotonically towards the input

    q("after ${}$ layers the factor is $w^{{{}}}$", mod.DEPTH, mod.DEPTH)
    low, one, high = (mod.chain("relu", w=w)[0] for w in mod.EXPLODE_WEIGHTS)
    q("With $w = {}$ the gradient at the input is ${}$, with $w = {}$ it is ${}$, "
      "and with $w = {}$ it is ${}$", 0.5, low, 1.0, one, 1.5, high)
    assert math.isclose(low, 0.5 ** 12) and math.isclose(high, 1.5 ** 12)
    q("each of the ${}$ layers changes the gradient at the input from ${}$ to ${}$", mod.DEPTH,
      sci(mod.chain("sigmoid")[0]), mod.chain("sigmoid", residual=True)[0])
    slopes = [(x, Value(x).gelu().local_grads[0]) for x in (-1.0, -4.0, -6.0)]
    q("the engine gives ${}$ at $x = {}$, ${}$ at $x = {}$ and ${}$ at $x = {}$",
      sci(slopes[0][1]), slopes[0][0], sci(slopes[1][1]), slopes[1][0], sci(slopes[2][1]), slopes[2][0])
    assert abs(slopes[2][1]) < abs(slopes[1][1]) < abs(slopes[0][1])  # fading towards zero
    assert q.leftover_decimals() == []


# --- snippets, figure code, figures ----------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_page_ends_with_a_snippet_that_prints_what_it_says(name):
    assert_last_snippet_prints_what_it_says(name)


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_the_code_of_its_figures(name):
    assert_page_shows_its_figure_code(name, MODULES[name])


@pytest.mark.parametrize("name", PAGES)
def test_every_embedded_figure_is_declared_with_alt_and_caption(name):
    embedded = embedded_figures(name, MODULES[name], at_least=3)
    assert any(f.build().animated for f in embedded), f"docs/{name}.md has no animation"


def test_alt_texts_carry_the_engine_numbers():
    figure_module("tiny_network"), figure_module("training"), figure_module("vanishing_gradients")
    import article_figures
    from visual_backprop.draw import declared

    declared_figures = declared(article_figures.__name__)
    _, x, z, _a, y, loss = tiny()
    _, (w, b, _) = fit(2000)
    nodes = record(loss).nodes
    operations = sum(1 for n in nodes if n.op)
    scalar_ops = f"{operations} scalar operations on {len(nodes) - operations} leaves"
    expected = {
        "tiny-network/neurons": [f"z = ({num(z[0].data)}, {num(z[1].data)})",
                                 f"y = {num(y.data)}", f"L = {num(loss.data)}",
                                 f"∂L/∂x = ({num(x[0].grad)}, {num(x[1].grad)})"],
        "tiny-network/scalar-ops": [f"∂L/∂x₁ = {num(x[0].grad)}", scalar_ops,
                                    f"graph of {len(record(loss).nodes)} nodes"],
        "tiny-network/dying-relu": ["z₂ = −1"],
        "training/curves": [f"w rises to {num(w)}", f"b ends at {num(b)}"],
        "training/descent": [f"({num(w)}, {num(b)})"],
        "vanishing-gradients/sigmoid-bound": ["at most 0.25"],
        "vanishing-gradients/exploding": [f"grows to {num(1.5 ** 12, digits=4)}"],
    }
    for figure_name, snippets in expected.items():
        for text in snippets:
            assert text in declared_figures[figure_name].alt, (figure_name, text)


def test_frames_of_the_network_animation_follow_the_engine_order():
    mod = figure_module("tiny_network")
    net = mod.TinyNet(mod.TINY)
    frames = mod.pass_frames(net)
    trace = net.trace()
    names = set(net.names())
    labels = {n.id: n.label for n in trace.nodes}
    forward = [labels[i] for i in trace.forward if labels[i] in names]
    backward = [labels[s.node] for s in trace.backward if labels[s.node] in names]
    assert [f[1]["active"] for f in frames] == forward + backward + [None]
    assert frames[-1][1]["grads"]["W¹₂₁"] == 0.0 and frames[-1][1]["grads"]["W¹₁₁"] == pytest.approx(0.7)


def test_where_next_links_onward():
    text = page("where-next")
    for needle in ["github.com/karpathy/micrograd", "cs231n.github.io", "colah.github.io",
                   "pytorch.org", "autograd"]:
        assert needle in text, needle


def test_scalar_ops_figure_is_the_real_trace():
    mod = figure_module("tiny_network")
    spec = mod.scalar_ops()
    *_, loss = tiny()
    assert len(spec.trace.nodes) == len(record(loss).nodes)
    assert spec.trace.node(spec.trace.root).data == loss.data
    # It draws the backward pass only, and its caption says so.
    from visual_backprop.draw import declarations

    caption = declarations(mod)["tiny-network/scalar-ops"].caption
    assert spec.phases == ("backward",) and "backward pass" in caption
    assert "forward and backward" not in caption
