"""The gradient check catches a wrong derivative and names the input."""

import pytest

from visual_backprop.engine import Value
from visual_backprop.gradcheck import GradientMismatch, check_gradients, numerical_gradient


def test_numerical_gradient_of_a_polynomial():
    grads = numerical_gradient(lambda xs: xs[0] ** 3 + 2 * xs[0] * xs[1], [2.0, 3.0])
    assert grads == pytest.approx([3 * 4 + 6, 4], rel=1e-7)


def test_a_wrong_local_derivative_is_caught():
    def broken_square(v):
        # Right value, wrong slope: d(x^2)/dx reported as x instead of 2x.
        return Value(v.data ** 2, _parents=(v,), _local_grads=(v.data,), _op="**2")
    with pytest.raises(GradientMismatch, match=r"input 0 \(x0 = 3.0\)"):
        check_gradients(broken_square, [3.0])
