"""The gradient check catches a wrong derivative and names the input; its differences err as Taylor says."""

import math

import pytest

from visual_backprop.engine import Value
from visual_backprop.gradcheck import (
    GradientMismatch,
    best_step,
    central_difference,
    check_gradients,
    error_sweep,
    forward_difference,
    numerical_gradient,
    relative_error,
)


def test_numerical_gradient_of_a_polynomial():
    grads = numerical_gradient(lambda xs: xs[0] ** 3 + 2 * xs[0] * xs[1], [2.0, 3.0])
    assert grads == pytest.approx([3 * 4 + 6, 4], rel=1e-7)


def test_a_wrong_local_derivative_is_caught():
    def broken_square(v):
        # Right value, wrong slope: d(x^2)/dx reported as x instead of 2x.
        return Value(v.data ** 2, _parents=(v,), _local_grads=(v.data,), _op="**2")
    with pytest.raises(GradientMismatch, match=r"input 0 \(x0 = 3.0\)"):
        check_gradients(broken_square, [3.0])


# --- the finite differences, the relative error and the sweep over h ------------------------------------


def test_forward_and_central_differences_on_polynomials_are_off_by_their_truncation_terms():
    # x² at 3: forward = 6 + h exactly; x³ at 1: central = 3 + h² exactly (both exact in binary at h = 0.5).
    assert forward_difference(lambda x: x * x, 3.0, 0.5) == 6.5
    assert central_difference(lambda x: x ** 3, 1.0, 0.5) == 3.25
    assert central_difference(lambda x: x * x, 3.0, 0.5) == 6.0  # a parabola has no third derivative


def test_relative_error_is_scale_free_and_symmetric():
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(1e-9, 1.1e-9) == pytest.approx(relative_error(1.0, 1.1))
    assert relative_error(2.0, -2.0) == 2.0
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(0.0, 0.5) == 1.0


def test_the_sweep_over_h_falls_with_truncation_then_rises_with_round_off():
    sweep = error_sweep(math.exp, 0.0, 1.0)  # d/dx e^x = 1 at 0
    assert [row["h"] for row in sweep] == [10.0 ** -k for k in range(1, 13)]
    by_h = {row["h"]: row for row in sweep}
    # Taylor: forward is off by about h/2 · f'' and central by h²/6 · f''' (both 1 here).
    assert by_h[1e-2]["forward"] == pytest.approx(1e-2 / 2, rel=0.01)
    assert by_h[1e-2]["central"] == pytest.approx(1e-4 / 6, rel=0.01)
    assert by_h[1e-3]["central"] == pytest.approx(1e-6 / 6, rel=0.01)
    central, forward = best_step(sweep), best_step(sweep, "forward")
    assert 1e-6 <= central["h"] <= 1e-4 and central["central"] < 1e-9
    assert 1e-9 <= forward["h"] <= 1e-7 and forward["forward"] < 1e-7
    assert by_h[1e-12]["central"] > 1000 * central["central"]  # round-off took over


@pytest.mark.parametrize("h", [0.0, -1e-3, float("nan"), float("inf"), "0.1", True])
def test_a_bad_step_is_named(h):
    with pytest.raises(ValueError, match=r"step h > 0, got h = "):
        central_difference(math.exp, 0.0, h)
    with pytest.raises(ValueError, match=r"step h > 0"):
        forward_difference(math.exp, 0.0, h)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"relative_error needs two numbers, got b = nan"):
        relative_error(1.0, float("nan"))
    with pytest.raises(ValueError, match=r"kind must be 'forward' or 'central', got 'backward'"):
        best_step(error_sweep(math.exp, 0.0, 1.0), "backward")
    with pytest.raises(ValueError, match=r"at least one step"):
        error_sweep(math.exp, 0.0, 1.0, steps=())
    with pytest.raises(ValueError, match=r"non-empty sweep"):
        best_step([])


def test_numerical_gradient_is_the_central_difference_along_each_input():
    f = lambda xs: xs[0] ** 3 * xs[1]  # noqa: E731
    grads = numerical_gradient(f, [2.0, 3.0], h=1e-3)
    assert grads[0] == central_difference(lambda t: f([t, 3.0]), 2.0, 1e-3)
    assert grads[1] == central_difference(lambda t: f([2.0, t]), 3.0, 1e-3)
