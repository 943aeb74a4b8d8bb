"""Every operation against central differences, named graphs, deep chains and bad input."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from operations import OPERATIONS, build_from, random_graph

from visual_backprop.engine import Value, backward_steps, topological_order
from visual_backprop.gradcheck import check_gradients


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_matches_central_differences(name):
    build, strategies = OPERATIONS[name]

    @settings(max_examples=150, deadline=None)
    @given(st.tuples(*strategies))
    def check(point):
        if name == "max" and abs(point[0] - point[1]) < 1e-3:
            return
        # Scale h with the input so the step is neither lost in rounding nor too coarse.
        h = 1e-6 * max(1.0, max(abs(x) for x in point))
        check_gradients(build, point, h=h, rtol=1e-4, atol=1e-5)

    check()


@pytest.mark.parametrize(
    "build, point",
    [
        (lambda a: a.sigmoid(), [1000.0]),
        (lambda a: a.sigmoid(), [-1000.0]),
        (lambda a: a.tanh(), [800.0]),
        (lambda a: a.log(), [1e-300]),
        (lambda a: a.exp(), [709.0]),
        (lambda a: a.relu(), [0.0]),
        (lambda a: a.gelu(), [-40.0]),
    ],
    ids=["sigmoid+1000", "sigmoid-1000", "tanh+800", "log-tiny", "exp-709", "relu-kink", "gelu-far-left"],
)
def test_domain_edges_are_finite(build, point):
    out = build(Value(point[0]))
    out.backward()
    assert math.isfinite(out.data)
    assert all(math.isfinite(v.grad) for v in topological_order(out))


def test_saturation_values():
    assert Value(1000).sigmoid().data == 1.0
    assert Value(-1000).sigmoid().data == 0.0
    assert Value(1000).tanh().data == 1.0
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0, "relu's derivative at the kink is 0 by convention"


def test_max_routes_to_first_on_a_tie():
    a, b = Value(2.0), Value(2.0)
    a.max(b).backward()
    assert (a.grad, b.grad) == (1.0, 0.0)


def test_gelu_uses_the_exact_erf_form():
    x = 0.7
    assert Value(x).gelu().data == pytest.approx(x * 0.5 * (1 + math.erf(x / math.sqrt(2))), abs=1e-15)


# --- random graphs with fan-out ---------------------------------------------


@settings(max_examples=200, deadline=None)
@given(random_graph())
def test_random_graphs_with_reuse_match_central_differences(recipe):
    steps, point = recipe
    check_gradients(build_from(steps), point, h=1e-6, rtol=1e-4, atol=1e-5)


# --- named small graphs -------------------------------------------------------

def test_node_used_twice_twice_over():
    a = Value(1.0, "a")
    b = a + a
    c = b + b
    c.backward()
    assert c.data == 4.0
    assert a.grad == 4.0
    assert b.grad == 2.0


def test_sum_over_paths():
    a, b = Value(2.0, "a"), Value(1.0, "b")
    e = (a + b) * (b + 1)
    e.backward()
    assert e.data == 6.0
    assert a.grad == 2.0
    assert b.grad == 5.0


def test_chain_100000_deep():
    x = Value(0.5, "x")
    v = x
    for _ in range(100_000):
        v = v * 1.0 + 0.0
    v.backward()
    assert x.grad == 1.0
    assert len(topological_order(v)) == 1 + 100_000 * 4


def test_second_backward_doubles_every_gradient():
    x = Value(3.0, "x")
    y = x * 2.0
    loss = (y * y).tanh() * 5 + y
    loss.backward()
    first = [v.grad for v in topological_order(loss)]
    loss.backward()
    second = [v.grad for v in topological_order(loss)]
    assert second == [2 * g for g in first]
    loss.zero_grad()
    assert all(v.grad == 0.0 for v in topological_order(loss))
    loss.backward()
    assert [v.grad for v in topological_order(loss)] == first


def test_backward_steps_yield_each_add_as_it_is_made():
    """b = a + a, c = b * a: the sweep's += in order, each yielded right after it is made."""
    a = Value(3.0, "a")
    b = a + a
    c = b * a
    c.grad, a.grad = 7.0, 5.0  # stale gradients: the sweep starts from zero
    seen = []
    for node, slot, parent, local, added in backward_steps(c):
        assert added == local * node.grad
        seen.append((node.label or node.op, slot, parent.label or parent.op, local, added, parent.grad))
    assert seen == [
        ("*", 0, "+", 3.0, 3.0, 3.0),    # dc/db = a
        ("*", 1, "a", 6.0, 6.0, 6.0),    # dc/da through the product = b
        ("+", 0, "a", 1.0, 3.0, 9.0),    # then b sends 1 x 3 to each use of a
        ("+", 1, "a", 1.0, 3.0, 12.0),
    ]
    assert (c.grad, b.grad, a.grad) == (1.0, 3.0, 12.0)


