"""Bug: a gradient-descent loop that never clears the gradient, so every step adds to the last."""

# --8<-- [start:code]
from visual_backprop import Value
from visual_backprop.format import fmt

w = Value(0.0, "w")
for step in range(1, 7):
    loss = (3 * w - 6) ** 2
    loss.backward()
    w.data -= 0.05 * w.grad
    print(f"step {step}: loss {fmt(loss.data)}, w.grad {fmt(w.grad)}")
# --8<-- [end:code]
