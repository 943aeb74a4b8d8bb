"""Visual Backprop's engine: scalar autodiff, its trace, small networks and a gradient check."""

from .engine import Value, topological_order
from .gradcheck import GradientMismatch, check_gradients, numerical_gradient
from .nn import MLP, SGD, Layer, Neuron, mse
from .trace import Trace, record

__all__ = [
    "Value", "topological_order",
    "Trace", "record",
    "Neuron", "Layer", "MLP", "mse", "SGD",
    "numerical_gradient", "check_gradients", "GradientMismatch",
]
