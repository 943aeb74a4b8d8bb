"""The small example graphs the tests share, by name; each returns its output Value."""

from visual_backprop.engine import Value
from visual_backprop.nn import MLP, SGD, mse


def two_paths():
    """f = (a + b)(b + 1) at a = 2, b = 1: b reaches f along two paths, so its gradient is a sum."""
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    f = (a + b) * (b + 1)
    f.label = "f"
    return f


def neuron():
    """o = tanh(x1·w1 + x2·w2 + b), micrograd's neuron: o ≈ 0.7071 and ∂o/∂n = 0.5."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def chain_rule():
    """g = (4x + 1)² at x = 1, through u = 4x + 1: ∂g/∂x = 2u · 4 = 40."""
    x = Value(1.0, label="x")
    u = 4 * x + 1
    u.label = "u"
    g = u ** 2
    g.label = "g"
    return g


def tiny_network():
    """The Tiny network article's 2-2-1 network: ReLU hidden units, a linear output, its fixed weights."""
    return MLP([2, 2, 1], ["relu", "linear"],
               weights=[[[0.6, -0.4], [0.1, 0.8]], [[0.7, -0.2]]], biases=[[0.0, -0.1], [0.05]])


def fit(epochs, lr=0.01, w0=0.0, b0=0.0):
    """The line fit, written out with the engine here, independently of the figure module."""
    X, Y = [1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0]
    w, b = Value(w0), Value(b0)
    opt = SGD([w, b], lr)
    history = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = mse([w * x + b for x in X], Y)
        loss.backward()
        history.append((w.data, b.data, loss.data, w.grad, b.grad))
        opt.step()
    final = mse([w * x + b for x in X], Y).data
    return history, (w.data, b.data, final)
