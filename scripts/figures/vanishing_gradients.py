"""Figures for docs/vanishing-gradients.md: how gradients shrink or grow through deep chains.

Every gradient drawn here comes from the engine's backward pass (or its trace);
numpy only draws the random weights (fixed seed) and does the plotting arithmetic.
"""

import functools

import numpy as np
from matplotlib.patches import Circle

from visual_backprop.draw import figure, plot_animation, still
from visual_backprop.draw.plots import log_lines, panels
from visual_backprop.engine import Value
from visual_backprop.format import num, subscript
from visual_backprop.nn import MLP, mse
from visual_backprop.trace import record

DEPTH = 12
CHAIN_W, CHAIN_B, CHAIN_X = 1.0, 0.0, 1.0
FADE_DEPTH = 8
EXPLODE_WEIGHTS = (0.5, 1.0, 1.5)
TRIALS, TRIAL_SEED, TRIAL_X, TRIAL_TARGET, TRIAL_STD = 100, 0, 1.5, 1.0, 0.5



def sigmoid_slope(x):
    """σ'(x) as the engine's sigmoid node records it (its local derivative)."""
    return Value(x).sigmoid().local_grads[0]


def bound(depth=DEPTH):
    """The largest possible product of `depth` sigmoid slopes: σ'(0) ** depth, from the engine's σ'(0)."""
    return [sigmoid_slope(0.0) ** k for k in range(depth + 1)]


def chain(activation, depth=DEPTH, w=CHAIN_W, b=CHAIN_B, x=CHAIN_X, residual=False):
    """h_k = act(w h_(k-1) + b) (plus h_(k-1) if residual); returns |∂h_depth/∂h_k| for k = 0..depth."""
    hs = [Value(x, label="h₀")]
    for _ in range(depth):
        out = getattr(w * hs[-1] + b, activation)()
        hs.append(hs[-1] + out if residual else out)
    hs[-1].backward()
    return [abs(h.grad) for h in hs]


@functools.cache
def trials(activation="relu", n=TRIALS, seed=TRIAL_SEED, hidden=2):
    """Mean |∂L/∂z| at each hidden layer's pre-activations z of a 1–5–…–5–1 network, weights N(0, 0.5²).

    Measured at z, not at the weights: ∂L/∂W = ∂L/∂z · (the layer's input) would also carry the size of
    each layer's input, which differs from layer to layer. One array per hidden layer, n seeded trials.
    """
    rng = np.random.default_rng(seed)
    layers = [[] for _ in range(hidden)]
    for _ in range(n):
        shapes = [(5, 1)] + [(5, 5)] * (hidden - 1) + [(1, 5)]
        weights = [rng.normal(0.0, TRIAL_STD, shape).tolist() for shape in shapes]
        net = MLP([1] + [5] * hidden + [1], [activation] * hidden + ["linear"], weights=weights,
                  biases=[[0.0] * 5] * hidden + [[0.0]])
        h, zs = [Value(TRIAL_X)], []
        for layer in net.layers[:-1]:
            h = layer(h)
            zs.append([a.parents[0] for a in h])  # the pre-activation under each unit's activation
        mse([net.layers[-1](h)[0]], [TRIAL_TARGET]).backward()
        for out, z in zip(layers, zs):
            out.append(sum(abs(v.grad) for v in z) / len(z))
    return tuple(np.array(layer) for layer in layers)


def first_layer_median(activation, hidden):
    """Median over the trials of layer 1's mean |∂L/∂z| in a network with `hidden` hidden layers."""
    return float(np.median(trials(activation, hidden=hidden)[0]))


def trial_summary(activation):
    """Medians, the count of all-zero trials, and how often layer 1 gets less than layer 2."""
    g1, g2 = trials(activation)
    return {"median1": float(np.median(g1)), "median2": float(np.median(g2)),
            "zero1": int((g1 == 0).sum()), "zero2": int((g2 == 0).sum()),
            "smaller": int((g1 < g2).sum())}


