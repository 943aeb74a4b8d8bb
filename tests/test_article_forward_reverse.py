"""docs/forward-reverse.md: both modes' passes and gradients, Jv and uᵀJ, and the chain of diamonds.

Reference values are literals worked out by hand (the issue's, or the Jacobian of
f(a, b) = (ab, a + b, a/b) at (2, 1)); every number the page quotes is computed
here with the engine or the dual numbers, formatted with fmt, and must stand in
the page; afterwards no decimal may be left in the prose that no check accounts for.
"""

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
)

from visual_backprop import Value, mse
from visual_backprop.forward import Dual, derivative, forward_gradient

PAGE, MODULE = "forward-reverse", "forward_reverse"


def tiny_net_gradients():
    """The tiny network's parameters and their gradients from the engine, one example, squared error."""
    net = tiny_network()
    loss = mse([net([Value(1.0), Value(-1.0)])[0]], [0.25])
    loss.backward()
    return [p.data for p in net.parameters()], [p.grad for p in net.parameters()]


def quote_two_path_table_and_tiny_network(q, mod):
    a0, b0 = 2.0, 1.0
    q("$f = (a + b)(b + 1)$ at $a = {}$, $b = {}$", a0, b0)
    passes = []
    for seed in ((1.0, 0.0), (0.0, 1.0)):
        a, b = Dual(a0, seed[0]), Dual(b0, seed[1])
        p, qq = a + b, b + 1
        passes.append({"a": a, "b": b, "p": p, "q": qq, "f": p * qq})
    ra, rb = Value(a0), Value(b0)
    rp, rq = ra + rb, rb + 1
    rf = rp * rq
    rf.backward()
    reverse = {"a": ra, "b": rb, "p": rp, "q": rq, "f": rf}
    names = {"a": "$a$", "b": "$b$", "p": "$p = a + b$", "q": "$q = b + 1$", "f": "$f = pq$"}
    for key, name in names.items():
        one, two = passes[0][key], passes[1][key]
        assert one.value == two.value == reverse[key].data
        q("| {} | ${}$ | ${}$ | ${}$ | ${}$ |", name, one.value, one.tangent, two.tangent, reverse[key].grad)
    q(r"Pass 1 ends with $\partial f/\partial a = {}$ in $f$'s tangent, pass 2 with "
      r"$\partial f/\partial b = {}$", passes[0]["f"].tangent, passes[1]["f"].tangent)
    assert [passes[0]["f"].tangent, passes[1]["f"].tangent] == [2.0, 5.0]  # the reference values

    grads, forward_passes, reverse_grads, reverse_forward, reverse_backward = mod.TINY
    q("The [tiny network](tiny-network.md) has ${}$ parameters", len(mod.TINY_PARAMETERS))
    q("takes ${}$ passes, one per parameter", forward_passes)
    q("reverse mode gets from ${}$ forward pass, which computes the values and records the graph, and then "
      "${}$ backward pass", reverse_forward, reverse_backward)
    assert (forward_passes, reverse_forward, reverse_backward) == (9, 1, 1)
    data, engine_grads = tiny_net_gradients()
    assert data == list(mod.TINY_PARAMETERS)
    assert np.allclose(grads, engine_grads, atol=1e-12)
    assert np.allclose(reverse_grads, engine_grads, atol=1e-12)


def test_the_chart_counts_both_modes_and_their_gradients_agree_for_every_n():
    mod = figure_module(MODULE)
    assert [row.n for row in mod.COUNTS] == list(range(1, mod.MAX_INPUTS + 1))
    assert [row.forward_mode for row in mod.COUNTS] == list(range(1, mod.MAX_INPUTS + 1))
    assert {(row.reverse_forward, row.reverse_backward) for row in mod.COUNTS} == {(1, 1)}
    assert all(row.agree for row in mod.COUNTS)


def test_the_counts_are_real_calls():
    """A function that runs backward() itself, or is run twice, shows up in the counts: they can fail."""
    mod = figure_module(MODULE)
    grads, passes, reverse, reverse_forward, backward = mod.count_passes(mod.sum_of_products, [0.5, -1.0, 2])
    assert (passes, reverse_forward, backward) == (3, 1, 1) and np.allclose(grads, reverse)

    def backward_inside(a, b):
        out = a * b
        if isinstance(a, Value):
            (a * 1.0).backward()  # a stray extra backward pass on a side graph
        return out

    *_, reverse_forward, backward = mod.count_passes(backward_inside, [2.0, 3.0])
    assert (reverse_forward, backward) == (1, 2)

    def twice(a, b):
        return mod.sum_of_products(a, b) + 0 * mod.sum_of_products(a, b)

    assert mod.count_passes(twice, [2.0, 3.0])[1] == 2  # f is counted per call, not per inner evaluation
    assert derivative(mod.two_paths, [2.0, 1.0], 1) == 5.0
    assert forward_gradient(mod.tiny_loss, mod.TINY_PARAMETERS) == mod.TINY[0]
    assert Value.backward.__name__ == "backward" and not hasattr(Value.backward, "__wrapped__")  # restored


