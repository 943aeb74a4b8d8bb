"""The neuron-level diagram of a 2–n–1 network: a card per input, hidden unit, output and loss; arrows.

draw_network(n_in, n_hidden, fig, theme, state) draws one frame. state holds the frame's numbers,
keyed by node name ("x₁", "z₂", "a₂", "y", "L") and parameter name ("W¹₂₁", "b¹₂", "W²₁₂"):
"values" and "grads" so far, "weights", the "active" node (or None) and the "phase" ("forward",
"backward", or "step" between SGD steps, when cards show no gradients). An edge is drawn in the
gradient colour once its weight's gradient is known, wider for a larger |gradient| and dashed
when it is 0. It draws only numbers it is given and computes none.
"""

from matplotlib.patches import FancyBboxPatch

from ..format import num, subscript, superscript
from .shapes import box_point

__all__ = ["draw_network", "LINE"]

LINE = 17  # px per text line on a card


def _layout(n_in, n_hidden, narrow, width, height):
    """Card centres in pixels: columns left to right (wide) or rows top to bottom (narrow)."""
    layers = [
        [f"x{subscript(i)}" for i in range(1, n_in + 1)],
        [f"h{subscript(j)}" for j in range(1, n_hidden + 1)],
        ["y"],
        ["L"],
    ]
    along = [0.08, 0.41, 0.72, 0.925] if not narrow else [0.08, 0.38, 0.72, 0.92]
    pos = {}
    for k, layer in enumerate(layers):
        for i, name in enumerate(layer):
            spread = 0.7 if not narrow else (0.56 if len(layer) == 2 else 0.66)
            across = 0.5 if len(layer) == 1 else 0.5 + spread * (0.5 - i / (len(layer) - 1))
            across = 1 - across if narrow else across  # first input on the left on a phone
            pos[name] = (
                (across * width, (1 - along[k]) * height) if narrow else (along[k] * width, across * height)
            )
    return pos


def _pair(values, digits):
    return ", ".join(num(v, digits=digits) for v in values)


def _weights_on_cards(n_hidden, narrow):
    """On a phone, or with three hidden units, weights go on the cards: edge labels would collide."""
    return narrow or n_hidden > 2


def _card_lines(n_in, n_hidden, name, state, narrow):
    """Lines of text on a node card: [(text, role)], role in name/value/grad/weight/note."""
    values, grads, weights = state["values"], state["grads"], state["weights"]
    if state["phase"] == "step":
        grads = {}  # between SGD steps the cards show where the weights are, not the next gradients
    d = 2 if narrow and n_hidden > 2 else 4  # three cards side by side on a phone: shorter numbers

    def known(key, text):
        return text if key in values or key in grads else ""

    lines = [(name, "name")]
    on_cards = _weights_on_cards(n_hidden, narrow)
    if name.startswith("h"):
        j = name[1:]
        z, a = f"z{j}", f"a{j}"
        row = [f"W{superscript(1)}{j}{subscript(i)}" for i in range(1, n_in + 1)]
        if on_cards:
            lines.append((f"w {_pair((weights[w] for w in row), d)}", "weight"))
            lines.append((" → ".join(f"{k[0]} {num(values[k], d)}" for k in (z, a) if k in values), "value"))
            lines += [
                (known(k, f"∇{k[0]} {num(grads.get(k, 0), d)}") if k in grads else "", "grad") for k in (a, z)
            ]
            have = all(w in grads for w in row)
            lines.append((f"∇w {_pair((grads[w] for w in row), d)}" if have else "", "grad"))
        else:
            lines.append(("  ".join(f"{k[0]} = {num(values[k])}" for k in (z, a) if k in values), "value"))
            lines.append(("  ".join(f"∇{k[0]} {num(grads[k])}" for k in (a, z) if k in grads), "grad"))
        lines.append(("off for this input" if z in values and values[z] <= 0 else "", "note"))
        return lines
    if name == "y" and on_cards:
        row = [f"W{superscript(2)}₁{subscript(j)}" for j in range(1, n_hidden + 1)]
        lines.append((f"w {_pair((weights[w] for w in row), d)}", "weight"))
        lines.append((num(values[name], d) if name in values else "", "value"))
        lines.append((f"∇ {num(grads[name], d)}" if name in grads else "", "grad"))
        have = all(w in grads for w in row)
        lines.append((f"∇w {_pair((grads[w] for w in row), d)}" if have else "", "grad"))
        return lines
    lines.append((num(values[name]) if name in values else "", "value"))
    lines.append((f"∇ {num(grads[name])}" if name in grads else "", "grad"))
    return lines


