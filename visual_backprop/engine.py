"""Scalar reverse-mode autodiff: each Value remembers its parents and d(self)/d(parent).

A Value is one number in a computation graph. Every operation builds a new
Value and stores, next to the forward formula, the local derivative of the
result with respect to each input. ``backward()`` then applies the chain rule
in reverse topological order: each parent gains ``local * upstream`` with
``+=``, so a node used on several paths collects one contribution per path.
``backward_steps(root)`` is that sweep one ``+=`` at a time: ``backward()``
runs it to the end, and the trace records what it yields.
"""

import math
from numbers import Real

__all__ = ["Value", "topological_order", "backward_steps"]

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _check_number(x, what):
    """Return x as a float, or raise TypeError naming `what` and the bad value."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{what} needs a real number, got {x!r} ({type(x).__name__})")
    x = float(x)
    if math.isnan(x):
        raise ValueError(f"{what} got NaN, which has no gradient")
    return x


def _as_value(x, op):
    """Wrap a plain number as a constant leaf, so `v + 1` and `2 * v` work."""
    if isinstance(x, Value):
        return x
    return Value(_check_number(x, f"'{op}' operand"), label=f"{float(x):g}")


class Value:
    """A scalar in a computation graph: data, grad, and how it was made."""

    __slots__ = ("data", "grad", "label", "op", "_parents", "_local_grads")

    # --8<-- [start:init]
    def __init__(self, data, label="", *, _parents=(), _local_grads=(), _op=""):
        self.data = _check_number(data, "Value data")
        self.grad = 0.0
        self.label = label
        self.op = _op
        self._parents = tuple(_parents)
        self._local_grads = tuple(_local_grads)
    # --8<-- [end:init]

    @property
    def parents(self):
        """The inputs of the operation that made this Value, in argument order."""
        return self._parents

    @property
    def local_grads(self):
        """d(self)/d(parent) for each parent, as computed in the forward pass."""
        return self._local_grads

    def __repr__(self):
        name = f"{self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # --- arithmetic --------------------------------------------------------
    # Each operation returns _result(forward value, parents, local derivatives).

    # --8<-- [start:result]
    def _result(self, data, parents, local_grads, op):
        return Value(data, _parents=parents, _local_grads=local_grads, _op=op)
    # --8<-- [end:result]

    # --8<-- [start:add]
    def __add__(self, other):
        other = _as_value(other, "+")
        # d(a+b)/da = 1, d(a+b)/db = 1: addition hands the gradient on unchanged.
        return self._result(self.data + other.data, (self, other), (1.0, 1.0), "+")
    # --8<-- [end:add]

    def __radd__(self, other):
        return _as_value(other, "+") + self

    def __sub__(self, other):
        other = _as_value(other, "-")
        # d(a-b)/da = 1, d(a-b)/db = -1
        return self._result(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __rsub__(self, other):
        return _as_value(other, "-") - self

    # --8<-- [start:mul]
    def __mul__(self, other):
        other = _as_value(other, "*")
        # d(ab)/da = b, d(ab)/db = a: multiplication swaps its inputs.
        return self._result(self.data * other.data, (self, other), (other.data, self.data), "*")
    # --8<-- [end:mul]

    def __rmul__(self, other):
        return _as_value(other, "*") * self

    def __truediv__(self, other):
        other = _as_value(other, "/")
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {self.data:g} / {other.data:g}")
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
        out = self.data / other.data
        return self._result(out, (self, other), (1.0 / other.data, -out / other.data), "/")

    def __rtruediv__(self, other):
        return _as_value(other, "/") / self

    def __neg__(self):
        # d(-a)/da = -1
        return self._result(-self.data, (self,), (-1.0,), "neg")

    def __pow__(self, exponent):
        if isinstance(exponent, Value):
            raise TypeError(
                f"'**' needs a plain number as exponent, got a Value ({exponent!r}); "
                "write (a.log() * b).exp() for a^b with b in the graph")
        n = _check_number(exponent, "'**' exponent")
        x = self.data
        if x == 0.0 and n < 0:
            raise ZeroDivisionError(f"'**' raises 0 to the negative power {n:g}")
        if x < 0.0 and not n.is_integer():
            raise ValueError(f"'**' raises the negative number {x:g} to the fractional power {n:g}")
        try:
            out = x ** n
            # d(x^n)/dx = n x^(n-1)
            local = n * x ** (n - 1) if n != 0 else 0.0
        except OverflowError:
            raise OverflowError(f"'**' overflows: {x:g} ** {n:g}") from None
        return self._result(out, (self,), (local,), f"**{n:g}")

    # --- functions ---------------------------------------------------------

    def exp(self):
        """e^x; d/dx = e^x."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp overflows at x = {self.data:g} (the limit is about 709.78)") from None
        return self._result(out, (self,), (out,), "exp")

    def log(self):
        """ln x for x > 0; d/dx = 1/x."""
        if self.data <= 0.0:
            raise ValueError(f"log needs a positive input, got {self.data:g}")
        return self._result(math.log(self.data), (self,), (1.0 / self.data,), "log")

    # --8<-- [start:tanh]
    def tanh(self):
        """tanh x; d/dx = 1 - tanh(x)^2, read off the output."""
        t = math.tanh(self.data)
        return self._result(t, (self,), (1.0 - t * t,), "tanh")
    # --8<-- [end:tanh]

    def sigmoid(self):
        """s(x) = 1/(1+e^-x); d/dx = s(1-s), read off the output."""
        x = self.data
        # Only ever exponentiate a non-positive number, so large |x| cannot overflow.
        if x >= 0.0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            z = math.exp(x)
            s = z / (1.0 + z)
        return self._result(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        """max(0, x); d/dx = 1 if x > 0 else 0 (0 at the kink, by convention)."""
        x = self.data
        return self._result(x if x > 0.0 else 0.0, (self,), (1.0 if x > 0.0 else 0.0,), "relu")

    def gelu(self):
        """x * Phi(x) with the exact normal CDF; d/dx = Phi(x) + x * phi(x)."""
        x = self.data
        cdf = 0.5 * (1.0 + math.erf(x / _SQRT2))
        pdf = _INV_SQRT_2PI * math.exp(-0.5 * x * x)
        return self._result(x * cdf, (self,), (cdf + x * pdf,), "gelu")

    def max(self, other):
        """max(a, b); the gradient goes to the larger input (to `a` on a tie)."""
        other = _as_value(other, "max")
        first = self.data >= other.data
        out = self.data if first else other.data
        return self._result(out, (self, other), (1.0, 0.0) if first else (0.0, 1.0), "max")

    # --- gradients ---------------------------------------------------------

    # --8<-- [start:backward-step]
    def _backward(self):
        """Chain rule for one node: every parent gains local * upstream."""
        for _ in self._backward_steps():
            pass

    def _backward_steps(self):
        """The same, one parent at a time: after each +=, yield (self, slot, parent, local, contribution)."""
        for slot, (parent, local) in enumerate(zip(self._parents, self._local_grads)):
            contribution = local * self.grad
            parent.grad += contribution
            yield self, slot, parent, local, contribution
    # --8<-- [end:backward-step]

    # --8<-- [start:backward]
    def backward(self):
        """Add d(self)/d(node) to .grad of every node in this graph.

        The pass runs backward_steps(), the sweep from d(self)/d(self) = 1 through
        every node in reverse topological order, so a node's gradient is complete
        before it is passed on. Gradients accumulate: this pass's gradients are
        added to whatever .grad already held, so a second call doubles them. Call
        zero_grad() first to start from zero.
        """
        order = topological_order(self)
        held = [node.grad for node in order]
        for _ in backward_steps(self, order):  # each step is made as it is yielded
            pass
        for node, before in zip(order, held):
            node.grad += before
    # --8<-- [end:backward]

    def zero_grad(self):
        """Set .grad to 0 on every node of this graph."""
        for node in topological_order(self):
            node.grad = 0.0


# --8<-- [start:topological-order]
def topological_order(root):
    """Every node reachable from root, each after all of its parents; iterative, deterministic."""
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        # Push in reverse so parents are visited in argument order.
        for parent in reversed(node._parents):
            if id(parent) not in seen:
                stack.append((parent, False))
    return order
# --8<-- [end:topological-order]


# --8<-- [start:backward-steps]
def backward_steps(root, order=None):
    """The backward sweep from root, yielding (node, slot, parent, local, contribution) after each +=.

    `order` is topological_order(root), if the caller already has it. The sweep
    starts from zero gradients, so stale values never flow as upstream: it sets
    every .grad to 0, seeds d(root)/d(root) = 1, and runs each node's
    _backward_steps() from the output down.
    """
    order = topological_order(root) if order is None else order
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        yield from node._backward_steps()
# --8<-- [end:backward-steps]
