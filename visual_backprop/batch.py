"""A two-layer classifier on a batch, in numpy: δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾), ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ A⁽ˡ⁻¹⁾ᵀ.

The batch is stored one example per column: X is d×B, Z⁽¹⁾ = W⁽¹⁾X + b⁽¹⁾ is
h×B, A⁽¹⁾ = f(Z⁽¹⁾), Z⁽²⁾ = W⁽²⁾A⁽¹⁾ + b⁽²⁾ is k×B, P is the softmax of each
column and L = −(1/B) Σ_b log P[y_b, b], the mean cross-entropy. The backward
pass starts from dZ⁽²⁾ = (P − Y)/B, with Y the one-hot labels, and is a few
matrix products, each gradient in the shape of its quantity. The numbers are
held to the scalar engine's, to 1e-12, by tests/test_article_layers.py.
"""

import numpy as np

__all__ = ["ACTIVATIONS", "Classifier", "classifier_pass", "softmax_columns"]

# f and f′ as functions of z (f′ for ReLU at 0 is 0, as the engine's relu).
ACTIVATIONS = {
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0.0) * 1.0),
}


class Classifier:
    """W⁽¹⁾ (h×d), b⁽¹⁾ (h×1), W⁽²⁾ (k×h), b⁽²⁾ (k×1) and the hidden layer's activation."""

    def __init__(self, w1, b1, w2, b2, activation="tanh"):
        if activation not in ACTIVATIONS:
            raise ValueError(f"Classifier: unknown activation {activation!r}; "
                             f"choose one of {sorted(ACTIVATIONS)}")
        self.w1, self.b1, self.w2, self.b2 = (np.asarray(m, dtype=float) for m in (w1, b1, w2, b2))
        if self.w1.ndim != 2 or self.w2.ndim != 2:
            raise ValueError(f"Classifier: W1 and W2 must be matrices, got shapes {self.w1.shape} and "
                             f"{self.w2.shape}")
        (h, _), (k, _) = self.w1.shape, self.w2.shape
        for name, matrix, want in (("b1", self.b1, (h, 1)), ("W2", self.w2, (k, h)), ("b2", self.b2, (k, 1))):
            if matrix.shape != want:
                raise ValueError(f"Classifier: {name} has shape {matrix.shape}, but W1 is {self.w1.shape} "
                                 f"and W2 has {k} rows, so it should be {want}")
        self.activation = activation


def _check_batch(net, x, labels):
    """X as a d×B float matrix and the labels as B class numbers, or an error saying which is wrong."""
    x = np.asarray(x, dtype=float)
    labels = np.asarray(labels)
    if x.ndim != 2 or x.shape[0] != net.w1.shape[1] or x.shape[1] == 0:
        raise ValueError(f"classifier_pass: X should be {net.w1.shape[1]}×B (one example per column), "
                         f"got shape {x.shape}")
    k = net.w2.shape[0]
    if labels.shape != (x.shape[1],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"classifier_pass: labels should be {x.shape[1]} integers, one per column of X, "
                         f"got {labels.tolist()!r}")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"classifier_pass: labels must lie in 0..{k - 1} for {k} classes, "
                         f"got {labels.tolist()}")
    return x, labels


def softmax_columns(z):
    """e^(z − max) / Σ e^(z − max) down each column: the same P, with no exp of a large number."""
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def classifier_pass(net, x, labels):
    """Forward and backward on the batch: every intermediate and every gradient, by name."""
    x, labels = _check_batch(net, x, labels)
    f, f_prime = ACTIVATIONS[net.activation]
    batch, k = x.shape[1], net.w2.shape[0]
    # --8<-- [start:forward]
    z1 = net.w1 @ x + net.b1                      # h×B
    a1 = f(z1)                                    # h×B
    z2 = net.w2 @ a1 + net.b2                     # k×B
    p = softmax_columns(z2)                       # k×B, each column sums to 1
    y = np.eye(k)[:, labels]                      # k×B, one-hot
    loss = float(-np.log(p[labels, np.arange(batch)]).mean())
    # --8<-- [end:forward]
    # --8<-- [start:backward]
    dz2 = (p - y) / batch                         # δ⁽²⁾: k×B
    dw2 = dz2 @ a1.T                              # (k×B)(B×h) = k×h, the shape of W⁽²⁾
    db2 = dz2 @ np.ones((batch, 1))               # (k×B)(B×1) = k×1: δ⁽²⁾ summed over the batch
    da1 = net.w2.T @ dz2                          # (h×k)(k×B) = h×B
    dz1 = da1 * f_prime(z1)                       # δ⁽¹⁾ = (W⁽²⁾ᵀ δ⁽²⁾) ⊙ f′(Z⁽¹⁾): h×B
    dw1 = dz1 @ x.T                               # (h×B)(B×d) = h×d, the shape of W⁽¹⁾
    db1 = dz1 @ np.ones((batch, 1))               # h×1
    dx = net.w1.T @ dz1                           # (d×h)(h×B) = d×B, the shape of X
    # --8<-- [end:backward]
    return {"X": x, "Z1": z1, "A1": a1, "Z2": z2, "P": p, "Y": y, "L": loss,
            "dZ2": dz2, "dW2": dw2, "db2": db2, "dA1": da1, "f'(Z1)": f_prime(z1), "dZ1": dz1,
            "dW1": dw1, "db1": db1, "dX": dx}
