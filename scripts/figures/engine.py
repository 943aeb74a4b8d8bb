"""Figures of the engine article: one neuron forward and backward, and the topological order numbered."""

from visual_backprop import Value, record
from visual_backprop.draw import figure, graph_animation
from visual_backprop.engine import topological_order
from visual_backprop.format import num

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


_NEURON = {node.label: node for node in neuron_graph().nodes}



@figure(
    "engine/neuron",
    explore="tanh(x1*w1 + x2*w2 + b)",
    alt=("A neuron o = tanh(x1·w1 + x2·w2 + b) as a graph. Forward, with "
         + ", ".join(f"{k} = {num(_NEURON[k].data)}" for k in ("x1", "x2", "w1", "w2"))
         + f", it computes o = {num(_NEURON['o'].data)}. Backward, the gradients are "
         + ", ".join(f"∂o/∂{k} = {num(_NEURON[k].grad)}" for k in ("x1", "w1", "x2", "w2", "b")) + "."),
    caption=(f"One neuron, forward then backward: ∂o/∂w1 = {num(_NEURON['w1'].grad)} and "
             f"∂o/∂x1 = {num(_NEURON['x1'].grad)}, each a local derivative times the gradient flowing in."),
)
def neuron():
    return graph_animation(neuron_graph())



def ordered_graph():
    """f = (a + b)(b + 1) with each node's position in topological order written into its label."""
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    p = a + b
    p.label = "a+b"
    q = b + 1
    q.label = "b+1"
    f = p * q
    f.label = "f"
    order = topological_order(f)
    for position, node in enumerate(order, start=1):
        node.label = f"#{position} {node.label}"
    return order, record(f)


_ORDER, _ORDERED = ordered_graph()


@figure(
    "engine/order",
    alt=("Animation of f = (a + b)(b + 1) with every node numbered by its place in the topological order: "
         + ", ".join(node.label for node in _ORDER)
         + ". The nodes are computed in that order, each after its inputs; the backward pass visits them in "
         "reverse, from " + _ORDER[-1].label + " down to " + _ORDER[0].label + "."),
    caption=("The topological order, numbered on the graph: every node comes after its inputs, so walking "
             "the list backward finishes each gradient before passing it on."),
)
def order():
    return graph_animation(_ORDERED, phases=("forward",))
