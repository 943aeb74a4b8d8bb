"""The first six articles and the home page: their numbers, snippets and engine includes.

Three kinds of check. Reference values: the engine reproduces each value the
course issue lists (literals typed from the issue, not from the code).
Quoted numbers: each number a page quotes is computed here with the engine,
formatted with fmt, and must appear in the page together with the symbol it
belongs to (line breaks count as spaces). Snippets: every "Try it" block runs and prints what the page says.
"""

import math
import re

import pytest
from page_text import (
    ROOT,
    assert_last_snippet_prints_what_it_says,
    assert_page_shows_its_figure_code,
    assert_quoted,
    figure_module,
    page,
)

from visual_backprop import Value, topological_order
from visual_backprop.format import fmt, num

PAGES = ["index", "composition", "computation-graphs", "chain-rule", "local-gradients",
         "accumulation", "engine"]


# --- the worked examples, built with the engine --------------------------------


def sigmoid_chain(x=5.0):
    """s = 1/(1 + exp(-x)) as four nodes: negate, exp, add 1, reciprocal."""
    x = Value(x, "x")
    a = -x
    b = a.exp()
    c = 1 + b
    s = c ** -1
    s.backward()
    return x, a, b, c, s


def power_of_affine(x=1.0):
    """g = (4x + 1)^2."""
    x = Value(x, "x")
    u = 4 * x + 1
    g = u ** 2
    g.backward()
    return x, u, g


def three_links():
    x = Value(2.0, "x")
    y = x ** 2
    z = y + 3
    loss = z ** 2
    loss.backward()
    return x, y, z, loss


def add_mul():
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    q = x + y
    f = q * z
    f.backward()
    return x, y, z, q, f


def mul_max():
    x, y, z, w = Value(3.0), Value(-4.0), Value(2.0), Value(-1.0)
    xy = x * y
    m = z.max(w)
    total = xy + m
    f = 2 * total
    f.backward()
    return x, y, z, w, xy, m, total, f


def sigmoid_neuron(one_gate):
    w0, w1, w2 = Value(2.0), Value(-3.0), Value(-3.0)
    x0, x1 = Value(-1.0), Value(-2.0)
    dot = w0 * x0 + w1 * x1 + w2
    o = dot.sigmoid() if one_gate else (1 + (-dot).exp()) ** -1
    o.backward()
    return (w0, x0, w1, x1, w2), dot, o


def doubling():
    a = Value(1.0, "a")
    b = a + a
    c = b + b
    c.backward()
    return a, b, c


def two_paths():
    a, b = Value(2.0, "a"), Value(1.0, "b")
    p = a + b
    q = b + 1
    f = p * q
    f.backward()
    return a, b, p, q, f


def tanh_neuron():
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2 = Value(-3.0, "w1"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    dot = x1 * w1 + x2 * w2
    n = dot + b
    o = n.tanh()
    return dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, dot=dot, n=n, o=o)


def by_hand(root):
    """The engine's backward pass driven by hand: zeroed graph, seed 1, _backward() in reverse order."""
    root.zero_grad()
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()


# --- reference values from the issue -----------------------------------------------


def test_reference_composition():
    x = Value(2.0)
    assert ((7 * x + 3) ** 2).data == (7 * 2 + 3) ** 2


def test_reference_sigmoid_at_5():
    x, _, _, _, s = sigmoid_chain(5.0)
    assert round(s.data, 5) == 0.99331
    assert round(x.grad, 6) == 0.006648
    assert x.grad == pytest.approx(s.data * (1 - s.data), rel=1e-12)


def test_reference_chain_rule_examples():
    x, u, g = power_of_affine(1.0)
    assert (g.data, u.grad, x.grad) == (25, 10, 40)
    x, y, z, loss = three_links()
    assert (loss.data, x.grad) == (49, 56)
    assert (z.grad, y.local_grads[0]) == (14, 4) and z.local_grads == (1, 1)


def test_reference_classic_circuits():
    x, y, z, q, f = add_mul()
    assert (q.data, f.data, x.grad, y.grad, z.grad) == (3, -12, -4, -4, 3)
    x, y, z, w, *_, f = mul_max()
    assert (f.data, x.grad, y.grad, z.grad, w.grad) == (-20, -8, 6, 2, 0)


