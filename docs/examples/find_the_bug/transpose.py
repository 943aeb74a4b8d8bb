"""Bug: a layer y = W x sends ∂L/∂y back through W instead of through its transpose."""

# --8<-- [start:code]
import numpy as np

from visual_backprop.format import fmt
from visual_backprop.gradcheck import numerical_gradient

W = np.array([[1.0, 2.0], [3.0, 4.0]])
x = np.array([1.0, -1.0])
dL_dy = np.array([1.0, 0.5])  # the loss is L = dL_dy · (W x)

dL_dx = W @ dL_dy

print("backward:", [fmt(g) for g in dL_dx])
check = numerical_gradient(lambda xs: dL_dy @ (W @ xs), x)
print("central differences:", [fmt(g) for g in check])
# --8<-- [end:code]
