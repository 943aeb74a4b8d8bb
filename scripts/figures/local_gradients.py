"""Figures for docs/local-gradients.md: upstream → local → downstream for each operation; classic circuits."""

from visual_backprop.draw import figure, graph_animation, still
from visual_backprop.engine import Value
from visual_backprop.format import num
from visual_backprop.trace import record

UPSTREAM = 2.0  # every single-operation figure doubles its output, so dL/dout = 2 arrives from above



def doubled(build, **inputs):
    """out = build(*inputs), then L = 2·out; returns the input Values, out and the trace."""
    values = [Value(v, label=k) for k, v in inputs.items()]
    out = build(*values)
    out.label = "out"
    loss = UPSTREAM * out
    loss.label = "L"
    return values, out, record(loss)


# name -> (what the prose calls it, the operation, its inputs, what it does to the gradient)
OPERATIONS = {
    "add": ("a + b", lambda a, b: a + b, {"a": 3.0, "b": -1.0},
            "distributes the gradient: both inputs get it unchanged"),
    "mul": ("a · b", lambda a, b: a * b, {"a": 3.0, "b": -1.0},
            "swaps: each input gets the gradient times the other input"),
    "max": ("max(a, b)", lambda a, b: a.max(b), {"a": 3.0, "b": -1.0},
            "routes the whole gradient to the larger input"),
    "relu": ("ReLU(x)", lambda x: x.relu(), {"x": -1.5},
             "gates the gradient, and the gate is shut for a negative input"),
    "tanh": ("tanh(x)", lambda x: x.tanh(), {"x": 0.5},
             "scales the gradient by 1 − t², read off the output t"),
    "sigmoid": ("σ(x)", lambda x: x.sigmoid(), {"x": 0.5},
                "scales the gradient by s(1 − s), read off the output s"),
    "gelu": ("GELU(x)", lambda x: x.gelu(), {"x": 0.5},
             "scales the gradient by Φ(x) + xφ(x), which needs the input x"),
}


# name -> the same operation in the explorer's words
EXPLORED = {"add": "(a + b)", "mul": "(a * b)", "max": "max(a, b)", "relu": "relu(x)", "tanh": "tanh(x)",
            "sigmoid": "sigmoid(x)", "gelu": "gelu(x)"}


def _declare(name, title, build, inputs, behaviour):
    values, out, trace = doubled(build, **inputs)
    given = ", ".join(f"{v.label} = {num(v.data)}" for v in values)
    locals_ = ", ".join(f"∂out/∂{v.label} = {num(local)}" for v, local in zip(values, out.local_grads))
    downstream = ", ".join(f"∂L/∂{v.label} = {num(v.grad)}" for v in values)

    @figure(
        f"local-gradients/{name}",
        alt=(f"Animation of out = {title} at {given}, with L = 2 · out so that the upstream gradient "
             f"∂L/∂out = {num(out.grad)}. Local gradients: {locals_}. Downstream: {downstream}."),
        caption=f"{title} {behaviour}. Upstream {num(out.grad)}; downstream {downstream}.",
        explore=f"{UPSTREAM:g} * {EXPLORED[name]}",
    )
    def operation():
        return graph_animation(trace, phases=("backward",))

    return operation


for _name, (_title, _build, _inputs, _behaviour) in OPERATIONS.items():
    globals()[f"figure_{_name}"] = _declare(_name, _title, _build, _inputs, _behaviour)


# --- GELU's output does not determine its slope -----------------------------------

GELU_LEFT = -0.5


def gelu_twin(x=GELU_LEFT, lo=-3.0, hi=-0.75, steps=80):
    """The input on GELU's falling branch (below its minimum near −0.75) with the same output as x."""
    target = Value(x).gelu().data
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if Value(mid).gelu().data > target else (lo, mid)
    return (lo + hi) / 2


LEFT, RIGHT = Value(GELU_LEFT).gelu(), Value(gelu_twin()).gelu()


def draw_gelu(fig, theme):
    ax = fig.subplots()
    xs = [-3 + 5 * i / 300 for i in range(301)]
    ax.plot(xs, [Value(x).gelu().data for x in xs], color=theme.value, label="GELU(x)")
    for point, shift in ((LEFT, 0.35), (RIGHT, -0.35)):
        x0, y0, slope = point.parents[0].data, point.data, point.local_grads[0]
        ax.plot([x0 - 0.45, x0 + 0.45], [y0 - 0.45 * slope, y0 + 0.45 * slope], color=theme.grad, linewidth=3)
        ax.plot([x0], [y0], "o", color=theme.grad, markersize=8)
        ax.annotate(f"x = {num(x0)}\nslope {num(slope)}", (x0, y0), xytext=(x0 + shift, y0 + 0.45),
                    ha="center", color=theme.text, arrowprops={"arrowstyle": "->", "color": theme.muted})
    ax.axhline(LEFT.data, color=theme.muted, linestyle="--", linewidth=1)
    ax.set_xlim(-3, 2)
    ax.set_ylim(-0.4, 1.0 if theme.narrow else 0.8)
    ax.set_xlabel("x")
    ax.legend(loc="upper left")
    fig.tight_layout()