def quote_jacobian_vector_and_vector_jacobian_products(q, mod):
    columns_way, rows_way = mod.jacobian(mod.three_outputs, mod.JVP_POINT, 3)
    reference = [[1.0, 2.0], [1.0, 1.0], [1.0, -2.0]]  # b, a; 1, 1; 1/b, -a/b² at (2, 1), by hand
    assert columns_way == rows_way == reference
    jv = mod.jvp(mod.three_outputs, mod.JVP_POINT, mod.DIRECTION)
    ujt = mod.vjp(mod.three_outputs, mod.JVP_POINT, mod.WEIGHTS)
    assert np.allclose(jv, np.array(reference) @ mod.DIRECTION)
    assert np.allclose(ujt, np.array(mod.WEIGHTS) @ reference)
    q("$f(a, b) = (ab,\\; a + b,\\; a/b)$ at $a = {}$, $b = {}$", *mod.JVP_POINT)
    q(r"\end{{bmatrix}} = {} .", bmatrix(reference))
    q("With $v = ({}, {})$, one forward pass gives $Jv = ({}, {}, {})$", *mod.DIRECTION, *jv)
    q(r"$u = ({}, {}, {})$, one backward pass gives $u^\top J = ({}, {})$", *mod.WEIGHTS, *ujt)
    q("$J$ takes ${}$ forward passes (its columns) or ${}$ backward passes (its rows)", len(reference[0]),
      len(reference))


def quote_diamonds(q, mod):
    """Paths multiply, and each mode touches each edge once."""
    rows = mod.DIAMONDS
    assert [row.n for row in rows] == list(range(1, 11))
    for row in rows:
        assert row.paths == 2 ** row.n and row.path_edges == 2 * row.n * 2 ** row.n
        assert row.edges == row.forward_edges == row.reverse_edges == 4 * row.n
        summed, forward, reverse = row.grads
        assert np.isclose(summed, reverse, rtol=1e-12) and np.isclose(forward, reverse, rtol=1e-12)
    q("One diamond has ${}$ paths and ${}$ edges", rows[0].paths, rows[0].edges)
    q("running them on chains of $1$ to ${}$ diamonds", mod.MAX_DIAMONDS)
    last = rows[-1]
    q("At ${}$ diamonds there are ${}$ paths, and multiplying each out walks ${}$ edges, while forward and "
      "reverse mode touch ${}$ and ${}$: the ${}$ edges of the graph, once each", last.n, last.paths,
      last.path_edges, last.forward_edges, last.reverse_edges, last.edges)
    q("at $3$ diamonds it is ${}$", rows[2].grads[2])


def test_path_sum_counts_real_paths():
    mod = figure_module(MODULE)
    a = Value(3.0)
    b = a * a  # two edges from a into one node: two paths
    total, paths, edges = mod.path_sum(a, b)
    assert (total, paths, edges) == (6.0, 2, 2)


QUOTES = [quote_two_path_table_and_tiny_network, quote_jacobian_vector_and_vector_jacobian_products,
          quote_diamonds]


@pytest.mark.parametrize("quote", QUOTES, ids=lambda f: f.__name__)
def test_quoted_numbers(quote):
    quote(Quotes(PAGE), figure_module(MODULE))


def test_no_decimal_is_left_unchecked():
    q = Quotes(PAGE)
    for quote in QUOTES:
        quote(q, figure_module(MODULE))
    assert q.leftover_decimals() == []


def test_snippet_figure_code_and_figures():
    assert_last_snippet_prints_what_it_says(PAGE)
    assert_page_shows_its_figure_code(PAGE, MODULE)
    assert len(embedded_figures(PAGE, MODULE, at_least=2)) == 2


def test_the_charts_say_their_counts():
    from visual_backprop.draw import declarations

    mod = figure_module(MODULE)
    declared = declarations(mod)
    paths = declared["forward-reverse/paths"].alt
    assert "from 2 to 1024" in paths and "walks 20480 edges" in paths and "40 and 40 edges" in paths
    passes = declared["forward-reverse/passes"].alt
    assert "to 20; reverse mode stays at 1 forward pass plus 1 backward pass" in passes
