"""The operations table and random graph recipes that the engine's property tests share."""

from hypothesis import strategies as st


def floats(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


# One table feeds the property tests: name -> (build, input strategies).
# Inputs stay a step of h away from kinks (relu at 0, max on a tie), where
# central differences would straddle two slopes.
away_from_zero = floats(-50, 50).filter(lambda x: abs(x) > 1e-3)


OPERATIONS = {
    "add": (lambda a, b: a + b, [floats(-1e3, 1e3), floats(-1e3, 1e3)]),
    "radd": (lambda a: 2.5 + a, [floats(-1e3, 1e3)]),
    "sub": (lambda a, b: a - b, [floats(-1e3, 1e3), floats(-1e3, 1e3)]),
    "rsub": (lambda a: 2.5 - a, [floats(-1e3, 1e3)]),
    "mul": (lambda a, b: a * b, [floats(-100, 100), floats(-100, 100)]),
    "rmul": (lambda a: -3.0 * a, [floats(-100, 100)]),
    "div": (lambda a, b: a / b, [floats(-100, 100), floats(0.1, 100)]),
    "div-negative": (lambda a, b: a / b, [floats(-100, 100), floats(-100, -0.1)]),
    "rdiv": (lambda a: 3.0 / a, [floats(0.1, 100)]),
    "neg": (lambda a: -a, [floats(-1e3, 1e3)]),
    "square": (lambda a: a ** 2, [floats(-100, 100)]),
    "cube": (lambda a: a ** 3, [floats(-20, 20)]),
    "inverse": (lambda a: a ** -1, [floats(0.1, 100)]),
    "sqrt": (lambda a: a ** 0.5, [floats(0.01, 100)]),
    "pow-zero": (lambda a: a ** 0, [floats(-100, 100)]),
    "exp": (lambda a: a.exp(), [floats(-30, 30)]),
    "log": (lambda a: a.log(), [floats(1e-2, 1e6)]),
    "tanh": (lambda a: a.tanh(), [floats(-20, 20)]),
    "sigmoid": (lambda a: a.sigmoid(), [floats(-40, 40)]),
    "relu": (lambda a: a.relu(), [away_from_zero]),
    "gelu": (lambda a: a.gelu(), [floats(-10, 10)]),
    "max": (lambda a, b: a.max(b), [floats(-50, 50), floats(-50, 50)]),
}


UNARY = [lambda v: v.tanh(), lambda v: v.sigmoid(), lambda v: v * 0.5, lambda v: -v, lambda v: v.gelu()]


BINARY = [lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b, lambda a, b: a * 0.3 + b.tanh()]


@st.composite
def random_graph(draw):
    """A recipe: n inputs, then steps that reuse any earlier node (so nodes fan out)."""
    n_inputs = draw(st.integers(1, 4))
    steps = []
    for k in range(draw(st.integers(1, 12))):
        available = n_inputs + k
        if draw(st.booleans()):
            steps.append(("u", draw(st.integers(0, len(UNARY) - 1)), draw(st.integers(0, available - 1))))
        else:
            steps.append(("b", draw(st.integers(0, len(BINARY) - 1)),
                          draw(st.integers(0, available - 1)), draw(st.integers(0, available - 1))))
    point = draw(st.lists(floats(-2, 2), min_size=n_inputs, max_size=n_inputs))
    return steps, point


def build_from(steps):
    def build(*inputs):
        nodes = list(inputs)
        for step in steps:
            if step[0] == "u":
                nodes.append(UNARY[step[1]](nodes[step[2]]))
            else:
                nodes.append(BINARY[step[1]](nodes[step[2]], nodes[step[3]]))
        # Sum everything, so every node (and every reuse) reaches the output.
        total = nodes[0]
        for node in nodes[1:]:
            total = total + node
        return total
    return build