def _card_size(n_hidden, name, narrow):
    """A fixed card size per node, big enough for its fullest frame, so nothing jumps between frames."""
    if name.startswith("h"):
        if _weights_on_cards(n_hidden, narrow):
            return (112 if narrow and n_hidden > 2 else 150), LINE * 7 + 10
        return 150, LINE * 4 + 10
    if name == "y" and _weights_on_cards(n_hidden, narrow):
        return 150, LINE * 5 + 10
    if name == "L" and not narrow:
        return 96, LINE * 3 + 10
    return (64 if narrow else 74), LINE * 3 + 10


def draw_network(n_in, n_hidden, fig, theme, state):
    """The network diagram for one frame: fixed cards, weights on edges, gradients once known."""
    width, height = (fig.get_size_inches() * fig.dpi).round().astype(int)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    narrow = theme.narrow
    pos = _layout(n_in, n_hidden, narrow, width, height)
    weights, grads = state["weights"], state["grads"]
    size = theme.small_size
    edges = []
    for j in range(1, n_hidden + 1):
        edges += [
            (f"x{subscript(i)}", f"h{subscript(j)}", f"W{superscript(1)}{subscript(j)}{subscript(i)}")
            for i in range(1, n_in + 1)
        ]
        edges.append((f"h{subscript(j)}", "y", f"W{superscript(2)}{subscript(1)}{subscript(j)}"))
    edges.append(("y", "L", None))
    for src, dst, label in edges:
        start = box_point(pos[src], _card_size(n_hidden, src, narrow), pos[dst])
        end = box_point(pos[dst], _card_size(n_hidden, dst, narrow), pos[src])
        g = grads.get(label) if label else None
        color = theme.muted if g is None else theme.grad
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            arrowprops={
                "arrowstyle": "-|>",
                "color": color,
                "shrinkA": 0,
                "shrinkB": 0,
                "lw": 1.2 if g is None else 1.2 + 2.4 * min(abs(g), 1.0),
                "linestyle": (0, (4, 3)) if g == 0 else "-",
                "mutation_scale": 12,
            },
        )
        if label is None or _weights_on_cards(n_hidden, narrow):
            continue
        t = 0.3 if src.startswith("x") else 0.5
        lx, ly = start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])
        text = f"{label} {num(weights[label])}" + ("" if g is None else f"\n∇ {num(g)}")
        ax.text(
            lx,
            ly,
            text,
            ha="center",
            va="center",
            fontsize=size,
            color=theme.text,
            linespacing=1.15,
            bbox={"boxstyle": "round,pad=0.2", "fc": theme.background, "ec": "none"},
        )
    colors = {
        "name": theme.text,
        "value": theme.value,
        "grad": theme.grad,
        "weight": theme.text,
        "note": theme.muted,
    }
    active = state.get("active")
    for name, (x, y) in pos.items():
        w, h = _card_size(n_hidden, name, narrow)
        is_active = active is not None and (
            active == name or (name[0] == "h" and active[0] in "za" and active[1:] == name[1:])
        )
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=8",
                fc=theme.card,
                ec=theme.active if is_active else theme.faint,
                lw=3 if is_active else 1.2,
            )
        )
        lines = _card_lines(n_in, n_hidden, name, state, narrow)
        top = y + (len(lines) - 1) * LINE / 2
        for r, (text, role) in enumerate(lines):
            if text:
                ax.text(
                    x,
                    top - r * LINE,
                    text,
                    ha="center",
                    va="center",
                    color=colors[role],
                    fontsize=theme.font_size if role == "name" else size,
                    fontweight="bold" if role == "name" else "normal",
                )
