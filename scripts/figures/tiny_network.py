"""Figures for docs/tiny-network.md: a 2–2–1 ReLU network, forward and backward, and a dead ReLU unit.

Every number drawn or written here is read from a trace the engine recorded:
the network diagram's frames are cut from the trace at the nodes that stand
for whole neurons (x, z, a, y, L), and the dead-unit frames come from real
SGD steps on the engine.
"""

import functools

from visual_backprop.draw import figure, graph_animation, plot_animation
from visual_backprop.draw.neurons import draw_network
from visual_backprop.engine import Value
from visual_backprop.format import num, operand, subscript, superscript, unsubscript
from visual_backprop.nn import MLP, SGD, mse
from visual_backprop.trace import record

# The worked example of the page (2–2–1, ReLU hidden layer, linear output, squared error).
TINY = {
    "W1": [[0.6, -0.4], [0.1, 0.8]], "b1": [0.0, -0.1],
    "W2": [[0.7, -0.2]], "b2": [0.05],
    "x": [1.0, -1.0], "target": 0.25,
}
# A 2–3–1 network trained on one example, input (1, 2): its second hidden unit is off there, and with
# that one example as the whole training set, off for every input it sees, so dead.
DYING = {
    "W1": [[0.5, 0.3], [-0.6, -0.2], [0.2, 0.4]], "b1": [0.1, 0.0, -0.1],
    "W2": [[0.8, 0.5, 1.0]], "b2": [0.2],
    "x": [1.0, 2.0], "target": 5.0,
}
DYING_LR = 0.01
DYING_STEPS = (1, 2, 3, 5, 10)


class TinyNet:
    """A 2–n–1 MLP (ReLU, then linear) on the engine, with every neuron-level node named."""

    def __init__(self, spec):
        self.spec = spec
        self.n_in = len(spec["x"])
        self.n_hidden = len(spec["b1"])
        self.mlp = MLP([self.n_in, self.n_hidden, 1], ["relu", "linear"],
                       weights=[spec["W1"], spec["W2"]], biases=[spec["b1"], spec["b2"]])
        hidden, out = self.mlp.layers
        for j, neuron in enumerate(hidden.neurons, start=1):
            for i, w in enumerate(neuron.w, start=1):
                w.label = f"W{superscript(1)}{subscript(j)}{subscript(i)}"
            neuron.b.label = f"b{superscript(1)}{subscript(j)}"
        for i, w in enumerate(out.neurons[0].w, start=1):
            w.label = f"W{superscript(2)}{subscript(1)}{subscript(i)}"
        out.neurons[0].b.label = f"b{superscript(2)}"

    def weight(self, layer, j, i):
        """The parameter Value W^layer_ji (1-based)."""
        return self.mlp.layers[layer - 1].neurons[j - 1].w[i - 1]

    def bias(self, layer, j):
        return self.mlp.layers[layer - 1].neurons[j - 1].b

    def loss(self):
        """Run the forward pass and return L, naming x_i, z_j, a_j, y, t and L on the way."""
        x = [Value(v, label=f"x{subscript(i)}") for i, v in enumerate(self.spec["x"], start=1)]
        hidden = self.mlp.layers[0](x)
        for j, a in enumerate(hidden, start=1):
            a.label = f"a{subscript(j)}"
            a.parents[0].label = f"z{subscript(j)}"  # relu(z): its only parent is z = w.x + b
        y = self.mlp.layers[1](hidden)[0]
        y.label = "y"
        target = Value(self.spec["target"], label="t")
        loss = mse([y], [target])
        loss.label = "L"
        loss.parents[0].label = "y − t"
        return loss

    def trace(self):
        return record(self.loss())

    def names(self):
        """The neuron-level node names, input layer to loss."""
        return ([f"x{subscript(i)}" for i in range(1, self.n_in + 1)]
                + [n for j in range(1, self.n_hidden + 1) for n in (f"z{subscript(j)}", f"a{subscript(j)}")]
                + ["y", "L"])

    def parameters(self):
        return self.mlp.parameters()


def _by_label(trace):
    return {node.label: node for node in trace.nodes if node.label}


