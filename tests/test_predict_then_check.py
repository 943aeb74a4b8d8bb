"""Every article ends with "Predict, then check" questions; every number in their answers is the engine's.

Each test recomputes one page's answers with the engine (or numpy shapes, or the
forward-mode duals), formats them with fmt, and requires each phrase to stand in
that page's questions section; then no decimal may be left in the section that
no check accounts for. The other page tests leave this section to these.

Every page with a graph animation asks at least one question whose check is a link
into the explorer, prefilled with the expression and its values. The page tests build
that link from the expression they evaluate with the Python engine, and the explorer's
own parser (under Node) must read every link back to the same values and gradients.
"""

import html
import math
import re
from urllib.parse import unquote

import numpy as np
import pytest
from explorer_cases import close, run_node
from graphs import fit, tiny_network
from page_text import FIGURES, Questions, figure_module, page, split_questions

from visual_backprop import Value, mse, record
from visual_backprop.draw.explore import explorer_hash
from visual_backprop.engine import topological_order
from visual_backprop.format import fmt
from visual_backprop.forward import Dual, forward_gradient

ARTICLES = ["composition", "computation-graphs", "chain-rule", "local-gradients", "accumulation", "engine",
            "gradient-checking", "find-the-bug",
            "tiny-network", "training", "vanishing-gradients", "vectors-and-matrices", "forward-reverse",
            "softmax", "layers"]
# The pages whose figure module draws a graph animation: each asks a question checked in the explorer.
GRAPH_PAGES = [name for name in ARTICLES if (module := FIGURES / f"{name.replace('-', '_')}.py").is_file()
               and "graph_animation(" in module.read_text("utf-8")]
LINK = re.compile(r'<a href="\.\./playground/#([^"]+)">')
CALLS = {name: (lambda n: lambda v: getattr(v, n)())(name)
         for name in ("exp", "log", "tanh", "sigmoid", "relu", "gelu")} | {"max": lambda a, b: a.max(b)}


def explored(expr, **values):
    """(the explorer link a page writes for `expr` at `values`, the Python engine's root, its named leaves).

    The expression is evaluated by Python over Values (a ** b, a max call, the engine's functions), and
    backward() is run; test_every_questions_link_reads_the_same_in_the_explorer holds the explorer to it.
    """
    leaves = {name: Value(v, label=name) for name, v in values.items()}
    root = eval(expr, {"__builtins__": {}}, {**CALLS, **leaves})  # the test's own strings
    root.backward()
    href = html.escape(explorer_hash({"expr": expr, "values": values}))
    return f'<a href="../playground/{href}">', root, leaves


def question_links(name):
    """(expression, {name: value}) of every explorer link in the page's questions, read from the Markdown."""
    links = []
    for fragment in LINK.findall(split_questions(page(name))[1]):
        fields = [part.split("=", 1) for part in html.unescape(fragment).split("&")]
        assert fields[0][0] == "expr", fragment
        links.append((unquote(fields[0][1]), {unquote(k): float(v) for k, v in fields[1:]}))
    return links


def test_the_graph_pages_are_found():
    assert {"computation-graphs", "accumulation", "tiny-network", "softmax"} <= set(GRAPH_PAGES)


@pytest.mark.parametrize("name", GRAPH_PAGES)
def test_every_page_with_a_graph_asks_a_question_checked_in_the_explorer(name):
    assert question_links(name), f"docs/{name}.md: no question links into the explorer"


def test_every_questions_link_reads_the_same_in_the_explorer(node_modules_dir, request):
    """The explorer's parser and engine, on each link's expression and values, match the Python engine."""
    links = [(name, *link) for name in ARTICLES for link in question_links(name)]
    assert len(links) >= len(GRAPH_PAGES)
    cases = [{"expr": expr, "values": values} for _, expr, values in links]
    answers = run_node(node_modules_dir, request.config.rootpath, {"cases": cases})["cases"]
    for (name, expr, values), answer in zip(links, answers, strict=True):
        assert "error" not in answer, (name, expr, answer.get("error"))
        _, root, leaves = explored(expr, **values)
        nodes = answer["trace"]["nodes"]
        js_root = next(n for n in nodes if n["id"] == answer["trace"]["root"])
        assert close(js_root["data"], root.data), (name, expr)
        for label, leaf in leaves.items():
            (js_leaf,) = [n for n in nodes if n["label"] == label and not n["op"]]
            assert close(js_leaf["grad"], leaf.grad), (name, expr, label)


