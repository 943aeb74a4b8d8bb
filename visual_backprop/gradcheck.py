"""Central differences: df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h, to check backward()."""

import math

from .engine import Value

__all__ = ["numerical_gradient", "check_gradients", "GradientMismatch"]


class GradientMismatch(AssertionError):
    """backward() and central differences disagree on some input."""


def numerical_gradient(f, point, h=1e-6):
    """Central-difference gradient of f (list of floats -> float) at point, one entry per input."""
    point = [float(x) for x in point]
    grads = []
    for i, x in enumerate(point):
        up, down = list(point), list(point)
        up[i], down[i] = x + h, x - h
        grads.append((f(up) - f(down)) / (2.0 * h))
    return grads


def check_gradients(build, point, *, h=1e-6, rtol=1e-4, atol=1e-6):
    """Compare backward() with central differences for build(*Values) -> Value at point.

    Returns (analytic, numeric) lists; raises GradientMismatch naming the first
    input where |analytic - numeric| > atol + rtol * |numeric|.
    """
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(point)]
    out = build(*leaves)
    out.backward()
    analytic = [leaf.grad for leaf in leaves]
    numeric = numerical_gradient(lambda xs: build(*[Value(x) for x in xs]).data, point, h)
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        if not math.isclose(a, n, rel_tol=rtol, abs_tol=atol):
            raise GradientMismatch(
                f"input {i} (x{i} = {point[i]!r}): backward() gives {a!r}, "
                f"central differences give {n!r}")
    return analytic, numeric
