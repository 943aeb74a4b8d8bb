"""Bug: the sweep walks the topological order forward instead of reversed."""

# --8<-- [start:code]
from visual_backprop import Value, topological_order
from visual_backprop.format import fmt
from visual_backprop.gradcheck import numerical_gradient

x = Value(2.0, "x")
f = 3 * (x * x)

f.grad = 1.0
for node in topological_order(f):
    node._backward()

print("backward:", fmt(x.grad))
check = numerical_gradient(lambda xs: 3 * (xs[0] * xs[0]), [2.0])
print("central differences:", fmt(check[0]))
# --8<-- [end:code]