@pytest.mark.parametrize("name", ARTICLES)
def test_every_article_ends_with_two_to_four_questions_with_hidden_answers(name):
    section = split_questions(page(name))[1]
    assert section, f"docs/{name}.md has no Predict, then check section"
    questions = section.count("\n**")
    answers = section.count('??? tip "Answer"')
    assert 2 <= questions <= 4 and answers == questions, (name, questions, answers)
    after = page(name)[page(name).index(section) + len(section):]
    assert "## " not in after, f"docs/{name}.md: the questions are not the article's last section"


def test_composition():
    q = Questions("composition")
    x = Value(1.0)
    g_of_f = (7 * x + 3) ** 2
    f_of_g = 7 * x ** 2 + 3
    q("$(g \\circ f)(1) = g({}) = {}$, but $(f \\circ g)(1) = f({}) = {}$", 7 * 1 + 3, g_of_f.data, 1,
      f_of_g.data)
    q("${}$: the input $x$, the constants", len(record(g_of_f).nodes))
    link, root, _ = explored("(7 * x + 3) ** 2", x=1.0)
    assert len(record(root).nodes) == len(record(g_of_f).nodes)
    q("yourself: {}open the expression", link)
    assert q.leftover_decimals() == []


def test_computation_graphs():
    q = Questions("computation-graphs")
    s0, s2 = Value(0.0).sigmoid(), Value(-2.0).sigmoid()
    q(r"$\sigma(0) = {}$ and the derivative is ${}$", s0.data, s0.local_grads[0])
    q(r"$\sigma(-2) = {}$ and the derivative is ${}$", s2.data, s2.local_grads[0])
    link, root, leaves = explored("(1 + exp(-x)) ** -1", x=-2.0)
    assert fmt(leaves["x"].grad) == fmt(s2.local_grads[0]) and fmt(root.data) == fmt(s2.data)
    q("graph: {}open the sigmoid at $x = {}$", link, -2)
    assert s2.local_grads[0] < s0.local_grads[0]
    assert q.leftover_decimals() == []


def test_chain_rule():
    q = Questions("chain-rule")
    x = Value(0.0)
    u = 4 * x + 1
    g = u ** 2
    g.backward()
    q(r"$u = {}$, $\partial g/\partial u = 2u = {}$, and $\partial g/\partial x = {} \cdot 4 = {}$",
      u.data, u.grad, u.grad, x.grad)
    link, _, leaves = explored("(4 * x + 1) ** 2", x=0.0)
    assert leaves["x"].grad == x.grad
    q("Step through it: {}open $g$ at $x = {}$", link, 0)
    w = Value(1.0)
    loss = (3 * w - 6) ** 2
    loss.backward()
    q(r"$L = {}$ and $\partial L/\partial w = 2(3w - 6) \cdot 3 = {}$", loss.data, w.grad)
    assert w.grad < 0
    assert q.leftover_decimals() == []


def test_local_gradients():
    q = Questions("local-gradients")
    a, b, c = Value(2.0), Value(5.0), Value(-1.0)
    f = a.max(b) * c
    f.backward()
    q("$f = {}$. The multiplication swaps: $c$ gets $\\max(a, b) = {}$ and the max gets $c = {}$", f.data,
      c.grad, a.grad + b.grad)
    q(r"$\partial f/\partial b = {}$ and $\partial f/\partial a = {}$", b.grad, a.grad)
    x = Value(-3.0)
    (2 * x.relu()).backward()
    q("${}$: the input was negative", x.grad)
    t = Value(2.0).tanh()
    q("What is it at $x = {}$", t.parents[0].data)
    q(r"$t = \tanh {} = {}$, so the local gradient is $1 - t^2 = {}$", t.parents[0].data, t.data,
      t.local_grads[0])
    link, _, leaves = explored("tanh(x)", x=2.0)
    assert leaves["x"].grad == t.local_grads[0]
    q(r"Check it: {}open $\tanh x$ at $x = {}$", link, 2)
    assert q.leftover_decimals() == []


def test_accumulation():
    q = Questions("accumulation")
    a = Value(3.0)
    (a * a).backward()
    q("${}$: the multiplication sends $a$ one contribution of ${}$", a.grad, a.data)
    link, _, leaves = explored("a * a", a=3.0)
    assert leaves["a"].grad == a.grad
    q(r"happen: {}open $a \cdot a$", link)
    a = Value(1.0)
    b = a + a + a
    b.backward()
    first = a.grad
    b.backward()
    q("${}$ after the first, one contribution per use, and ${}$ after the second", first, a.grad)
    assert q.leftover_decimals() == []


