"""Forward-mode autodiff with dual numbers: (x + x' ε)(y + y' ε) = xy + (x'y + xy') ε, with ε² = 0.

A Dual carries a value and its tangent, the derivative of that value along one
chosen direction of the inputs. Every operation computes both at once, so one
pass through f gives f and one directional derivative. To get the whole
gradient of f with respect to n inputs, forward mode needs n passes, one per
input with that input's tangent set to 1; reverse mode (``Value.backward()``)
gets all n from one backward pass.
"""

import math
from numbers import Real

__all__ = ["Dual", "derivative", "forward_gradient"]

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _as_dual(x, op):
    """A plain number as a constant: its tangent is 0."""
    if isinstance(x, Dual):
        return x
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"'{op}' needs a number or a Dual, got {x!r} ({type(x).__name__})")
    return Dual(float(x), 0.0)


class Dual:
    """value + tangent·ε: a number and its derivative along one direction."""

    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent=0.0):
        self.value = float(value)
        self.tangent = float(tangent)

    def __repr__(self):
        return f"Dual({self.value:.6g}, tangent={self.tangent:.6g})"

    def _chain(self, value, slope):
        """A unary function's result: f(x) + f'(x)·x'·ε."""
        return Dual(value, slope * self.tangent)

    def __add__(self, other):
        other = _as_dual(other, "+")
        return Dual(self.value + other.value, self.tangent + other.tangent)

    __radd__ = __add__

    def __sub__(self, other):
        other = _as_dual(other, "-")
        return Dual(self.value - other.value, self.tangent - other.tangent)

    def __rsub__(self, other):
        return _as_dual(other, "-") - self

    def __mul__(self, other):
        other = _as_dual(other, "*")
        # (a + a'ε)(b + b'ε) = ab + (a'b + ab')ε, because ε² = 0.
        return Dual(self.value * other.value, self.tangent * other.value + self.value * other.tangent)

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = _as_dual(other, "/")
        if other.value == 0.0:
            raise ZeroDivisionError(f"division by zero: {self.value:g} / {other.value:g}")
        out = self.value / other.value
        return Dual(out, (self.tangent - out * other.tangent) / other.value)

    def __rtruediv__(self, other):
        return _as_dual(other, "/") / self

    def __neg__(self):
        return Dual(-self.value, -self.tangent)

    def __pow__(self, exponent):
        if isinstance(exponent, bool) or not isinstance(exponent, Real):
            raise TypeError(f"'**' needs a plain number as exponent, got {exponent!r}")
        n, x = float(exponent), self.value
        if x == 0.0 and n < 0:
            raise ZeroDivisionError(f"'**' raises 0 to the negative power {n:g}")
        if x < 0.0 and not n.is_integer():
            raise ValueError(f"'**' raises the negative number {x:g} to the fractional power {n:g}")
        return self._chain(x ** n, n * x ** (n - 1) if n != 0 else 0.0)

    def exp(self):
        """e^x; the tangent is multiplied by e^x."""
        out = math.exp(self.value)
        return self._chain(out, out)

    def log(self):
        """ln x for x > 0; the tangent is divided by x."""
        if self.value <= 0.0:
            raise ValueError(f"log needs a positive input, got {self.value:g}")
        return self._chain(math.log(self.value), 1.0 / self.value)

    def tanh(self):
        """tanh x; slope 1 - tanh²x."""
        t = math.tanh(self.value)
        return self._chain(t, 1.0 - t * t)

    def sigmoid(self):
        """σ(x) = 1/(1 + e^-x); slope σ(1 - σ)."""
        x = self.value
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0.0 else math.exp(x) / (1.0 + math.exp(x))
        return self._chain(s, s * (1.0 - s))

    def relu(self):
        """max(0, x); slope 1 for x > 0, else 0 (as the reverse engine)."""
        return self._chain(max(self.value, 0.0), 1.0 if self.value > 0.0 else 0.0)

    def gelu(self):
        """x Φ(x); slope Φ(x) + x φ(x)."""
        x = self.value
        cdf = 0.5 * (1.0 + math.erf(x / _SQRT2))
        return self._chain(x * cdf, cdf + x * _INV_SQRT_2PI * math.exp(-0.5 * x * x))

    def max(self, other):
        """max(a, b); the tangent of the larger input (of `a` on a tie, as the reverse engine)."""
        other = _as_dual(other, "max")
        return self if self.value >= other.value else other


def derivative(f, point, i):
    """∂f/∂x_i at `point`, from one forward pass with x_i's tangent set to 1 and the others to 0."""
    inputs = [Dual(x, 1.0 if j == i else 0.0) for j, x in enumerate(point)]
    out = f(*inputs)
    if not isinstance(out, Dual):
        raise TypeError(f"f must return a Dual, got {out!r} ({type(out).__name__})")
    return out.tangent


def forward_gradient(f, point):
    """The gradient of f at `point` by forward mode: one pass per input, len(point) passes in all."""
    return [derivative(f, point, i) for i in range(len(point))]