@pytest.mark.parametrize("one_gate", [False, True], ids=["four-gates", "one-gate"])
def test_reference_sigmoid_neuron(one_gate):
    inputs, _, o = sigmoid_neuron(one_gate)
    assert round(o.data, 2) == 0.73
    assert [round(v.grad, 2) for v in inputs] == [-0.20, 0.39, -0.39, -0.59, 0.20]


def test_reference_accumulation():
    a, _, _ = doubling()
    assert a.grad == 4
    a, b, _, _, f = two_paths()
    assert (f.data, a.grad, b.grad) == (6, 2, 5)


@pytest.mark.parametrize("walk", ["by-hand", "backward"])
def test_reference_tanh_neuron(walk):
    v = tanh_neuron()
    by_hand(v["o"]) if walk == "by-hand" else v["o"].backward()
    assert round(v["n"].data, 4) == 0.8814 and round(v["o"].data, 4) == 0.7071
    expected = dict(n=0.5, b=0.5, dot=0.5, x1=-1.5, w1=1.0, x2=0.5, w2=0.0)
    assert {k: v[k].grad for k in expected} == pytest.approx(expected, abs=1e-12)


def test_by_hand_walk_equals_backward_exactly():
    v = tanh_neuron()
    by_hand(v["o"])
    walked = [node.grad for node in topological_order(v["o"])]
    v["o"].zero_grad()
    v["o"].backward()
    assert walked == [node.grad for node in topological_order(v["o"])]


# --- numbers quoted in the pages, against the engine ---------------------------------


def test_composition_numbers():
    x = Value(2.0)
    times7 = 7 * x
    inner = times7 + 3
    outer = inner ** 2
    swapped = 7 * x ** 2 + 3
    assert_quoted("composition", "$g(f(2)) = {}$", outer.data)
    assert_quoted("composition", "$f(g(2)) = {}$", swapped.data)
    assert_quoted("composition", "$7x = {}$, then $7x + 3 = {}$, then $(7x + 3)^2 = {}$",
                  times7.data, inner.data, outer.data)
    assert_quoted("composition", "$f$ turns 2 into {}, and $g$ turns {} into {}",
                  inner.data, inner.data, outer.data)


def test_computation_graph_numbers():
    x, a, b, c, s = sigmoid_chain(5.0)
    name = "computation-graphs"
    assert_quoted(name, "$a = {}$, the exponential $b = {}$, adding one $c = {}$", a.data, b.data, c.data)
    assert_quoted(name, "the reciprocal $s = {}$", s.data, digits=5)
    assert_quoted(name, r"$\partial s/\partial c = -1/c^2$ | ${}$", s.local_grads[0])
    assert_quoted(name, r"$\partial c/\partial b = 1$ | ${}$", c.local_grads[1])
    assert_quoted(name, r"$\partial b/\partial a = \exp(a) = b$ | ${}$", b.local_grads[0])
    assert_quoted(name, r"$\partial a/\partial x = -1$ | ${}$", a.local_grads[0])
    for local in (s.local_grads[0], c.local_grads[1], b.local_grads[0], a.local_grads[0]):
        assert_quoted(name, r"}}_{{{}}}", local)
    assert_quoted(name, r"So $\partial s/\partial c = {}$, then $\partial s/\partial b = {}$,"
                  " then $\\partial s/\\partial a = {}$, and finally $\\partial s/\\partial x = {}$",
                  c.grad, b.grad, a.grad, x.grad)
    assert_quoted(name, r"moves by about ${}\,\delta$", s.local_grads[0])
    assert_quoted(name, r"moves by about ${}\,\delta$, which", b.local_grads[0])
    assert_quoted(name, r"${} \cdot ({})\,\delta$", b.local_grads[0], s.local_grads[0])
    assert_quoted(name, r"$\sigma(5) = {}$", s.data, digits=5)
    assert_quoted(name, r"$1 - \sigma(5) = {}$", 1 - s.data)
    assert_quoted(name, r"$\sigma(5)(1 - \sigma(5)) = {}$", s.data * (1 - s.data))
    assert fmt(s.data * (1 - s.data)) == fmt(x.grad)


