"""The live figures' build side (hooks/live_figures.py): each explorable figure's nodes rebuild its own
trace, and the font is DejaVu Sans with every character a graph shows."""

import io
import operator
from pathlib import Path

import live_figures as hook
import pytest
from fontTools.ttLib import TTFont

import article_figures
from visual_backprop.draw import declared
from visual_backprop.draw.explore import explorer_link
from visual_backprop.engine import Value
from visual_backprop.trace import record

ROOT = Path(__file__).resolve().parent.parent

EXPLORABLE = {name: d for name, d in declared(article_figures.__name__).items() if d.explore}
SIZES = {f"{layout}-{theme}": [1, 2] for layout in ("wide", "narrow") for theme in ("light", "dark")}
BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "max": Value.max}


def rebuild(nodes, values):
    """What docs/javascripts/explorer/figure.js does, with the Python engine: one Value per node in order."""
    made = []
    for label, op, parents, data in nodes:
        inputs = [made[k] for k in parents]
        if not op:
            out = Value(values.get(label, data), label)
        elif op.startswith("**"):
            out = inputs[0] ** float(op[2:])
        elif op in BINARY:
            out = BINARY[op](*inputs)
        else:
            out = -inputs[0] if op == "neg" else getattr(inputs[0], op)()
        out.label = label
        made.append(out)
    return made[-1]


def test_every_graph_animation_with_explore_is_found():
    assert len(EXPLORABLE) >= 19


@pytest.mark.parametrize("name", sorted(EXPLORABLE))
def test_the_nodes_rebuild_the_figures_own_trace(name):
    declaration = EXPLORABLE[name]
    spec = declaration.build()
    data = hook.live_data(spec, explorer_link(declaration.explore, spec), SIZES)
    assert data["phases"] == list(spec.phases) and data["sizes"] == {"wide": [1, 2], "narrow": [1, 2]}
    assert set(data["values"]) <= {label for label, op, _, _ in data["nodes"] if not op}
    assert record(rebuild(data["nodes"], data["values"])) == spec.trace


def test_new_values_reach_the_leaves_they_name():
    spec = EXPLORABLE["accumulation/two-paths"].build()
    data = hook.live_data(spec, explorer_link("(a + b) * (b + 1)", spec), SIZES)
    out = rebuild(data["nodes"], {"a": 3.0, "b": -2.0})
    out.backward()
    assert out.data == (3.0 - 2.0) * (-2.0 + 1.0)


def test_the_font_is_dejavu_sans_with_what_a_graph_shows():
    for file_name, family in (("dejavu-sans.woff", "DejaVu Sans"), ("dejavu-sans-bold.woff", "DejaVu Sans")):
        font = TTFont(io.BytesIO(hook.font(file_name)))
        assert hook.font(file_name)[:4] == b"wOFF" and font["name"].getDebugName(1) == family
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in "∂∇−×÷·²⁻₁●σΦφ=+()0123456789abcxyz")
        assert len(hook.font(file_name)) < 40_000
