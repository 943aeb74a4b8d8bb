"""Neurons, layers and MLPs on the engine, plus mean squared error and plain SGD.

A neuron computes act(w . x + b). Weights are either given by hand (the
articles' worked examples) or drawn from uniform(-1, 1) with a seeded
``random.Random``, so every run builds the same network.
"""

import random

from .engine import Value

__all__ = ["ACTIVATIONS", "Neuron", "Layer", "MLP", "mse", "SGD"]

ACTIVATIONS = {
    "linear": lambda v: v,
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "gelu": Value.gelu,
}


def _activation(name):
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None


class Neuron:
    """act(sum_i w_i x_i + b)."""

    def __init__(self, n_inputs, activation="relu", *, weights=None, bias=0.0, rng=None, name="n"):
        self.activation = activation
        self._act = _activation(activation)
        if weights is None:
            rng = rng or random.Random(0)
            weights = [rng.uniform(-1.0, 1.0) for _ in range(n_inputs)]
        if len(weights) != n_inputs:
            raise ValueError(f"neuron {name!r} takes {n_inputs} inputs but got {len(weights)} weights")
        self.w = [Value(w, label=f"{name}.w{i + 1}") for i, w in enumerate(weights)]
        self.b = Value(bias, label=f"{name}.b")
        self.name = name

    def __call__(self, x):
        if len(x) != len(self.w):
            raise ValueError(f"neuron {self.name!r} takes {len(self.w)} inputs but got {len(x)}")
        z = self.w[0] * x[0]
        for wi, xi in zip(self.w[1:], x[1:]):
            z = z + wi * xi
        return self._act(z + self.b)

    def parameters(self):
        """The weights, then the bias."""
        return [*self.w, self.b]


class Layer:
    """n_outputs neurons reading the same inputs."""

    def __init__(self, n_inputs, n_outputs, activation="relu", *, weights=None, biases=None,
                 rng=None, name="L"):
        rng = rng or random.Random(0)
        if weights is not None and len(weights) != n_outputs:
            raise ValueError(f"layer {name!r} has {n_outputs} neurons but got {len(weights)} weight rows")
        if biases is not None and len(biases) != n_outputs:
            raise ValueError(f"layer {name!r} has {n_outputs} neurons but got {len(biases)} biases")
        self.neurons = [
            Neuron(n_inputs, activation,
                   weights=None if weights is None else weights[j],
                   bias=0.0 if biases is None else biases[j],
                   rng=rng, name=f"{name}.{j + 1}")
            for j in range(n_outputs)]

    def __call__(self, x):
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        """All neurons' parameters, neuron by neuron."""
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    """A stack of layers; sizes = [inputs, hidden..., outputs]."""

    def __init__(self, sizes, activations, *, weights=None, biases=None, seed=0):
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least input and output sizes, got {sizes}")
        n_layers = len(sizes) - 1
        if isinstance(activations, str):
            activations = [activations] * n_layers
        for what, given in (("activations", activations), ("weights", weights), ("biases", biases)):
            if given is not None and len(given) != n_layers:
                raise ValueError(
                    f"an MLP with sizes {sizes} has {n_layers} layers but got {len(given)} {what}")
        rng = random.Random(seed)
        self.layers = [
            Layer(sizes[k], sizes[k + 1], activations[k],
                  weights=None if weights is None else weights[k],
                  biases=None if biases is None else biases[k],
                  rng=rng, name=f"L{k + 1}")
            for k in range(n_layers)]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        """All layers' parameters, layer by layer."""
        return [p for layer in self.layers for p in layer.parameters()]


def mse(predictions, targets):
    """Mean squared error: (1/n) sum (p - t)^2."""
    if len(predictions) != len(targets) or not predictions:
        raise ValueError(
            f"mse needs equally many predictions and targets, got {len(predictions)} and {len(targets)}")
    total = (predictions[0] - targets[0]) ** 2
    for p, t in zip(predictions[1:], targets[1:]):
        total = total + (p - t) ** 2
    return total / len(predictions) if len(predictions) > 1 else total


class SGD:
    """Plain gradient descent: p <- p - lr * dL/dp."""

    def __init__(self, parameters, lr):
        self.parameters = list(parameters)
        self.lr = float(lr)

    def zero_grad(self):
        """Set every parameter's gradient to 0 before the next backward()."""
        for p in self.parameters:
            p.grad = 0.0

    def step(self):
        """Move every parameter one step against its gradient."""
        for p in self.parameters:
            p.data -= self.lr * p.grad
