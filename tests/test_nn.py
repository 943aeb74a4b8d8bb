"""Neurons, layers, MLPs, MSE and SGD, on the articles' reference networks."""

import pytest
from graphs import tiny_network

from visual_backprop.engine import Value
from visual_backprop.gradcheck import check_gradients
from visual_backprop.nn import MLP, SGD, Layer, Neuron, mse


def test_tiny_network_forward_and_parameter_gradients():
    net = tiny_network()
    y = net([1.0, -1.0])[0]
    loss = mse([y], [0.25])
    loss.backward()
    assert y.data == pytest.approx(0.75)
    assert loss.data == pytest.approx(0.25)
    grads = [round(p.grad, 10) for p in net.parameters()]
    # Layer 1: w11 w12 b1, w21 w22 b2; layer 2: w1 w2 b.
    assert grads == [0.7, -0.7, 0.7, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0]


def test_seeded_networks_repeat():
    first = [p.data for p in MLP([2, 3, 1], "tanh", seed=4).parameters()]
    assert first == [p.data for p in MLP([2, 3, 1], "tanh", seed=4).parameters()]
    assert first != [p.data for p in MLP([2, 3, 1], "tanh", seed=5).parameters()]


def test_mlp_gradients_match_central_differences():
    def build(*xs):
        net = MLP([3, 4, 1], ["tanh", "sigmoid"], seed=1)
        return mse(net(list(xs)), [0.3])
    check_gradients(build, [0.5, -1.2, 2.0])


def test_mse_averages():
    p = [Value(1.0), Value(3.0)]
    loss = mse(p, [0.0, 0.0])
    loss.backward()
    assert loss.data == 5.0
    assert [v.grad for v in p] == [1.0, 3.0]


def test_sgd_moves_against_the_gradient_and_zero_grad_clears():
    w = Value(2.0)
    loss = (w - 5.0) ** 2
    loss.backward()
    opt = SGD([w], lr=0.1)
    opt.step()
    assert w.data == pytest.approx(2.0 + 0.1 * 6.0)
    opt.zero_grad()
    assert w.grad == 0.0


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: Neuron(2, weights=[1.0]), ["2 inputs", "1 weights"]),
        (lambda: Neuron(2, "softmax"), ["softmax"]),
        (lambda: Layer(2, 3, weights=[[1, 2]]), ["3 neurons", "1 weight rows"]),
        (lambda: MLP([2], "relu"), ["at least"]),
        (lambda: MLP([2, 2, 1], ["relu"]), ["2 layers", "1 activations"]),
        (lambda: Neuron(2)([1.0]), ["2 inputs", "got 1"]),
        (lambda: mse([Value(1.0)], []), ["equally many"]),
    ],
)
def test_bad_shapes_are_named(make, words):
    with pytest.raises(ValueError) as caught:
        make()
    for word in words:
        assert word in str(caught.value)