def test_engine():
    q = Questions("engine")
    a, b = Value(2.0), Value(1.0)
    q("${}$: $a$, $b$, $a + b$, the constant $1$", len(topological_order((a + b) * (b + 1))))
    a, b = Value(2.0), Value(3.0)
    d = a * b + a
    d.backward()
    q(r"$d = {}$, $\partial d/\partial a = b + 1 = {}$", d.data, a.grad)
    q(r"$\partial d/\partial b = a = {}$", b.grad)
    link, root, leaves = explored("a * b + a", a=2.0, b=3.0)
    assert (root.data, leaves["a"].grad, leaves["b"].grad) == (d.data, a.grad, b.grad)
    q("backward pass: {}open $d$", link)
    assert q.leftover_decimals() == []


def test_tiny_network():
    q = Questions("tiny-network")
    net = tiny_network()
    x = [Value(-1.0), Value(1.0)]
    hidden = net.layers[0](x)
    z = [h.parents[0] for h in hidden]
    y = net.layers[1](hidden)[0]
    loss = mse([y], [0.25])
    loss.backward()
    q("Run the same network on $x = ({}, {})$ with target ${}$", x[0].data, x[1].data, 0.25)
    q("$z = ({}, {})$: unit 1 is off and unit 2 is on", z[0].data, z[1].data)
    assert z[0].data <= 0 < z[1].data
    (n1, n2) = net.layers[0].neurons
    assert [w.grad for w in n1.w] == [0.0, 0.0]
    q("$y = {}$, $L = {}$, and row 1", y.data, loss.data)
    q("while row 2 is $({}, {})$", n2.w[0].grad, n2.w[1].grad)
    link, root, leaves = explored(
        "(0.7 * relu(w11*x1 + w12*x2) - 0.2 * relu(w21*x1 + w22*x2 - 0.1) + 0.05 - 0.25) ** 2",
        x1=-1.0, x2=1.0, w11=0.6, w12=-0.4, w21=0.1, w22=0.8)
    assert math.isclose(root.data, loss.data, rel_tol=1e-12)
    for name, w in zip(("w11", "w12", "w21", "w22"), [*n1.w, *n2.w], strict=True):
        assert math.isclose(leaves[name].grad, w.grad, rel_tol=1e-12, abs_tol=1e-15), name
    q("Check it: {}open the network", link)
    net = tiny_network()
    y = net([Value(1.0), Value(-1.0)])[0]
    mse([y], [y.data]).backward()
    q("if the target were ${}$", y.data)
    q("All ${}$ are $0$: the output $y = {}$ equals the target", len(net.parameters()), y.data)
    assert all(p.grad == 0.0 for p in net.parameters())
    assert q.leftover_decimals() == []


def test_training():
    q = Questions("training")
    _, (w, b, _) = fit(1, lr=0.02)
    q("learning rate ${}$ instead of ${}$", 0.02, 0.01)
    q("At $w = {}$, $b = {}$", w, b)
    # "After 20 epochs" is after 20 updates, as the page counts them: the loss of fit()'s final weights.
    slow = [row[2] for row in fit(20, lr=0.1)[0]] + [fit(20, lr=0.1)[1][2]]
    fast = [row[2] for row in fit(20, lr=0.15)[0]] + [fit(20, lr=0.15)[1][2]]
    q("After ${}$ epochs, what is the loss with learning rate ${}$, and with ${}$", 20, 0.1, 0.15)
    q("With ${}$ it has fallen from ${}$ to ${}$", 0.1, slow[0], slow[-1])
    q("With ${}$ every step overshoots", 0.15)
    exponent = math.floor(math.log10(fast[-1]))
    q(r"has grown to ${} \times 10^{{{}}}$", fast[-1] / 10 ** exponent, exponent)
    assert fast[-1] > fast[0] > slow[-1]
    assert q.leftover_decimals() == []


def test_vanishing_gradients():
    q = Questions("vanishing-gradients")
    mod = figure_module("vanishing_gradients")
    engine = mod.chain("sigmoid", depth=6)[0]
    peak = Value(0.0).sigmoid().local_grads[0]
    q("For a chain of ${}$ sigmoid layers", 6)
    q("what bound does ${}^{}$ give", peak, 6)
    q("The bound is ${}^{} = {}$; the engine gets ${}$", peak, 6, peak ** 6, engine)
    q("the slopes are less than ${}$ away from $0$", peak)
    assert engine < peak ** 6
    link, _, leaves = explored("sigmoid(sigmoid(sigmoid(sigmoid(sigmoid(sigmoid(x))))))", x=1.0)
    assert math.isclose(leaves["x"].grad, engine, rel_tol=1e-12)
    q("Check it: {}open the chain", link)
    relu = mod.chain("relu", w=0.9)[0]
    q("For ${}$ ReLU layers with $w = {}$", mod.DEPTH, 0.9)
    q("${}^{{{}}} = {}$: each active ReLU", 0.9, mod.DEPTH, relu)
    q("multiplies it by ${}$", 0.9)
    assert math.isclose(relu, 0.9 ** 12)
    assert q.leftover_decimals() == []


