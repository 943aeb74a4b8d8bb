"""Finite differences, forward (f(x + h) - f(x)) / h and central (f(x + h) - f(x - h)) / 2h, check backward().

The relative error |a - b| / max(|a|, |b|) compares a gradient with its estimate; a sweep
over h shows truncation (large h) giving way to round-off (small h), and where they meet.
"""

import math

from .engine import Value

__all__ = [
    "forward_difference", "central_difference", "relative_error", "error_sweep", "best_step", "STEPS",
    "numerical_gradient", "check_gradients", "GradientMismatch",
]

STEPS = tuple(10.0 ** -k for k in range(1, 13))  # h = 1e-1, 1e-2, ..., 1e-12


class GradientMismatch(AssertionError):
    """backward() and central differences disagree on some input."""


def _check_step(h):
    """h as a float, or ValueError: a step must be a finite number above zero."""
    if isinstance(h, bool) or not isinstance(h, int | float) or not math.isfinite(h) or h <= 0.0:
        raise ValueError(f"finite differences need a step h > 0, got h = {h!r}")
    return float(h)


# --8<-- [start:differences]
def forward_difference(f, x, h):
    """(f(x + h) - f(x)) / h for f: float -> float: error O(h) from truncation."""
    h = _check_step(h)
    return (f(x + h) - f(x)) / h


def central_difference(f, x, h):
    """(f(x + h) - f(x - h)) / 2h for f: float -> float: error O(h²) from truncation."""
    h = _check_step(h)
    return (f(x + h) - f(x - h)) / (2.0 * h)
# --8<-- [end:differences]


# --8<-- [start:relative-error]
def relative_error(a, b):
    """|a - b| / max(|a|, |b|), and 0 when both are 0: 1e-7 means about seven digits agree."""
    for name, v in (("a", a), ("b", b)):
        if isinstance(v, bool) or not isinstance(v, int | float) or math.isnan(v):
            raise ValueError(f"relative_error needs two numbers, got {name} = {v!r}")
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0.0 else abs(a - b) / scale
# --8<-- [end:relative-error]


# --8<-- [start:sweep]
def error_sweep(f, x, exact, steps=STEPS):
    """For each h in steps: {"h", "forward", "central"}, each the relative error of that estimate to exact."""
    if not steps:
        raise ValueError("error_sweep needs at least one step h")
    return [{"h": float(h),
             "forward": relative_error(forward_difference(f, x, h), exact),
             "central": relative_error(central_difference(f, x, h), exact)} for h in steps]
# --8<-- [end:sweep]


def best_step(sweep, kind="central"):
    """The row of an error_sweep with the smallest `kind` ("forward" or "central") error."""
    if kind not in ("forward", "central"):
        raise ValueError(f"best_step: kind must be 'forward' or 'central', got {kind!r}")
    if not sweep:
        raise ValueError("best_step needs a non-empty sweep")
    return min(sweep, key=lambda row: row[kind])


def numerical_gradient(f, point, h=1e-6):
    """Central-difference gradient of f (list of floats -> float) at point, one entry per input."""
    point = [float(x) for x in point]
    grads = []
    for i, x in enumerate(point):
        def along_i(t, i=i):
            moved = list(point)
            moved[i] = t
            return f(moved)
        grads.append(central_difference(along_i, x, h))
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