def _forward_caption(net, name, nodes):
    """What the forward pass did at this neuron-level node, in words and the engine's numbers."""
    if name.startswith("x"):
        return f"Input {name} = {num(nodes[name].data)}."
    if name.startswith("z"):
        j = int(unsubscript(name[1:]))
        terms = " + ".join(
            f"{operand(net.weight(1, j, i).data)}·{operand(nodes['x' + subscript(i)].data)}"
            for i in range(1, net.n_in + 1))
        total = num(nodes[name].data)
        return f"{name} = {terms} + {operand(net.bias(1, j).data)} = {total}."
    if name.startswith("a"):
        z = nodes["z" + name[1:]].data
        state = "the unit is on" if z > 0 else "the unit is off"
        return f"{name} = ReLU({num(z)}) = {num(nodes[name].data)}: {state}."
    if name == "y":
        return f"y = W{superscript(2)}a + b{superscript(2)} = {num(nodes['y'].data)}."
    return f"L = (y − t)² = ({num(nodes['y'].data)} − {num(nodes['t'].data)})² = {num(nodes['L'].data)}."


def _backward_caption(net, name, nodes, local):
    """What the backward pass did at this neuron-level node; `local` is its relu'(z) for a_j."""
    g = num(nodes[name].grad)
    if name == "L":
        return "Backward starts at the loss: ∂L/∂L = 1."
    if name == "y":
        return f"∂L/∂y = 2(y − t) = {g}."
    if name.startswith("a"):
        return f"∂L/∂{name} = W{superscript(2)}₁{name[1:]} · ∂L/∂y = {g}."
    if name.startswith("z"):
        a = "a" + name[1:]
        verdict = "passes it" if local else "blocks it"
        return (f"ReLU gate: local {num(local)}, "
                f"so ∂L/∂{name} = {num(local)} × {operand(nodes[a].grad)} = {g}; "
                f"the gate {verdict}.")
    return f"∂L/∂{name} = Σⱼ W{superscript(1)}ⱼ{name[1:]} · ∂L/∂zⱼ = {g}."


def pass_frames(net):
    """(caption, state) per neuron-level node: forward order, then the engine's backward order."""
    trace = net.trace()
    nodes = _by_label(trace)
    ids = {node.id: node.label for node in trace.nodes}
    wanted = set(net.names())
    weights = {p.label: p.data for p in net.parameters()}
    frames, values = [], {}
    for node_id in trace.forward:
        name = ids[node_id]
        if name in wanted:
            values[name] = nodes[name].data
            frames.append((_forward_caption(net, name, nodes),
                           {"values": dict(values), "grads": {}, "active": name, "phase": "forward",
                            "weights": weights}))
    grads = {}
    relu_local = {}
    for step in trace.backward:
        name = ids[step.node]
        if name.startswith("a") and name in wanted:
            relu_local["z" + name[1:]] = step.contributions[0].local
        if name in wanted:
            grads[name] = step.upstream
            frames.append((_backward_caption(net, name, nodes, relu_local.get(name)),
                           {"values": dict(values), "grads": dict(grads), "active": name,
                            "phase": "backward", "weights": weights}))
        for c in step.contributions:
            label = ids[c.parent]
            if label.startswith(("W", "b")):
                grads[label] = c.after
    dead = [f"{j}" for j in range(1, net.n_hidden + 1) if nodes[f"z{subscript(j)}"].data <= 0]
    frames.append((
        f"Done. Unit {', '.join(dead)} is off, so every weight into it and out of it has gradient 0."
        if dead else "Done: every gradient is in place.",
        {"values": dict(values), "grads": dict(grads), "active": None, "phase": "backward",
         "weights": weights}))
    return frames


def dying_frames(net, lr=DYING_LR, steps=DYING_STEPS):
    """One full pass, then SGD steps on the engine: the dead unit's weights never move."""
    frames = []
    full = pass_frames(net)
    values, grads, weights = (full[-1][1][k] for k in ("values", "grads", "weights"))
    z2 = values[f"z{subscript(2)}"]
    frames.append((f"Forward: z₂ = {num(z2)} < 0, so unit 2 outputs 0; y = {num(values['y'])}, "
                   f"L = {num(values['L'])}.",
                   {"values": values, "grads": {}, "active": f"z{subscript(2)}", "phase": "forward",
                    "weights": weights}))
    frames.append(("Backward: unit 2's ReLU has local derivative 0, so all its weights get gradient 0.",
                   {"values": values, "grads": grads, "active": f"z{subscript(2)}", "phase": "backward",
                    "weights": weights}))
    dead = [net.weight(1, 2, i) for i in range(1, net.n_in + 1)] + [net.bias(1, 2), net.weight(2, 1, 2)]
    start = [p.data for p in dead]
    opt = SGD(net.parameters(), lr)
    done = 0
    for target_step in steps:
        while done < target_step:
            opt.zero_grad()
            net.loss().backward()
            opt.step()
            done += 1
        trace = net.trace()
        nodes = _by_label(trace)
        values = {n: nodes[n].data for n in net.names()}
        grads = {n: nodes[n].grad for n in nodes if n.startswith(("W", "b"))}
        moved = [p.data for p in dead] != start
        verdict = "its weights have moved" if moved else "its weights have not moved"
        frames.append((
            f"After {done} SGD step{'s' if done > 1 else ''} (learning rate {num(lr)}): "
            f"L = {num(values['L'])}; unit 2 still has z₂ = {num(values[f'z{subscript(2)}'])} and {verdict}.",
            {"values": values, "grads": grads, "active": None, "phase": "step",
             "weights": {p.label: p.data for p in net.parameters()}}))
    return frames


