"""Bug: a breadth-first walk from the output passes a reused node's gradient on before it is complete."""

# --8<-- [start:code]
from visual_backprop import Value
from visual_backprop.format import fmt
from visual_backprop.gradcheck import numerical_gradient

x = Value(3.0, "x")
y = 2 * x
f = y * (y + 1)

f.grad = 1.0
queue, seen = [f], {id(f)}
while queue:
    node = queue.pop(0)
    node._backward()
    for parent in node.parents:
        if id(parent) not in seen:
            seen.add(id(parent))
            queue.append(parent)

print("backward:", fmt(x.grad))
check = numerical_gradient(lambda xs: 2 * xs[0] * (2 * xs[0] + 1), [3.0])
print("central differences:", fmt(check[0]))
# --8<-- [end:code]
