"""What the tests that run the explorer's JavaScript under Node share: random expressions, the Python
engine's graph for a parse tree, number comparisons, and the Node runner (tests/explorer/crosscheck.mjs).
"""

import json
import math
import operator
import random
import shutil
import subprocess

import pytest

from visual_backprop.engine import Value
from visual_backprop.trace import record

EXPLORER = "docs/javascripts/explorer"


RUNNER = "tests/explorer/crosscheck.mjs"


CASES = 700


VARIABLES = ("a", "b", "x", "w1")


NUMBERS = (1.0, 2.0, 3.0, 0.5, 4.0, 0.001, 2.5, 10.0, -1.0, -2.0)


EXPONENTS = (2.0, 3.0, -1.0, 0.5, 2.5, -2.0, 0.0, 1.0)


FUNCTIONS = ("exp", "log", "tanh", "sigmoid", "relu", "gelu")


BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def random_tree(rng, depth):
    """A parse tree as the JavaScript parser returns it, at most `depth` operations deep."""
    if depth == 0 or rng.random() < 0.2:
        if rng.random() < 0.7:
            return {"type": "var", "name": rng.choice(VARIABLES)}
        return {"type": "num", "value": rng.choice(NUMBERS)}
    kind = rng.choice(("bin", "bin", "bin", "neg", "pow", "call", "call", "max"))
    if kind == "bin":
        return {"type": "bin", "op": rng.choice("+-*/"), "left": random_tree(rng, depth - 1),
                "right": random_tree(rng, depth - 1)}
    if kind == "neg":
        arg = random_tree(rng, depth - 1)
        return {"type": "neg", "arg": arg} if arg["type"] != "num" else arg
    if kind == "pow":
        return {"type": "pow", "base": random_tree(rng, depth - 1), "exponent": rng.choice(EXPONENTS)}
    if kind == "max":
        return {"type": "call", "fn": "max", "args": [random_tree(rng, depth - 1) for _ in range(2)]}
    return {"type": "call", "fn": rng.choice(FUNCTIONS), "args": [random_tree(rng, depth - 1)]}


def number_text(rng, value):
    text = repr(value)
    if value == 0.001 and rng.random() < 0.5:
        text = "1e-3"
    if text.endswith(".0") and rng.random() < 0.7:
        text = text[:-2]
    return text


def write(rng, tree, top=True):
    """`tree` as text, in a random style: ** or ^, spaces or none, every operand of an operator in
    parentheses unless it is a name or a number."""
    space = " " if rng.random() < 0.6 else ""
    kind = tree["type"]
    if kind == "var":
        return tree["name"]
    if kind == "num":
        text = number_text(rng, tree["value"])
        return f"({text})" if tree["value"] < 0 and not top else text
    if kind == "neg":
        inner = write(rng, tree["arg"], top=False)
        return f"-{inner}" if tree["arg"]["type"] == "var" else f"-({write(rng, tree['arg'])})"
    if kind == "pow":
        base = tree["base"]
        text = write(rng, base, top=False) if base["type"] == "var" else f"({write(rng, base)})"
        n = tree["exponent"]
        exponent = number_text(rng, n) if n >= 0 or rng.random() < 0.5 else f"({number_text(rng, n)})"
        return f"{text}{space}{rng.choice(('**', '^'))}{space}{exponent}"
    if kind == "call":
        return f"{tree['fn']}({(',' + space).join(write(rng, a) for a in tree['args'])})"
    parts = []
    for side in (tree["left"], tree["right"]):
        text = write(rng, side, top=False)
        parts.append(text if side["type"] in ("var", "num") else f"({text})")
    return f"{parts[0]}{space}{tree['op']}{space}{parts[1]}"


def count(tree, names=None):
    """Values in the graph of `tree`: one per variable, number and operation."""
    names = set() if names is None else names
    if tree["type"] == "var":
        new = tree["name"] not in names
        names.add(tree["name"])
        return int(new)
    children = [tree.get(k) for k in ("arg", "left", "right", "base")] + tree.get("args", [])
    return 1 + sum(count(c, names) for c in children if c)


def random_cases(seed=20261130, n=CASES):
    rng = random.Random(seed)
    cases = []
    while len(cases) < n:
        tree = random_tree(rng, rng.choice((2, 3, 4, 5)))
        if count(tree) > 60 or tree["type"] in ("var", "num"):
            continue
        values = {name: rng.choice((round(rng.uniform(-3, 3), 3), float(rng.randint(-3, 3))))
                  for name in VARIABLES}
        cases.append({"tree": tree, "expr": write(rng, tree), "values": values})
    return cases


def build(tree, values, leaves):
    """The Python engine's Value for `tree`; variables shared, numbers labelled as _as_value labels them."""
    kind = tree["type"]
    if kind == "num":
        return Value(float(tree["value"]), label=f"{float(tree['value']):g}")
    if kind == "var":
        name = tree["name"]
        if name not in leaves:
            leaves[name] = Value(values[name], label=name)
        return leaves[name]
    if kind == "neg":
        return -build(tree["arg"], values, leaves)
    if kind == "bin":
        left = build(tree["left"], values, leaves)
        return BINARY[tree["op"]](left, build(tree["right"], values, leaves))
    if kind == "pow":
        return build(tree["base"], values, leaves) ** float(tree["exponent"])
    first, *rest = (build(a, values, leaves) for a in tree["args"])
    return getattr(first, tree["fn"])(*rest)


def python_trace(tree, values):
    """(trace dict, None) or (None, the engine's error message)."""
    try:
        root = build(tree, values, {})
    except (ValueError, ZeroDivisionError, OverflowError, TypeError) as error:
        return None, str(error)
    if root.op:
        root.label = "f"
    return record(root), None


def close(a, b):
    """Equal to a relative 1e-12, or an absolute 1e-15 near zero; NaN and infinities exactly."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= max(1e-15, 1e-12 * max(abs(a), abs(b)))


def run_node(module_dir, root, payload):
    node = shutil.which("node")
    if node is None:
        pytest.fail("the explorer's cross-check needs node on PATH", pytrace=False)
    done = subprocess.run([node, str(root / RUNNER), str(module_dir)], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        pytest.fail(f"node failed:\n{done.stderr[-4000:]}", pytrace=False)
    return json.loads(done.stdout)


def numbers_close(a, b):
    """Nested lists, dicts and numbers equal, numbers to 1e-9."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(numbers_close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(numbers_close(x, y) for x, y in zip(a, b))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-9
    return a == b
