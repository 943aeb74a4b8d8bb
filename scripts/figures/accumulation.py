"""Figures for docs/accumulation.md: contributions adding up with +=, and the bug when = overwrites them."""

from visual_backprop.draw import figure, graph_animation, still
from visual_backprop.engine import Value, topological_order
from visual_backprop.format import num
from visual_backprop.trace import record


def doubling():
    """a = 1, b = a + a, c = b + b: every value is used twice."""
    a = Value(1.0, label="a")
    b = a + a
    b.label = "b"
    c = b + b
    c.label = "c"
    return {"a": a, "b": b, "c": c}


def two_paths():
    """f = (a + b)(b + 1) at a = 2, b = 1: b reaches f along two paths."""
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    p = a + b
    p.label = "p"
    q = b + 1
    q.label = "q"
    f = p * q
    f.label = "f"
    return {"a": a, "b": b, "p": p, "q": q, "f": f}


def overwriting_backward(root):
    """The classic bug: the engine's backward sweep with `=` where it has `+=`."""
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad = local * node.grad  # the bug: a second path overwrites the first


DOUBLING = doubling()
DOUBLING_TRACE = record(DOUBLING["c"])
TWO = two_paths()
TWO_TRACE = record(TWO["f"])


@figure(
    "accumulation/doubling",
    alt=(f"Animation of b = a + a and c = b + b at a = {num(DOUBLING['a'].data)}. Backward, b receives two "
         f"contributions of 1 and ∂c/∂b = {num(DOUBLING['b'].grad)}; then a receives two contributions of "
         f"{num(DOUBLING['b'].grad)} and ∂c/∂a = {num(DOUBLING['a'].grad)}."),
    caption=(f"Each use of a value sends it one contribution, and += adds them: "
             f"∂c/∂b = {num(DOUBLING['b'].grad)}, ∂c/∂a = {num(DOUBLING['a'].grad)}."),
)
def figure_doubling():
    return graph_animation(DOUBLING_TRACE)


@figure(
    "accumulation/two-paths",
    explore="(a + b) * (b + 1)",
    alt=(f"Animation of f = (a + b)(b + 1) at a = {num(TWO['a'].data)}, b = {num(TWO['b'].data)}, with "
         f"p = a + b = {num(TWO['p'].data)} and q = b + 1 = {num(TWO['q'].data)}, "
         f"so f = {num(TWO['f'].data)}. "
         f"Backward, ∂f/∂p = {num(TWO['p'].grad)} and ∂f/∂q = {num(TWO['q'].grad)}; a gets "
         f"∂f/∂a = {num(TWO['a'].grad)}, and b adds a contribution from each path to reach "
         f"∂f/∂b = {num(TWO['b'].grad)}."),
    caption=(f"A sum over paths: b's gradient starts at 0 and collects {num(TWO['q'].grad)} via q and "
             f"{num(TWO['p'].grad)} via p, so ∂f/∂b = {num(TWO['b'].grad)}."),
)
def figure_two_paths():
    return graph_animation(TWO_TRACE)


def _compare():
    """(label, right gradient, gradient with the bug) for every input of the two graphs."""
    rows = []
    for build, root, names, graph in ((doubling, "c", ("a", "b"), "b = a+a, c = b+b"),
                                      (two_paths, "f", ("a", "b"), "f = (a+b)(b+1)")):
        right, wrong = build(), build()
        right[root].backward()
        overwriting_backward(wrong[root])
        for name in names:
            rows.append((f"∂{root}/∂{name}", graph, right[name].grad, wrong[name].grad))
    return rows


COMPARE = _compare()


def draw_bug(fig, theme):
    ax = fig.subplots()
    height = 0.36
    labels = [f"{what}\n{graph}" for what, graph, _, _ in COMPARE]
    for i, (_, _, right, wrong) in enumerate(COMPARE):
        y = len(COMPARE) - 1 - i
        for value, offset, colour, hatch, tag in ((right, height / 2, theme.value, None, "+="),
                                                  (wrong, -height / 2, theme.grad, "//", "=")):
            ax.barh(y + offset, value, height=height * 0.95, color=colour, hatch=hatch,
                    edgecolor=theme.background)
            ax.text(value + 0.08, y + offset, f"{tag}  {num(value)}", va="center", color=theme.text,
                    fontsize=theme.small_size)
    ax.set_yticks(range(len(COMPARE)))
    ax.set_yticklabels(list(reversed(labels)))
    ax.set_xlim(0, max(r for _, _, r, _ in COMPARE) * 1.35)
    ax.set_xlabel("gradient")
    ax.grid(axis="y", visible=False)
    fig.tight_layout()


@figure(
    "accumulation/bug",
    alt=("Bar chart comparing gradients computed with += (right) and with = (the bug). "
         + "; ".join(f"{what} in {graph}: {num(right)} with +=, {num(wrong)} with ="
                     for what, graph, right, wrong in COMPARE) + "."),
    caption=("The classic bug, side by side: with = instead of +=, a reused value keeps only its last "
             "contribution."),
)
def figure_bug():
    return still(draw_bug, size=(720, 360), narrow_size=(360, 460))
