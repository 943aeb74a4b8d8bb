"""Forward mode (dual numbers) against the reverse engine: same values, same gradients.

The operation table and the random graphs with fan-out are test_engine's, so
both modes are held to the same cases; here the reference is not central
differences but Value.backward() itself.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from operations import OPERATIONS, build_from, random_graph

from visual_backprop.engine import Value
from visual_backprop.forward import Dual, derivative, forward_gradient


def reverse_gradient(build, point):
    """Value and gradient of build at point from one backward pass."""
    leaves = [Value(x) for x in point]
    out = build(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


def agree(forward, reverse):
    return all(math.isclose(f, r, rel_tol=1e-9, abs_tol=1e-12) for f, r in zip(forward, reverse, strict=True))


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_matches_the_reverse_engine(name):
    build, strategies = OPERATIONS[name]

    @settings(max_examples=100, deadline=None)
    @given(st.tuples(*strategies))
    def check(point):
        value, grads = reverse_gradient(build, point)
        assert build(*[Dual(x) for x in point]).value == value
        assert agree(forward_gradient(build, point), grads), (point, grads)

    check()


@settings(max_examples=200, deadline=None)
@given(random_graph())
def test_random_graphs_with_reuse_match_the_reverse_engine(recipe):
    steps, point = recipe
    build = build_from(steps)
    _, grads = reverse_gradient(build, point)
    assert agree(forward_gradient(build, point), grads)


def test_the_two_path_example_takes_one_pass_per_input():
    def f(a, b):
        return (a + b) * (b + 1)

    assert derivative(f, [2.0, 1.0], 0) == 2.0
    assert derivative(f, [2.0, 1.0], 1) == 5.0
    calls = []
    forward_gradient(lambda a, b: calls.append(1) or f(a, b), [2.0, 1.0])
    assert len(calls) == 2


def test_kinks_follow_the_reverse_engines_convention():
    assert derivative(lambda x: x.relu(), [0.0], 0) == 0.0
    assert forward_gradient(lambda a, b: a.max(b), [1.0, 1.0]) == [1.0, 0.0]


def test_bad_input_is_named():
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        Dual(1.0) / 0
    with pytest.raises(ValueError, match="log needs a positive input, got -1"):
        Dual(-1.0).log()
    with pytest.raises(TypeError, match="'\\*' needs a number or a Dual, got 'x'"):
        Dual(1.0) * "x"
    with pytest.raises(TypeError, match="exponent"):
        Dual(2.0) ** Dual(1.0)
    with pytest.raises(TypeError, match="f must return a Dual"):
        derivative(lambda x: 1.0, [0.0], 0)