def _layers_axis(ax, theme, label="layer k"):
    ax.set_xlabel(label)
    ax.set_xticks(range(0, DEPTH + 1, 4 if theme.narrow else 2))


def _draw_layer_gradients(fig, theme, series, ylabel, legend):
    """One log-scale line of gradient sizes per (ys, label) over the layers of the chain."""
    ax = fig.add_subplot()
    log_lines(ax, theme, range(DEPTH + 1), series)
    _layers_axis(ax, theme)
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend)
    fig.tight_layout()


def _draw_bound(fig, theme):
    axes = panels(fig, theme, 2)
    xs = np.linspace(-6, 6, 241)
    axes[0].plot(xs, [sigmoid_slope(float(x)) for x in xs], color=theme.grad)
    peak = sigmoid_slope(0.0)
    axes[0].axhline(peak, color=theme.muted, lw=1, linestyle=":")
    axes[0].text(0.6, peak + 0.012, f"max {num(peak)} at x = 0", color=theme.text, fontsize=theme.small_size)
    axes[0].set_title("σ′(x)")
    axes[0].set_ylim(0, 0.3)
    axes[0].set_xlabel("x")
    actual = chain("sigmoid", x=0.0)[::-1]
    log_lines(axes[1], theme, range(DEPTH + 1),
              [(bound(), f"{num(peak)}ᵏ (best case)"), (actual, "a real σ chain")])
    axes[1].set_title("gradient after k sigmoids")
    _layers_axis(axes[1], theme, "sigmoids passed")
    axes[1].legend(loc="lower left")
    fig.tight_layout()


def _draw_chains(fig, theme):
    _draw_layer_gradients(fig, theme, [(chain(act), act) for act in ("sigmoid", "tanh", "relu")],
                          subscript(f"|∂h{DEPTH}/∂hₖ|"), "lower right")


def _draw_histograms(fig, theme):
    axes = fig.subplots(2, 1) if theme.narrow else fig.subplots(1, 2, sharey=True)
    for ax, act in zip(axes, ("relu", "sigmoid")):
        g1, g2 = trials(act)
        both = np.r_[g1, g2]
        nonzero = both[both > 0]
        bins = np.geomspace(nonzero.min(), nonzero.max(), 20)
        ax.hist(g2[g2 > 0], bins=bins, color=theme.value, alpha=0.55, label="layer 2")
        ax.hist(g1[g1 > 0], bins=bins, color=theme.grad, alpha=0.55, hatch="//", label="layer 1")
        ax.set_xscale("log")
        s = trial_summary(act)
        title = f"{'ReLU' if act == 'relu' else 'sigmoid'}: layer 1 < layer 2 in {s['smaller']}/{TRIALS}"
        ax.set_title(title, fontsize=theme.small_size)
        ax.set_xlabel("mean |∂L/∂z|")
        ax.legend(loc="upper left")
    axes[0].set_ylabel("trials")
    fig.tight_layout()


def _draw_exploding(fig, theme):
    _draw_layer_gradients(fig, theme, [(chain("relu", w=w), f"w = {num(w)}") for w in EXPLODE_WEIGHTS],
                          "|∂L/∂hₖ|", "upper right")


def _draw_residual(fig, theme):
    _draw_layer_gradients(fig, theme, [(chain("sigmoid"), "plain: h = σ(h)"),
                                       (chain("sigmoid", residual=True), "residual: h = h + σ(h)")],
                          "|∂L/∂hₖ|", "lower right")


# --- the fading animation ------------------------------------------------------

def fade_trace(depth=FADE_DEPTH, x=CHAIN_X):
    """A chain of sigmoids, h_k = σ(h_(k-1)), recorded by the engine."""
    h = Value(x, label="h₀")
    for k in range(1, depth + 1):
        h = h.sigmoid()
        h.label = subscript(f"h{k}")
    return record(h)


