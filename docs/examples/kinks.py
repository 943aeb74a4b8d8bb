"""backward() and central differences at relu's kink and at a tie of max."""

from visual_backprop import Value
from visual_backprop.format import fmt
from visual_backprop.gradcheck import numerical_gradient


def relu(v):
    return Value(v[0]).relu().data


def maximum(v):
    return Value(v[0]).max(Value(v[1])).data


x = Value(0.0, "x")
x.relu().backward()
print("relu at 0:     backward", fmt(x.grad))
central = numerical_gradient(relu, [0.0])
print("               central ", fmt(central[0]))

a, b = Value(1.0, "a"), Value(1.0, "b")
a.max(b).backward()
print("max at a tie:  backward", fmt(a.grad), fmt(b.grad))
central = numerical_gradient(maximum, [1.0, 1.0])
print("               central ", fmt(central[0]), fmt(central[1]))