@figure(
    "local-gradients/gelu-output",
    alt=(f"The GELU curve from x = −3 to 2. It dips to a minimum near x = −0.75 and rises again. Two points "
         f"at the same height {num(LEFT.data)} are marked: x = {num(LEFT.parents[0].data)} with slope "
         f"{num(LEFT.local_grads[0])} and x = {num(RIGHT.parents[0].data)} with slope "
         f"{num(RIGHT.local_grads[0])}."),
    caption=(f"Same output, different slopes: GELU gives {num(LEFT.data)} at both marked inputs, so its "
             f"local gradient cannot be read off its output."),
)
def gelu_output():
    return still(draw_gelu, size=(720, 320), narrow_size=(360, 360))


# --- classic circuits ---------------------------------------------------------------


def add_mul():
    """f = (x + y) · z at x = −2, y = 5, z = −4."""
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    return (x, y, z), q, f


(_X, _Y, _Z), _Q, _F = add_mul()
ADD_MUL = record(_F)


@figure(
    "local-gradients/add-mul",
    explore="(x + y) * z",
    alt=(f"Animation of f = (x + y) · z at x = {num(_X.data)}, y = {num(_Y.data)}, z = {num(_Z.data)}: "
         f"q = {num(_Q.data)}, f = {num(_F.data)}. "
         f"Backward, the multiplication swaps, ∂f/∂q = {num(_Q.grad)} and "
         f"∂f/∂z = {num(_Z.grad)}; the addition distributes, "
         f"∂f/∂x = {num(_X.grad)} and ∂f/∂y = {num(_Y.grad)}."),
    caption=f"(x + y) · z: the product swaps, the sum distributes; ∂f/∂x = ∂f/∂y = {num(_X.grad)}.",
)
def circuit_add_mul():
    return graph_animation(ADD_MUL)


def mul_max():
    """f = 2 · (x·y + max(z, w)) at x = 3, y = −4, z = 2, w = −1."""
    x, y = Value(3.0, label="x"), Value(-4.0, label="y")
    z, w = Value(2.0, label="z"), Value(-1.0, label="w")
    f = 2 * (x * y + z.max(w))
    f.label = "f"
    return (x, y, z, w), f


_MM_INPUTS, _MM_F = mul_max()
MUL_MAX = record(_MM_F)
_MM = ", ".join(f"∂f/∂{v.label} = {num(v.grad)}" for v in _MM_INPUTS)


@figure(
    "local-gradients/mul-max",
    explore="2 * (x*y + max(z, w))",
    alt=(f"Animation of f = 2 · (x·y + max(z, w)) at x = 3, y = −4, z = 2, w = −1, which gives "
         f"f = {num(_MM_F.data)}. Backward: {_MM}; the max routes everything to z and nothing to w."),
    caption=f"2 · (x·y + max(z, w)): the product swaps, the max routes; {_MM}.",
)
def circuit_mul_max():
    return graph_animation(MUL_MAX)


def sigmoid_neuron(one_gate):
    """o = σ(w0·x0 + w1·x1 + w2) with w = (2, −3, −3), x = (−1, −2): four gates, or σ as one."""
    w0, x0 = Value(2.0, label="w0"), Value(-1.0, label="x0")
    w1, x1 = Value(-3.0, label="w1"), Value(-2.0, label="x1")
    w2 = Value(-3.0, label="w2")
    total = w0 * x0 + w1 * x1 + w2
    total.label = "sum"
    if one_gate:
        o = total.sigmoid()
    else:
        neg = -total
        neg.label = "a"
        exp = neg.exp()
        exp.label = "b"
        plus = 1 + exp
        plus.label = "c"
        o = plus ** -1
    o.label = "o"
    return (w0, x0, w1, x1, w2), total, o


def _neuron_text(one_gate):
    inputs, total, o = sigmoid_neuron(one_gate)
    trace = record(o)
    grads = ", ".join(f"{v.label} {num(v.grad, places=2)}" for v in inputs)
    return trace, o, total, grads


GATES, _O4, _SUM4, _GRADS4 = _neuron_text(one_gate=False)
ONE, _O1, _SUM1, _GRADS1 = _neuron_text(one_gate=True)


@figure(
    "local-gradients/neuron-gates",
    explore="(1 + exp(-(w0*x0 + w1*x1 + w2))) ** -1",
    alt=(f"Animation of a sigmoid neuron with w = (2, −3, −3) and x = (−1, −2), the sigmoid built from "
         f"negate, exp, add 1 and reciprocal. Forward, the sum is {num(_SUM4.data)} and o = "
         f"{num(_O4.data, places=2)}. Backward, ∂o/∂sum = {num(_SUM4.grad)}, "
         f"and the gradients are {_GRADS4}."),
    caption=f"A sigmoid neuron, gate by gate: the gradients are {_GRADS4}.",
)
def neuron_gates():
    return graph_animation(GATES, phases=("backward",))


@figure(
    "local-gradients/neuron-sigmoid",
    explore="sigmoid(w0*x0 + w1*x1 + w2)",
    alt=(f"Animation of the same neuron with the sigmoid as one node whose local gradient is "
         f"o(1 − o) = {num(_SUM1.grad)}. The gradients are the same: {_GRADS1}."),
    caption=(f"The same neuron with σ as one gate: local gradient o(1 − o) = {num(_SUM1.grad)}, "
             f"gradients {_GRADS1}."),
)
def neuron_sigmoid():
    return graph_animation(ONE, phases=("backward",))