def test_chain_rule_numbers():
    name = "chain-rule"
    x, u, g = power_of_affine(1.0)
    assert_quoted(name, "$u = {}$ and $g = {}$", u.data, g.data)
    assert_quoted(name, r"$\partial g/\partial u = 1 \cdot 2u = {}$", u.grad)
    assert_quoted(name, r"$\partial g/\partial x = {} \cdot {} = {}$", u.grad, x.grad / u.grad, x.grad)
    assert_quoted(name, "which is {} at $x = 1$", 8 * u.data)
    figure = figure_module("chain_rule").chain_rule_graph()
    labels = {n.id: n.label for n in figure.nodes}
    steps = [(labels[c.parent], c.local, c.contribution) for s in figure.backward for c in s.contributions]
    assert [label for label, *_ in steps] == ["u", "", "1", "4", "x"]  # "" is the product 4x
    assert_quoted(name, "the same work in ${}$ backward steps", len(steps))
    assert_quoted(name, "The square hands ${}$ to $u$", steps[0][2])
    assert_quoted(name, "The addition hands ${}$ on unchanged", steps[1][2])
    assert steps[1][2] == steps[2][2]
    assert_quoted(name, r"$x$ gets ${} \cdot {} = {}$ and the constant ${}$ gets ${} \cdot {} = {}$",
                  steps[1][2], steps[4][1], steps[4][2], 4, steps[1][2], steps[3][1], steps[3][2])
    x, y, z, loss = three_links()
    assert_quoted(name, "$y = {}$, $z = {}$ and $L = {}$", y.data, z.data, loss.data)
    assert_quoted(name, r"$\partial L/\partial z = 2z$ | ${}$ | $\partial L/\partial z = {}$",
                  loss.local_grads[0], z.grad)
    assert_quoted(name, r"$\partial z/\partial y = 1$ | ${}$ | $\partial L/\partial y = {}$",
                  z.local_grads[0], y.grad)
    assert_quoted(name, r"$\partial y/\partial x = 2x$ | ${}$ | $\partial L/\partial x = {}$",
                  y.local_grads[0], x.grad)
    assert_quoted(name, r"= {} \times {} \times {} = {}", loss.local_grads[0], z.local_grads[0],
                  y.local_grads[0], x.grad)
    w = Value(0.0)
    loss = (2 * w - 3) ** 2
    loss.backward()
    step = w.data - 0.05 * w.grad
    assert_quoted(name, r"$L = {}$ and the engine's backward pass gives $\partial L/\partial w = {}$",
                  loss.data, w.grad)
    assert_quoted(name, "moves $w$ to ${}$, where $L = {}$", step, (2 * step - 3) ** 2)
    assert_quoted(name, "closes in on ${}$", 3 / 2)