def test_backward_is_the_steps_run_to_the_end():
    """backward() gives the grads the generator leaves, added to what .grad held; a leaf yields nothing."""
    x = Value(0.7, "x")
    loss = (x * x).tanh() * 3.0 + x.exp()
    list(backward_steps(loss))
    swept = [v.grad for v in topological_order(loss)]
    loss.zero_grad()
    loss.backward()
    assert [v.grad for v in topological_order(loss)] == swept
    assert list(backward_steps(Value(2.0))) == []


def test_shared_parameter_accumulates_across_two_losses():
    w = Value(2.0, "w")
    first, second = w * 3.0, (w * w) + 1.0
    first.backward()
    second.backward()
    assert w.grad == 3.0 + 2 * 2.0


def test_parents_keep_argument_order():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    assert (a - b).parents == (a, b)
    assert (b / a).parents == (b, a)
    assert (3 - a).parents[1] is a


def test_topological_order_puts_parents_first():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a * b
    d = c + a
    order = topological_order(d)
    assert order == [a, b, c, d]
    for node in order:
        for parent in node.parents:
            assert order.index(parent) < order.index(node)


# --- bad input ----------------------------------------------------------------

@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda: Value(0.0).log(), ValueError, ["log", "positive", "0"]),
        (lambda: Value(-2.0).log(), ValueError, ["log", "-2"]),
        (lambda: Value(3.0) / 0, ZeroDivisionError, ["division by zero", "3 / 0"]),
        (lambda: 3 / Value(0.0), ZeroDivisionError, ["division by zero"]),
        (lambda: Value(2.0) ** "2", TypeError, ["exponent", "'2'"]),
        (lambda: Value(2.0) ** Value(2.0), TypeError, ["exponent", "Value"]),
        (lambda: Value(2.0) ** None, TypeError, ["exponent", "None"]),
        (lambda: Value(0.0) ** -1, ZeroDivisionError, ["0", "-1"]),
        (lambda: Value(-8.0) ** 0.5, ValueError, ["-8", "0.5"]),
        (lambda: Value("1.5"), TypeError, ["data", "'1.5'", "str"]),
        (lambda: Value(None), TypeError, ["data", "None"]),
        (lambda: Value(True), TypeError, ["data", "True"]),
        (lambda: Value(float("nan")), ValueError, ["NaN"]),
        (lambda: Value(1.0) + "x", TypeError, ["'+'", "'x'"]),
        (lambda: Value(1.0) * [2], TypeError, ["'*'", "[2]"]),
        (lambda: Value(1000.0).exp(), OverflowError, ["exp", "1000"]),
        (lambda: Value(1e200) ** 2, OverflowError, ["**", "1e+200"]),
    ],
)
def test_bad_input_names_operation_and_value(make, error, words):
    with pytest.raises(error) as caught:
        make()
    for word in words:
        assert word in str(caught.value)