def test_vectors_and_matrices():
    q = Questions("vectors-and-matrices")
    n_in, n_out, batch = 3, 4, 5
    delta, xt = np.zeros((n_out, batch)), np.zeros((batch, n_in))
    q(r"$\delta$ is ${} \times {}$, $X^\top$ is ${} \times {}$", *delta.shape, *xt.shape)
    q(r"$\partial L/\partial W$ is ${} \times {}$, the shape of $W$", *(delta @ xt).shape)
    mod = figure_module("vectors_and_matrices")
    twice = mod.matrix_pass(np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([[0.25, 0.25]]))
    once = mod.matrix_pass()
    assert np.array_equal(twice["dW1"], once["dW1"])
    rows = twice["dW1"]
    q("both with target ${}$", 0.25)
    q(r"The same as for one copy, $\begin{{bmatrix}} {} & {} \cr {} & {} \end{{bmatrix}}$", *rows.ravel())
    assert q.leftover_decimals() == []


def test_forward_reverse():
    q = Questions("forward-reverse")
    calls = []

    def f(a, b, c):
        calls.append(1)
        return a * b + c

    grads = forward_gradient(f, [2.0, 3.0, 1.0])
    leaves = [Value(v) for v in (2.0, 3.0, 1.0)]
    f(*leaves).backward()
    assert grads == [v.grad for v in leaves]
    q("Forward mode ${}$ passes, reverse mode ${}$", len(calls) - 1, 1)
    q(r"= ({}, {}, {})$.", *grads)
    outputs = 5
    x = Dual(0.5, 1.0)
    tangents = [(x * k).tangent for k in range(1, outputs + 1)]  # one pass: every output's tangent at once
    passes = 0
    for k in range(1, outputs + 1):
        v = Value(0.5)
        (v * k).backward()
        passes += 1
        assert v.grad == tangents[k - 1]
    q("A function has ${}$ input and ${}$ outputs", 1, outputs)
    q("gives all ${}$ tangents. Reverse mode needs ${}$ backward passes", len(tangents), passes)
    assert q.leftover_decimals() == []


def test_softmax():
    q = Questions("softmax")
    mod = figure_module("softmax")
    even = mod.cross_entropy((1.0, 1.0, 1.0), 2)
    q("$p = ({}, {}, {})$, $L = \\log 3 = {}$", *even["p"], even["L"].data)
    q(r"$\partial L/\partial z = ({}, {}, {})$.", *[v.grad for v in even["z"]])
    logits = tuple(v - 5 for v in mod.LOGITS)
    shifted = mod.cross_entropy(logits)
    q("Subtract ${}$ from every logit of the worked example, $z = ({}, {}, {})$", 5, *logits)
    q("Nothing changes: $p = ({}, {}, {})$, $L = {}$", *shifted["p"], shifted["L"].data)
    grads = [v.grad for v in shifted["z"]]
    q(r"$\partial L/\partial z = p - y = ({}, {}, {})$ again", *grads)
    assert [fmt(p) for p in shifted["p"]] == [fmt(p) for p in mod.cross_entropy()["p"]]
    assert [fmt(g) for g in grads] == [fmt(v.grad) for v in mod.cross_entropy()["z"]]
    link, root, leaves = explored("-log(exp(a) / (exp(a) + exp(b) + exp(c)))", **dict(zip("abc", logits)))
    assert math.isclose(root.data, shifted["L"].data, rel_tol=1e-12)
    assert all(math.isclose(leaves[k].grad, g, rel_tol=1e-12) for k, g in zip("abc", grads))
    q("Check it: {}open the loss", link)
    wrong = mod.cross_entropy((0.0, 0.0, 10.0), 0)
    q("$p_0 = {}$, so $L = {}$, and $\\partial L/\\partial z_0 = {}$", fmt(wrong["p"][0]),
      fmt(wrong["L"].data, digits=6), fmt(wrong["z"][0].grad, digits=6))
    assert q.leftover_decimals() == []