def test_local_gradient_numbers():
    name = "local-gradients"

    def doubled(build, *inputs):
        values = [Value(v) for v in inputs]
        out = build(*values)
        (2 * out).backward()
        return values, out

    (a, b), _ = doubled(lambda a, b: a + b, 3.0, -1.0)
    assert_quoted(name, r"inputs receive $\partial L/\partial a = \partial L/\partial b = {}$", a.grad)
    assert a.grad == b.grad
    (a, b), _ = doubled(lambda a, b: a * b, 3.0, -1.0)
    assert_quoted(name, r"$\partial L/\partial a = 2 \cdot (-1) = {}$", a.grad)
    assert_quoted(name, r"$\partial L/\partial b = 2 \cdot 3 = {}$", b.grad)
    (a, b), _ = doubled(lambda a, b: a.max(b), 3.0, -1.0)
    assert_quoted(name, r"$\partial L/\partial a = {}$ and $\partial L/\partial b = {}$", a.grad, b.grad)
    (x,), out = doubled(lambda x: x.relu(), -1.5)
    assert_quoted(name, "the output is {}, the local gradient is {}, and $\\partial L/\\partial x = {}$",
                  out.data, out.local_grads[0], x.grad)
    (x,), t = doubled(lambda x: x.tanh(), 0.5)
    assert_quoted(name, "gives $t = {}$ with local gradient $1 - t^2 = {}$, "
                  "so $\\partial L/\\partial x = {}$",
                  t.data, t.local_grads[0], x.grad)
    (x,), s = doubled(lambda x: x.sigmoid(), 0.5)
    assert_quoted(name, "$s = {}$ with local gradient $s(1 - s) = {}$, so $\\partial L/\\partial x = {}$",
                  s.data, s.local_grads[0], x.grad)
    (x,), g = doubled(lambda x: x.gelu(), 0.5)
    assert_quoted(name, "that is ${}$, so $\\partial L/\\partial x = {}$", g.local_grads[0], x.grad)
    # Two inputs with the same GELU output: the second found by bisection on the falling branch.
    left = Value(-0.5).gelu()
    lo, hi = -3.0, -0.75
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if Value(mid).gelu().data > left.data else (lo, mid)
    right = Value((lo + hi) / 2).gelu()
    assert_quoted(name, "$x = -0.5$ and $x = {}$ both give $\\operatorname{{GELU}}(x) = {}$",
                  right.parents[0].data, left.data)
    assert fmt(right.data) == fmt(left.data)
    assert_quoted(name, "local gradients are ${}$ and ${}$", left.local_grads[0], right.local_grads[0])

    x, y, z, q, f = add_mul()
    assert_quoted(name, "$q = x + y = {}$, then $f = q \\cdot z = {}$", q.data, f.data)
    assert_quoted(name, r"$\partial f/\partial q = z = {}$ and $\partial f/\partial z = q = {}$",
                  q.grad, z.grad)
    assert_quoted(name, r"$\partial f/\partial x = \partial f/\partial y = {}$", x.grad)
    assert x.grad == y.grad
    x, y, z, w, xy, m, total, f = mul_max()
    assert_quoted(name, "$x y = {}$, $\\max(z, w) = {}$, their sum is ${}$, and $f = {}$",
                  xy.data, m.data, total.data, f.data)
    assert_quoted(name, r"$\partial f/\partial x = 2 \cdot y = {}$", x.grad)
    assert_quoted(name, r"$\partial f/\partial y = 2 \cdot x = {}$", y.grad)
    assert_quoted(name, r"$\partial f/\partial z = {}$ and $\partial f/\partial w = {}$", z.grad, w.grad)

    for one_gate in (False, True):
        inputs, dot, o = sigmoid_neuron(one_gate)
        grads = [v.grad for v in inputs]
        assert_quoted(name, "is ${}$, and the output is", dot.data)
        assert_quoted(name, "the output is $o = {}$", o.data)
        assert_quoted(name, "| gradient of $o$ | ${}$ | ${}$ | ${}$ | ${}$ | ${}$ |", *grads, places=2)
        assert_quoted(name, "$w_0$ ${}$, $x_0$ ${}$, $w_1$ ${}$, $x_1$ ${}$ and $w_2$ ${}$", *grads, places=2)
        assert_quoted(name, r"$\partial o/\partial(\text{{sum}}) = {}$", dot.grad)
        assert_quoted(name, "at $o = {}$ that is $o(1 - o) = {}$", o.data, o.data * (1 - o.data))
        assert_quoted(name, "that is $o(1 - o) = {}$", o.data * (1 - o.data))
        assert fmt(dot.grad) == fmt(o.data * (1 - o.data))