def _fade_frames():
    trace = fade_trace()
    labels = [node.label for node in trace.nodes]
    floor = min(abs(node.grad) for node in trace.nodes)  # the faintest shade, fixed for every frame
    grads = {}
    frames = []
    for step in trace.backward:
        node = trace.node(step.node)
        grads[node.label] = step.upstream
        if step.contributions:
            c = step.contributions[0]
            parent = trace.node(c.parent).label
            text = (f"∂L/∂{parent} = σ′ × upstream = {num(c.local, digits=3)} × "
                    f"{num(step.upstream, digits=3)} "
                    f"= {num(c.contribution, digits=3)}")
        else:
            text = f"Backward reaches the input: ∂L/∂{node.label} = {num(step.upstream, digits=3)}"
        if node.id == trace.root:
            text = f"Start at the top: ∂L/∂{node.label} = 1. " + text
        frames.append((text + ".", {"labels": labels, "grads": dict(grads), "active": node.label,
                                        "floor": floor},
                       "backward"))
    return frames


def _draw_fade(fig, theme, state):
    labels, grads = state["labels"], state["grads"]
    n = len(labels)
    if theme.narrow:
        top, bar = fig.add_axes([0.02, 0.55, 0.96, 0.43]), fig.add_axes([0.2, 0.1, 0.75, 0.38])
    else:
        top, bar = fig.add_axes([0.02, 0.55, 0.96, 0.43]), fig.add_axes([0.1, 0.12, 0.87, 0.36])
    top.set_xlim(-0.6, n - 0.4)
    top.set_ylim(-1, 1)
    top.set_axis_off()
    lo = np.log10(state["floor"])
    for i, label in enumerate(labels):
        g = grads.get(label)
        if g is None:
            alpha, edge, lw = 1.0, theme.faint, 1.2
        else:
            # Opacity follows log |gradient|: 1 at the top, fading towards the input.
            alpha = 0.15 + 0.85 * (np.log10(abs(g)) - lo) / (0 - lo) if lo < 0 else 1.0
            edge, lw = theme.grad, 2.5 if label == state["active"] else 1.5
        y = 0.2
        top.add_patch(Circle(
            (i, y), 0.36, facecolor=theme.grad if g is not None else theme.card,
            alpha=alpha if g is not None else 1.0, edgecolor="none"))
        ring = theme.active if label == state["active"] else edge
        top.add_patch(Circle((i, y), 0.36, facecolor="none", edgecolor=ring, lw=lw))
        if not theme.narrow or i % 2 == 0 or i == n - 1:
            top.text(i, -0.55, label, ha="center", va="center", color=theme.text,
                     fontsize=theme.small_size)
    top.set_aspect("equal")
    ks = [i for i, label in enumerate(labels) if label in grads]
    bar.bar(ks, [abs(grads[labels[k]]) for k in ks], color=theme.grad)
    bar.set_yscale("log")
    bar.set_xlim(-0.6, n - 0.4)
    bar.set_ylim(1e-6, 2)
    bar.set_xticks(range(n))
    bar.set_xticklabels([lab if not theme.narrow or i % 2 == 0 else "" for i, lab in enumerate(labels)])
    bar.set_ylabel("|∂L/∂hₖ|")


# --- declarations -----------------------------------------------------------------

def _histograms_alt():
    """The trials' results in words: computed when the figure is rendered, not on import."""
    relu, sig = trial_summary("relu"), trial_summary("sigmoid")
    return (f"Histograms over {TRIALS} random 1–5–5–1 networks of the mean |gradient| at the layer-1 and "
            f"layer-2 pre-activations. ReLU: median over all {TRIALS} {num(relu['median1'], digits=2)} in "
            f"layer 1 against {num(relu['median2'], digits=2)} in layer 2; in {relu['zero1']} trials every "
            f"gradient is 0, and layer 1 is smaller in {relu['smaller']} of the {TRIALS - relu['zero1']} "
            f"others. Sigmoid: median {num(sig['median1'], digits=2)} against "
            f"{num(sig['median2'], digits=2)}, layer 1 smaller in {sig['smaller']} of {TRIALS} trials.")


