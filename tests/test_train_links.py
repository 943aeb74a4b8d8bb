"""The links into the training playground: their addresses, and what their prose says they show.

The Training article's link opens its moons, its hidden sizes and its learning rate (read from
scripts/figures/training.py, not typed here); the Vanishing gradients article's two links differ in
the activation only, six layers each. Every address in the articles and on the playground page is
complete and valid, and the claims next to them hold when the playground's network (held to the
engine by test_train_exact.py) trains them under Node.
"""

import html
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEYS = ["data", "layers", "act", "lr", "seed", "epoch"]
LINK = re.compile(r'<a href="(?:\.\./train/)?#(data=[^"]+)">([^<]+)</a>')


def addresses(page):
    """(config, link text) for every playground link on docs/PAGE."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found = []
    for query, words in LINK.findall(text):
        pairs = parse_qsl(html.unescape(query), strict_parsing=True)
        assert [key for key, _ in pairs] == KEYS, (page, query)
        config = dict(pairs)
        config["layers"] = [int(n) for n in config["layers"].split(",")]
        config["lr"], config["seed"], config["epoch"] = (
            float(config["lr"]),
            int(config["seed"]),
            int(config["epoch"]),
        )
        assert config["data"] in ("moons", "circles", "xor", "linear") and config["act"] in (
            "tanh",
            "relu",
            "sigmoid",
        )
        assert 1 <= len(config["layers"]) <= 6 and all(1 <= n <= 8 for n in config["layers"])
        assert 0.001 <= config["lr"] <= 1 and 1 <= config["seed"] <= 100 and 0 <= config["epoch"] <= 5000
        found.append((config, " ".join(words.split())))
    return found


def node_runs(configs):
    node = shutil.which("node")
    if node is None:
        pytest.fail("the playground's link test needs node on PATH", pytrace=False)
    import train_data

    done = subprocess.run(
        [node, "--no-warnings", str(ROOT / "tests" / "train" / "claims.mjs")],
        input=json.dumps({"moons": train_data.moons()[0], "runs": configs}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode:
        pytest.fail(f"node failed:\n{done.stderr[-4000:]}", pytrace=False)
    return json.loads(done.stdout)


def test_the_training_article_opens_its_moons():
    from article_figures.training import MOONS_LR, MOONS_SIZES

    [(config, _)] = addresses("training.md")
    assert config == {
        "data": "moons",
        "layers": MOONS_SIZES[1:-1],
        "act": "tanh",
        "lr": MOONS_LR,
        "seed": 1,
        "epoch": 0,
    }
    ours = [c for c, words in addresses("train.md") if c["data"] == "moons"]
    assert ours == [config]
    text = (ROOT / "docs" / "train.md").read_text(encoding="utf-8")
    sizes, rate = "–".join(map(str, MOONS_SIZES)), f"{MOONS_LR:g}"
    assert f"a {sizes} network and learning rate ${rate}$" in " ".join(text.split())


def test_six_sigmoid_layers_against_six_relu_layers():
    for page in ("vanishing-gradients.md", "train.md"):
        sigmoid, relu = [c for c, _ in addresses(page) if c["data"] == "circles" and len(c["layers"]) == 6]
        assert sigmoid["act"] == "sigmoid" and relu == {**sigmoid, "act": "relu"}, page
    sigmoid_run, relu_run = node_runs([{**sigmoid, "epoch": 300}, {**relu, "epoch": 300}])
    # Sigmoid: every layer's bar below the one above it, the first far below; the loss hardly moves.
    s = sigmoid_run["meanGradZ"]
    assert all(a < b for a, b in itertools.pairwise(s)) and s[0] < s[-2] / 100
    assert abs(sigmoid_run["last"] - sigmoid_run["first"]) < 0.1 * sigmoid_run["first"]
    # ReLU: the hidden layers' bars within a factor of 3 of each other; it learns the circles.
    r = relu_run["meanGradZ"][:-1]
    assert max(r) < 3 * min(r)
    assert relu_run["correct"] == relu_run["points"] and relu_run["last"] < 0.01


def test_what_to_try_holds():
    links = {words: config for config, words in addresses("train.md")}
    large, small = links["Four tanh layers at learning rate 1"], links["0.1"]
    one, four = links["one hidden unit"], links["four units"]
    assert small == {**large, "lr": 0.1} and four == {**one, "layers": [4]}
    large_run, small_run, one_run, four_run = node_runs([large, small, one, four])
    assert large_run["correct"] < 0.9 * large_run["points"] and small_run["correct"] == small_run["points"]
    assert one_run["correct"] < one_run["points"] and four_run["correct"] == four_run["points"]