def test_accumulation_numbers():
    name = "accumulation"
    a, b, _c = doubling()
    assert_quoted(name, r"$\partial c/\partial b = {}$", b.grad)
    assert_quoted(name, r"so $\partial c/\partial a = {}$", a.grad)
    assert_quoted(name, "two contributions of $1 \\cdot {}$", b.grad)
    a, b, p, q, f = two_paths()
    assert_quoted(name, "$p = {}$, $q = {}$ and $f = {}$", p.data, q.data, f.data)
    assert_quoted(name, r"$\partial f/\partial p = q = {}$ and", p.grad)
    assert_quoted(name, r"$\partial f/\partial q = p = {}$", q.grad)
    assert_quoted(name, r"{} \cdot 1}}_{{\text{{via }} p}} = {}", p.grad, a.grad)
    assert_quoted(name, r"{} \cdot 1}}_{{\text{{via }} p}} + "
                  r"\underbrace{{{} \cdot 1}}_{{\text{{via }} q}} = {}", p.grad, q.grad, b.grad)
    assert_quoted(name, r"So $\partial f/\partial a = {}$ and $\partial f/\partial b = {}$", a.grad, b.grad)

    right_c = doubling()[0].grad
    right_a, right_b = two_paths()[:2]
    overwriting_backward = figure_module("accumulation").overwriting_backward  # the code the page shows
    a1, _, c1 = doubling()
    overwriting_backward(c1)
    a2, b2, _, _, f2 = two_paths()
    overwriting_backward(f2)
    assert a1.grad != right_c and b2.grad != right_b.grad  # the bug shows
    assert_quoted(name, "$b = a + a$, $c = b + b$ | ${}$ | ${}$ |", right_c, a1.grad)
    assert_quoted(name, r"$\partial f/\partial a$ in $f = (a + b)(b + 1)$ | ${}$ | ${}$ |",
                  right_a.grad, a2.grad)
    assert_quoted(name, r"$\partial f/\partial b$ in $f = (a + b)(b + 1)$ | ${}$ | ${}$ |",
                  right_b.grad, b2.grad)

    a, b, _, _, f = two_paths()
    f.backward()
    assert_quoted(name, r"$\partial f/\partial a = {}$ and $\partial f/\partial b = {}$. In this engine",
                  a.grad, b.grad)
    assert (a.grad, b.grad) == (2 * right_a.grad, 2 * right_b.grad)


def test_engine_numbers():
    name = "engine"

    def naive(node):
        node._backward()
        for parent in node.parents:
            naive(parent)

    a, _b, c = doubling()
    c.zero_grad()
    c.grad = 1.0
    naive(c)
    assert_quoted(name, r"$\partial c/\partial a = {}$ instead of {}", a.grad, doubling()[0].grad)

    def visited_once(node, seen):
        if id(node) not in seen:
            seen.add(id(node))
            node._backward()
            for parent in node.parents:
                visited_once(parent, seen)

    x = Value(3.0)
    y = x * 2
    f = y * (y + 1)
    f.zero_grad()
    f.grad = 1.0
    visited_once(f, set())
    wrong = x.grad
    f.zero_grad()
    f.backward()
    assert wrong != x.grad
    assert_quoted(name, "returns $\\partial f/\\partial x = {}$ where the right answer is "
                  "$\\partial f/\\partial x = {}$", wrong, x.grad)

    v = tanh_neuron()
    by_hand(v["o"])
    assert_quoted(name, "$n = x_1 w_1 + x_2 w_2 + b = {}$ and $o = \\tanh n = {}$", v["n"].data, v["o"].data)
    assert_quoted(name, r"local gradient $1 - o^2 = {}$, so $\partial o/\partial n = {}$",
                  v["o"].local_grads[0], v["n"].grad)
    assert_quoted(name, r"$\partial o/\partial b = {}$ and", v["b"].grad)
    assert_quoted(name, r"$\partial o/\partial(x_1 w_1 + x_2 w_2) = {}$", v["dot"].grad)
    assert_quoted(name, "giving ${}$ to each product", v["dot"].parents[0].grad)
    assert v["dot"].parents[0].grad == v["dot"].parents[1].grad
    assert_quoted(name, r"$\partial o/\partial x_1 = w_1 \cdot {} = {}$", v["n"].grad, v["x1"].grad)
    assert_quoted(name, r"$\partial o/\partial w_1 = x_1 \cdot {} = {}$", v["n"].grad, v["w1"].grad)
    assert_quoted(name, r"$\partial o/\partial x_2 = w_2 \cdot {} = {}$", v["n"].grad, v["x2"].grad)
    assert_quoted(name, r"$\partial o/\partial w_2 = x_2 \cdot {} = {}$", v["n"].grad, v["w2"].grad)
    assert math.isclose(v["o"].data, 1 / math.sqrt(2))


