"""Bug: the backward step writes its contribution with = instead of adding it with +=."""

# --8<-- [start:code]
from visual_backprop import Value, topological_order
from visual_backprop.format import fmt
from visual_backprop.gradcheck import numerical_gradient

a = Value(3.0, "a")
f = a * a

f.grad = 1.0
for node in reversed(topological_order(f)):
    for parent, local in zip(node.parents, node.local_grads):
        parent.grad = local * node.grad

print("backward:", fmt(a.grad))
check = numerical_gradient(lambda xs: xs[0] * xs[0], [3.0])
print("central differences:", fmt(check[0]))
# --8<-- [end:code]