@figure("vanishing-gradients/sigmoid-bound",
        alt=(f"First: σ′(x), at most {num(sigmoid_slope(0.0))} at x = 0. Second, log scale: the best case "
             f"{num(sigmoid_slope(0.0))} to the power k falls to {num(bound()[-1], digits=3)} after {DEPTH} "
             "sigmoids; a real chain of sigmoids falls below it, to "
             f"{num(chain('sigmoid', x=0.0)[0], digits=3)}."),
        caption=f"The sigmoid's slope never exceeds {num(sigmoid_slope(0.0))}, so every sigmoid a gradient "
                f"passes through shrinks it by at least a factor of {num(1 / sigmoid_slope(0.0))}. "
                f"After {DEPTH} of them little is left.")
def sigmoid_bound():
    return still(_draw_bound, size=(720, 300), narrow_size=(360, 560))


@figure("vanishing-gradients/chains",
        alt=(f"Log-scale gradient size through {DEPTH} layers h = act(h) from h₀ = {num(CHAIN_X)}: sigmoid "
             f"ends at {num(chain('sigmoid')[0], digits=3)}, tanh at {num(chain('tanh')[0], digits=3)}, "
             f"ReLU stays at {num(chain('relu')[0], digits=3)}."),
        caption="The same chain with three activations. Sigmoid and tanh shrink the gradient at every "
                "layer; an active ReLU passes it through unchanged.")
def chains():
    return still(_draw_chains, size=(720, 360), narrow_size=(360, 340))


@figure("vanishing-gradients/histograms",
        alt=_histograms_alt,
        caption=f"{TRIALS} random networks, each evaluated once at x = {num(TRIAL_X)}: how big the gradients "
                "at the pre-activations are in the first and second layer, with ReLU and with sigmoid units.")
def histograms():
    return still(_draw_histograms, size=(720, 330), narrow_size=(360, 620))


@figure("vanishing-gradients/fading",
        alt=(f"A chain of {FADE_DEPTH} sigmoids processed backward node by node; the gradient falls from 1 "
             f"at the top to {num(fade_trace().nodes[0].grad, digits=3)} at the input, and the nodes fade "
             "with it."),
        caption="The backward pass through a chain of sigmoids, step by step. Each node's shade and bar "
                "show the size of its gradient on a log scale.")
def fading():
    return plot_animation(_fade_frames(), _draw_fade, size=(720, 320), narrow_size=(360, 360))


@figure("vanishing-gradients/exploding",
        alt=(f"Log-scale gradient size through {DEPTH} ReLU layers with weight w: with w = 0.5 it falls to "
             f"{num(chain('relu', w=0.5)[0], digits=3)}, with w = 1 it stays 1, with w = 1.5 it grows to "
             f"{num(chain('relu', w=1.5)[0], digits=4)}."),
        caption="The other way to fail: with weights above 1 every layer multiplies the gradient up, and "
                "it explodes.")
def exploding():
    return still(_draw_exploding, size=(720, 340), narrow_size=(360, 340))


@figure("vanishing-gradients/residual",
        alt=(f"Log-scale gradient size through {DEPTH} sigmoid layers: the plain chain falls to "
             f"{num(chain('sigmoid')[0], digits=3)}, the residual chain h = h + σ(h) keeps "
             f"{num(chain('sigmoid', residual=True)[0], digits=3)}."),
        caption="A residual connection adds the identity to every layer, so the local derivative is "
                "1 + σ′ instead of σ′ and the gradient survives the trip.")
def residual():
    return still(_draw_residual, size=(720, 340), narrow_size=(360, 340))
