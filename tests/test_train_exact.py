"""The training playground (docs/javascripts/train/) held to the Python engine under Node.

The three generated data sets and the initial weights must be the same bits in both languages
(prng.js against hooks/train_data.py). Then on every data set a 2-4-1 tanh network trains for 100
epochs and a network of six sigmoid layers of 3 units for 30, in JavaScript twice (the page's fast
typed-array loop and the explorer's engine, which must agree bit for bit) and in Python with
visual_backprop/nn.py's MLP and SGD from the same weights: the loss at every epoch and every final
parameter agree to a relative 1e-12. The worst difference is printed (pytest -s shows it).
"""

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from visual_backprop.nn import MLP, SGD, mse

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "train" / "exact.mjs"
RTOL = 1e-12
ARCHITECTURES = (([4], "tanh", 0.1, 100), ([3] * 6, "sigmoid", 0.1, 30))
DATA = ("moons", "circles", "xor", "linear")


def _load_hook():
    import train_data as module

    return module


train_data = _load_hook()


def python_run(points, hidden, act, lr, seed, epochs):
    """The Training article's loop on nn.py: losses at every epoch and the final parameters by name."""
    weights, biases = train_data.initial_weights([2, *hidden, 1], seed)
    net = MLP([2, *hidden, 1], [act] * len(hidden) + ["tanh"], weights=weights, biases=biases)
    opt = SGD(net.parameters(), lr)
    inputs, targets = [[float(a), float(b)] for a, b, _ in points], [float(t) for *_, t in points]
    losses = []
    for epoch in range(epochs + 1):
        opt.zero_grad()
        loss = mse([net(x)[0] for x in inputs], targets)
        losses.append(loss.data)
        if epoch < epochs:
            loss.backward()
            opt.step()
    return losses, [(p.label, p.data) for p in net.parameters()], (weights, biases)


@pytest.fixture(scope="module")
def runs():
    node = shutil.which("node")
    if node is None:
        pytest.fail("the playground's exactness test needs node on PATH", pytrace=False)
    moons, _ = train_data.moons()
    cases = [
        {"data": d, "hidden": h, "act": a, "lr": lr, "seed": seed, "epochs": e}
        for seed, d in enumerate(DATA, start=1)
        for h, a, lr, e in ARCHITECTURES
    ]
    done = subprocess.run(
        [node, "--no-warnings", str(RUNNER)],
        capture_output=True,
        text=True,
        timeout=120,
        input=json.dumps({"data": {"moons": moons}, "runs": cases}),
    )
    if done.returncode:
        pytest.fail(f"node failed:\n{done.stderr[-4000:]}", pytrace=False)
    answer = json.loads(done.stdout)
    data = {"moons": moons, **{name: train_data.draw_data(name) for name in DATA[1:]}}
    return cases, data, answer


def relative(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300) if a != b else 0.0


def test_the_generated_data_sets_are_the_same_bits(runs):
    _, data, answer = runs
    for name in DATA[1:]:
        assert answer["data"][name] == data[name], name
        points = data[name]
        assert len(points) == 60 and sorted({t for *_, t in points}) == [-1, 1]
        assert sum(t for *_, t in points) == 0, f"{name}: not 30 points of each label"
        assert all(-2 < x < 2 and -2 < y < 2 for x, y, _ in points)


def test_the_moons_are_the_training_articles():
    from article_figures.training import MOONS_N, two_moons

    rows, _ = train_data.moons()
    points, labels = two_moons()
    assert len(rows) == MOONS_N == 60
    assert rows == [[float(a), float(b), int(t)] for (a, b), t in zip(points, labels)]


def test_the_fast_loop_is_the_engine_bit_for_bit(runs):
    cases, _, answer = runs
    for case, run in zip(cases, answer["runs"], strict=True):
        assert run["fastLosses"] == run["engineLosses"], case
        assert run["fast"] == run["engine"], case


def test_javascript_trains_as_the_python_engine_does(runs):
    cases, data, answer = runs
    worst = (0.0, None)
    for case, run in zip(cases, answer["runs"], strict=True):
        losses, params, init = python_run(
            data[case["data"]], case["hidden"], case["act"], case["lr"], case["seed"], case["epochs"]
        )
        assert [run["init"]["weights"], run["init"]["biases"]] == [init[0], init[1]], case
        assert len(run["fastLosses"]) == len(losses) == case["epochs"] + 1
        assert [name for name, _ in run["fast"]] == [name for name, _ in params], case
        pairs = [*zip(run["fastLosses"], losses), *((a, b) for (_, a), (_, b) in zip(run["fast"], params))]
        for js, py in pairs:
            assert math.isfinite(js) and relative(js, py) <= RTOL, (case, js, py)
            worst = max(worst, (relative(js, py), case["data"] + " " + case["act"]), key=lambda w: w[0])
    print(f"\nworst relative difference, JavaScript against nn.py: {worst[0]:.3g} ({worst[1]})")
