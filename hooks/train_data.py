"""MkDocs hook and Python twin of the training playground's data (docs/javascripts/train/prng.js).

u = ((k + 1/2) / 2^32) from mulberry32's 32-bit state; the circles, XOR and linear sets and the initial
weights are drawn from it exactly as the JavaScript draws them. The Training article's moons come from
numpy's generator, so they are not ported: this hook writes them, as the article makes them, into the
site as javascripts/train/moons.js at build time.
"""

import json

from mkdocs.structure.files import File

MASK = 0xFFFFFFFF
POINTS = 60
SCALE = 2
DATA_SEEDS = {"circles": 101, "xor": 102, "linear": 103}
MOONS_FILE = "javascripts/train/moons.js"


def mulberry32(seed):
    """A function returning u in (0, 1), bit for bit as prng.js's mulberry32(seed)."""
    state = seed & MASK

    def next_u():
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & MASK
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK
        return (t ^ (t >> 14)) / 4294967296 + 1 / 8589934592

    return next_u


def uniform(next_u):
    """u in (-1, 1): 2u - 1."""
    return 2 * next_u() - 1


def _circles(x, y):
    r2 = x * x + y * y
    return 1 if r2 < 0.25 else -1 if 0.5625 < r2 < 1 else 0


def _xor(x, y):
    if abs(x) < 0.15 or abs(y) < 0.15:
        return 0
    return 1 if x * y > 0 else -1


def _linear(x, y):
    s = x + 0.5 * y - 0.2
    return 1 if s > 0.15 else -1 if s < -0.15 else 0


RULES = {"circles": _circles, "xor": _xor, "linear": _linear}


def draw_data(name):
    """POINTS points [x1, x2, label], half of each label, drawn by rejection, as prng.js's drawData."""
    if name not in RULES:
        raise ValueError(f"no data set called {name!r}; choose one of {sorted(RULES)}")
    rule, next_u, points, count = RULES[name], mulberry32(DATA_SEEDS[name]), [], {1: 0, -1: 0}
    while len(points) < POINTS:
        x, y = uniform(next_u), uniform(next_u)
        label = rule(x, y)
        if label != 0 and count[label] < POINTS // 2:
            count[label] += 1
            points.append([SCALE * x, SCALE * y, label])
    return points


def initial_weights(sizes, seed):
    """Weights uniform in (-1, 1), layer by layer and neuron by neuron; biases 0 (as prng.js)."""
    next_u, weights, biases = mulberry32(seed), [], []
    for k in range(1, len(sizes)):
        weights.append([[uniform(next_u) for _ in range(sizes[k - 1])] for _ in range(sizes[k])])
        biases.append([0.0] * sizes[k])
    return weights, biases


def moons():
    """The Training article's moons, as [x1, x2, label] rows, and its learning rate."""
    from article_figures.training import MOONS_LR, two_moons

    points, labels = two_moons()
    return [[float(a), float(b), int(t)] for (a, b), t in zip(points, labels)], MOONS_LR


def moons_module():
    """The text of javascripts/train/moons.js."""
    rows, lr = moons()
    return (
        "// Written at build time by hooks/train_data.py: the Training article's moons.\n"
        f"export const MOONS_LR = {json.dumps(lr)};\n"
        f"export default {json.dumps(rows)};\n"
    )


def on_files(files, config):
    """Add javascripts/train/moons.js to the site."""
    files.append(File.generated(config, MOONS_FILE, content=moons_module()))
    return files