def test_home_numbers():
    from visual_backprop.trace import record

    assert len(record(two_paths()[4]).nodes) == 6
    assert_quoted("index", "The animation above is the whole idea in six nodes.")
    _a, b, _p, _q, _f = two_paths()
    assert_quoted("index", r"they add up to $\partial f/\partial b = {}$", b.grad)


# --- snippets and includes --------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_page_ends_with_a_snippet_that_prints_what_it_says(name):
    assert_last_snippet_prints_what_it_says(name)


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_the_code_of_its_figures(name):
    assert_page_shows_its_figure_code(name, "home" if name == "index" else name.replace("-", "_"))


def test_engine_page_includes_sections_that_exist():
    source = (ROOT / "visual_backprop" / "engine.py").read_text()
    sections = re.findall(r'--8<-- "visual_backprop/engine.py:([\w-]+)"', page("engine"))
    assert len(sections) >= 7
    for section in sections:
        assert source.count(f"# --8<-- [start:{section}]") == 1, section
        assert source.count(f"# --8<-- [end:{section}]") == 1, section


# --- the figures these pages embed ----------------------------------------------------------

FIGURE_MODULES = ["home", "composition", "computation_graphs", "chain_rule", "local_gradients",
                  "accumulation", "engine"]


def load_figures():
    """Import the figure modules of these pages; return every declaration by name."""
    for module in FIGURE_MODULES:
        figure_module(module)
    import article_figures
    from visual_backprop.draw import declared

    return declared(article_figures.__name__)


@pytest.mark.parametrize("name", PAGES)
def test_every_embedded_figure_is_declared_with_alt_and_caption(name):
    declared = load_figures()
    embedded = re.findall(r"^\[\[figure ([\w/-]+)\]\]$", page(name), re.M)
    assert embedded, f"docs/{name}.md embeds no figure"
    for figure_name in embedded:
        assert figure_name in declared, f"docs/{name}.md embeds undeclared figure {figure_name}"
        declaration = declared[figure_name]
        assert declaration.caption and re.search(r"\d", declaration.alt), figure_name


def test_alt_texts_carry_the_engine_numbers():
    declared = load_figures()
    x, a, _b, _c, s = sigmoid_chain(5.0)
    _, _, _, _, f = two_paths()
    _, tb, _, _, _ = two_paths()
    expected = {
        "home/hero": [f"∂f/∂b = {num(tb.grad)}", f"f = {num(f.data)}"],
        "composition/tree": [f"{num(((7 * Value(2.0) + 3) ** 2).data)}"],
        "computation-graphs/forward": [f"s = 1/c = {num(s.data, digits=5)}"],
        "computation-graphs/backward": [f"∂s/∂x = {num(x.grad)}", f"∂s/∂a = {num(a.grad)}"],
        "computation-graphs/check": [num(x.grad)],
        "local-gradients/add-mul": [f"∂f/∂x = {num(add_mul()[0].grad)}",
                                    f"f = {num(add_mul()[4].data)}"],
        "local-gradients/mul-max": [f"∂f/∂{k} = {num(v.grad)}" for k, v in zip("xyzw", mul_max()[:4])],
        "local-gradients/neuron-sigmoid": [f"{k} {num(v.grad, places=2)}" for k, v in
                                           zip(["w0", "x0", "w1", "x1", "w2"], sigmoid_neuron(True)[0])],
        "local-gradients/neuron-gates": [f"{k} {num(v.grad, places=2)}" for k, v in
                                         zip(["w0", "x0", "w1", "x1", "w2"], sigmoid_neuron(False)[0])],
        "accumulation/doubling": [f"∂c/∂a = {num(doubling()[0].grad)}"],
        "accumulation/two-paths": [f"∂f/∂b = {num(two_paths()[1].grad)}"],
    }
    for figure_name, snippets in expected.items():
        for text in snippets:
            assert text in declared[figure_name].alt, (figure_name, text)
