"""PyTorch's gradients at relu's kink and at a tie of max, by four routes."""

import torch

from visual_backprop.format import fmt


def grad(fn, *inputs):
    """fmt of d fn / d input for each input, in double precision."""
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True)
              for v in inputs]
    fn(*leaves).backward()
    return " ".join(fmt(leaf.grad.item()) for leaf in leaves)


print("torch.relu at 0:    ", grad(torch.relu, 0.0))
print("clamp(min=0) at 0:  ", grad(lambda x: x.clamp(min=0.0), 0.0))
print("torch.maximum, tie: ", grad(torch.maximum, 1.0, 1.0))
print("stack().max(), tie: ", grad(lambda *ab: torch.stack(ab).max(), 1.0, 1.0))
