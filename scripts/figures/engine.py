"""Figures of the engine article: one neuron, tanh(x1·w1 + x2·w2 + b), forward and backward."""

from visual_backprop import Value, record
from visual_backprop.draw import figure, graph_animation
from visual_backprop.format import fmt

NEURON_BIAS = 6.8813735870195432  # makes the pre-activation n = atanh(1/√2), so tanh(n) = 0.7071


def neuron_graph():
    """o = tanh(x1·w1 + x2·w2 + b) with x = (2, 0), w = (−3, 1), recorded after backward()."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(NEURON_BIAS, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1·w1"
    x2w2 = x2 * w2
    x2w2.label = "x2·w2"
    s = x1w1 + x2w2
    s.label = "s"
    n = s + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return record(o)


def _grads(trace):
    return {node.label: node.grad for node in trace.nodes}


_GRADS = _grads(neuron_graph())


@figure(
    "engine/neuron",
    alt=("A neuron o = tanh(x1·w1 + x2·w2 + b) as a graph. Forward, with x1 = 2, x2 = 0, w1 = −3, w2 = 1, "
         f"it computes o = {fmt(neuron_graph().node(neuron_graph().root).data)}. Backward, the gradients are "
         + ", ".join(f"d{k} = {fmt(_GRADS[k])}" for k in ("x1", "w1", "x2", "w2", "b")) + "."),
    caption=(f"One neuron, forward then backward: do/dw1 = {fmt(_GRADS['w1'])} and "
             f"do/dx1 = {fmt(_GRADS['x1'])}, each a local derivative times the gradient flowing in."),
)
def neuron():
    return graph_animation(neuron_graph())
