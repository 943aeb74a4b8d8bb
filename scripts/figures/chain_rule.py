"""Figures of the chain-rule article: g(x) = (4x + 1)² at x = 1, forward and backward."""

from visual_backprop import Value, record
from visual_backprop.draw import figure, graph_animation
from visual_backprop.format import fmt


def chain_rule_graph(x=1.0):
    """g = (4x + 1)², recorded after one forward and backward pass."""
    x = Value(x, label="x")
    u = 4 * x + 1
    u.label = "u"
    g = u ** 2
    g.label = "g"
    return record(g)


_TRACE = chain_rule_graph()
_X, _G = _TRACE.node(_TRACE.forward[0]), _TRACE.node(_TRACE.root)


@figure(
    "chain-rule/backward",
    alt=(f"Computation graph of g = (4x + 1)² at x = {fmt(_X.data)}: forward it computes "
         f"u = 4x + 1 = {fmt(_TRACE.nodes[-2].data)} and g = {fmt(_G.data)}; backward it multiplies local "
         f"derivatives along the path to get dg/dx = {fmt(_X.grad)}."),
    caption=f"The chain rule, step by step: dg/dx = 2u · 4 = {fmt(_X.grad)} at x = {fmt(_X.data)}.",
)
def backward():
    return graph_animation(chain_rule_graph())
