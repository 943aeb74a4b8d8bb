"""What backward() and central differences say at relu's kink and at a tie of max."""

from visual_backprop import Value
from visual_backprop.format import fmt
from visual_backprop.gradcheck import numerical_gradient

x = Value(0.0, "x")
x.relu().backward()
central = numerical_gradient(lambda v: Value(v[0]).relu().data, [0.0])
print("relu at 0:     backward", fmt(x.grad), "| central", fmt(central[0]))

a, b = Value(1.0, "a"), Value(1.0, "b")
a.max(b).backward()
central = numerical_gradient(lambda v: Value(v[0]).max(Value(v[1])).data, [1.0, 1.0])
print("max at a tie:  backward", fmt(a.grad), fmt(b.grad), "| central", fmt(central[0]), fmt(central[1]))
