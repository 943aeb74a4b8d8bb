"""Figures for docs/softmax.md: softmax and cross-entropy, p_i = e^(z_i) / Σ_j e^(z_j), L = −log p_target.

Every number comes from the engine: the graph is recorded from Values, and the
gradient ∂L/∂z = p − y is read off the logits' .grad after backward().
"""

from visual_backprop.draw import figure, graph_animation, still
from visual_backprop.draw.plots import panels
from visual_backprop.engine import Value
from visual_backprop.format import num, subscript
from visual_backprop.trace import record

LOGITS = (2.0, 1.0, 0.1)
TARGET = 0
SHIFT = 1000.0  # added to every logit for the log-sum-exp example


def cross_entropy(logits=LOGITS, target=TARGET):
    """The naive graph: exponentiate, normalise, take −log of the target's probability; backward() run."""
    z = [Value(v, label=f"z{subscript(i)}") for i, v in enumerate(logits)]
    e = [v.exp() for v in z]
    for i, term in enumerate(e):
        term.label = f"e{subscript(i)}"
    total = e[0]
    for term in e[1:]:
        total = total + term
    total.label = "s"
    p = [term / total for term in e]
    p[target].label = f"p{subscript(target)}"
    log_p = p[target].log()
    log_p.label = f"log p{subscript(target)}"
    loss = -log_p
    loss.label = "L"
    loss.backward()
    return {"z": z, "p": [q.data for q in p], "L": loss}


def stable_cross_entropy(logits=LOGITS, target=TARGET):
    """L = log Σ_j e^(z_j − m) − (z_target − m) with m = max z, a plain number, so no exp sees a big input."""
    z = [Value(v) for v in logits]
    top = max(logits)
    shifted = [v - top for v in z]
    total = shifted[0].exp()
    for v in shifted[1:]:
        total = total + v.exp()
    loss = total.log() - shifted[target]
    loss.backward()
    return {"z": z, "L": loss}


EXAMPLE = cross_entropy()
GRADS = [v.grad for v in EXAMPLE["z"]]


def shared_exponential(trace):
    """The one node the trace adds two contributions into, e₀ = e^z₀: (its contributions, its grad, e^z₀)."""
    into = {}
    for step in trace.backward:
        for c in step.contributions:
            into.setdefault(c.parent, []).append(c.contribution)
    (node, parts), = ((n, parts) for n, parts in into.items() if len(parts) > 1)
    return parts, trace.node(node).grad, trace.node(node).data


_PARTS, _E0_GRAD, _E0 = shared_exponential(record(EXAMPLE["L"]))


@figure(
    "softmax/graph",
    alt=(f"Animation of softmax cross-entropy on logits z = ({', '.join(num(v) for v in LOGITS)}) with true "
         f"class {TARGET}: each logit is exponentiated, the exponentials are summed to s, p₀ = e^z₀ / s = "
         f"{num(EXAMPLE['p'][0])}, and L = −log p₀ = {num(EXAMPLE['L'].data)}. Backward, the logits receive "
         f"∂L/∂z = ({', '.join(num(g) for g in GRADS)}), which is p − y."),
    caption=(f"Cross-entropy on three logits, forward and back: the logits end with ∂L/∂z = "
             f"({', '.join(num(g) for g in GRADS)}) = p − y. The node used twice is e₀ = e^z₀, on top of "
             f"p₀ and in the sum s: += adds {num(_PARTS[0])} and {num(_PARTS[1])} into its gradient, "
             f"{num(_E0_GRAD)}, and z₀ then gets {num(_E0)} × ({num(_E0_GRAD)}) = {num(GRADS[0])}."),
)
def graph():
    return graph_animation(record(EXAMPLE["L"]))


def _draw_pull(fig, theme):
    left, right = panels(fig, theme, 2)
    classes = range(len(LOGITS))
    names = [f"class {i}" for i in classes]
    target = [1.0 if i == TARGET else 0.0 for i in classes]
    width = 0.38
    left.bar([i - width / 2 for i in classes], EXAMPLE["p"], width, color=theme.value, label="p (softmax)")
    left.bar([i + width / 2 for i in classes], target, width, color=theme.background, edgecolor=theme.text,
             hatch="//", label="y (one-hot)")
    for i, q in enumerate(EXAMPLE["p"]):
        left.text(i - width / 2, q + 0.03, num(q, digits=3), ha="center", color=theme.text,
                  fontsize=theme.small_size)
    left.set_ylim(0, 1.25)
    left.set_xticks(list(classes), names)
    left.set_title("probabilities against the target", fontsize=theme.small_size)
    left.legend(loc="upper right", fontsize=theme.small_size, frameon=False)

    pull = [-g for g in GRADS]
    right.axhline(0, color=theme.muted, linewidth=1)
    right.bar(list(classes), pull, 0.5, color=[theme.grad if v < 0 else theme.value for v in pull])
    for i, v in enumerate(pull):
        sign = "up" if v > 0 else "down"
        right.text(i, v + (0.04 if v > 0 else -0.04), f"{num(v, digits=3)} ({sign})", ha="center",
                   va="bottom" if v > 0 else "top", color=theme.text, fontsize=theme.small_size)
    right.set_ylim(-0.45, 0.6)
    right.set_xticks(list(classes), names)
    right.set_title("y − p = −∂L/∂z: each logit's push", fontsize=theme.small_size)
    fig.tight_layout()


@figure(
    "softmax/pull",
    alt=("Two bar charts. First: softmax probabilities p = "
         f"({', '.join(num(q, digits=3) for q in EXAMPLE['p'])}) beside the one-hot target y = (1, 0, 0). "
         "Second: the negative gradient y − p = "
         f"({', '.join(num(-g, digits=3) for g in GRADS)}): the true class's logit is pulled up, the others "
         "down, each by its probability."),
    caption="A gradient step with learning rate η raises the true class's logit z₀ by η(1 − p₀) and lowers "
            "every other logit by η times its own probability.",
)
def pull():
    return still(_draw_pull, size=(720, 300), narrow_size=(360, 560))