# --- figures -----------------------------------------------------------------

def _with_phases(frames):
    return [(caption, state, state["phase"]) for caption, state in frames]


def _tiny_numbers():
    trace = TinyNet(TINY).trace()
    return _by_label(trace)


_T = _tiny_numbers()
_D = _by_label(TinyNet(DYING).trace())


@figure("tiny-network/neurons",
        alt=(f"The 2–2–1 network: forward z = ({num(_T['z₁'].data)}, {num(_T['z₂'].data)}), "
             f"a = ({num(_T['a₁'].data)}, {num(_T['a₂'].data)}), y = {num(_T['y'].data)}, "
             f"L = {num(_T['L'].data)}; "
             f"backward ∂L/∂y = {num(_T['y'].grad)}, ∂L/∂a = ({num(_T['a₁'].grad)}, {num(_T['a₂'].grad)}), "
             f"∂L/∂z = ({num(_T['z₁'].grad)}, {num(_T['z₂'].grad)}), "
             f"∂L/∂x = ({num(_T['x₁'].grad)}, {num(_T['x₂'].grad)})."),
        caption="The tiny network one neuron at a time: values flow forward, then gradients flow back "
                "in the order the engine processed them. Unit 2's ReLU is off and blocks its gradient.")
def neurons():
    net = TinyNet(TINY)
    draw = functools.partial(draw_network, net.n_in, net.n_hidden)
    return plot_animation(_with_phases(pass_frames(net)), draw,
                          size=(720, 420), narrow_size=(360, 640))


_SCALAR = TinyNet(TINY).trace()
_OPS = sum(1 for n in _SCALAR.nodes if n.op)  # the nodes an operation made; the rest are leaves


@figure("tiny-network/scalar-ops",
        alt=(f"The backward pass of the same network as a graph of {len(_SCALAR.nodes)} nodes: {_OPS} scalar "
             f"operations on {len(_SCALAR.nodes) - _OPS} leaves (inputs, weights, biases, target); "
             f"L = {num(_T['L'].data)}, ∂L/∂x₁ = {num(_T['x₁'].grad)}, ∂L/∂x₂ = {num(_T['x₂'].grad)}."),
        caption="The same backward pass at the level of single multiplications, additions and ReLUs, "
                "exactly as the engine recorded it. The forward pass is the one in the animation above.")
def scalar_ops():
    # Backward only: the neuron-level figure above already shows the forward pass, and a
    # 28-node graph costs about a second per frame to draw.
    return graph_animation(TinyNet(TINY).trace(), phases=("backward",),
                           title="2–2–1 network, one scalar operation at a time")


@figure("tiny-network/dying-relu",
        alt=(f"A 2–3–1 network trained on one example, input (1, 2) with target 5: "
             f"z₂ = {num(_D['z₂'].data)}, so unit 2 is off for the only input it sees; "
             f"y = {num(_D['y'].data)}, L = {num(_D['L'].data)}; "
             "the weights of unit 2 get gradient 0 and stay where they are through SGD steps while the loss "
             "falls."),
        caption="A dead ReLU unit: trained on one example at which it is off, it gets no gradient, so "
                "gradient descent never changes its weights.")
def dying_relu():
    net = TinyNet(DYING)
    draw = functools.partial(draw_network, net.n_in, net.n_hidden)
    return plot_animation(_with_phases(dying_frames(net)), draw,
                          size=(720, 480), narrow_size=(360, 700))
