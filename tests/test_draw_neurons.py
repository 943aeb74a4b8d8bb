"""The neuron diagram: it shows the numbers it is given where they belong, and marks gradients on edges."""

import matplotlib.colors as mcolors
import pytest
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Annotation

from visual_backprop.draw import get_theme
from visual_backprop.draw.neurons import draw_network
from visual_backprop.draw.raster import new_figure
from visual_backprop.format import num, subscript, superscript

X1, X2 = f"x{subscript(1)}", f"x{subscript(2)}"
Z1, A1, Z2, A2 = (f"{k}{subscript(j)}" for j in (1, 2) for k in "za")


def w(layer, j, i):
    return f"W{superscript(layer)}{subscript(j)}{subscript(i)}"


# The worked 2–2–1 example, typed here: unit 2 is off, so W²₁₂ has gradient 0 and W²₁₁ gradient 1.
WEIGHTS = {w(1, 1, 1): 0.6, w(1, 1, 2): -0.4, w(1, 2, 1): 0.1, w(1, 2, 2): 0.8,
           w(2, 1, 1): 0.7, w(2, 1, 2): -0.2}
VALUES = {X1: 1.0, X2: -1.0, Z1: 1.0, A1: 1.0, Z2: -0.8, A2: 0.0, "y": 0.75, "L": 0.25}
GRADS = {"L": 1.0, "y": 1.0, w(2, 1, 1): 1.0, w(2, 1, 2): 0.0}


# The sizes tiny_network.py declares: 2–2–1 (neurons) and 2–3–1 (dying-relu), (wide, narrow).
SIZES = {2: ((720, 420), (360, 640)), 3: ((720, 480), (360, 700))}


def drawn(state, narrow=False, n_hidden=2, theme_name="light"):
    theme = get_theme(theme_name, narrow)
    fig = new_figure(SIZES[n_hidden][narrow], theme)
    draw_network(2, n_hidden, fig, theme, state)
    return fig.axes[0], theme


def state(phase="backward", active="y", grads=GRADS):
    return {"values": VALUES, "grads": grads, "weights": WEIGHTS, "active": active, "phase": phase}


def texts(ax):
    return [t.get_text() for t in ax.texts if t.get_text()]


def arrows(ax):
    return [t.arrow_patch for t in ax.texts if isinstance(t, Annotation)]


def starts_nearer(ax, arrow, name, other):
    """Whether `arrow` leaves from nearer the card called `name` than the one called `other`."""
    start = next(t.xyann for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is arrow)
    at = {t.get_text(): t.get_position() for t in ax.texts}

    def gap(n):
        return (at[n][0] - start[0]) ** 2 + (at[n][1] - start[1]) ** 2

    return gap(name) < gap(other)


def same_colour(a, b):
    return mcolors.to_hex(a) == mcolors.to_hex(b)


def test_cards_show_the_values_and_gradients_given_and_edges_their_weights():
    ax, _ = drawn(state())
    shown = texts(ax)
    for name in (X1, X2, "y", "L", f"h{subscript(1)}", f"h{subscript(2)}"):
        assert name in shown
    assert f"z = {num(1.0)}  a = {num(1.0)}" in shown
    assert f"z = {num(-0.8)}  a = {num(0.0)}" in shown
    assert "off for this input" in shown  # z₂ < 0 and only z₂
    assert shown.count("off for this input") == 1
    assert f"∇ {num(1.0)}" in shown  # y and L
    assert f"{w(2, 1, 2)} {num(-0.2)}\n∇ {num(0.0)}" in shown
    assert f"{w(1, 1, 1)} {num(0.6)}" in shown  # no gradient known yet: the weight alone


def test_an_edge_is_muted_until_its_gradient_is_known_then_dashed_when_it_is_zero():
    ax, theme = drawn(state())
    edges = arrows(ax)
    assert len(edges) == 2 * 2 + 2 + 1  # inputs to hidden, hidden to y, y to L
    dashed = [a for a in edges if a.get_linestyle() != "-"]
    assert len(dashed) == 1 and same_colour(dashed[0].get_edgecolor(), theme.grad)  # W²₁₂, gradient 0
    assert starts_nearer(ax, dashed[0], f"h{subscript(2)}", f"h{subscript(1)}")
    graded = [a for a in edges if same_colour(a.get_edgecolor(), theme.grad)]
    assert len(graded) == 2
    assert max(a.get_linewidth() for a in graded) > min(a.get_linewidth() for a in graded)  # |1| wider than 0
    assert sum(same_colour(a.get_edgecolor(), theme.muted) for a in edges) == 5


def test_the_active_card_is_outlined_and_a_z_or_a_marks_its_hidden_unit():
    for active, expected in ((A2, f"h{subscript(2)}"), ("y", "y"), (None, None)):
        ax, theme = drawn(state(active=active))
        cards = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
        assert len(cards) == 6
        outlined = [p for p in cards if same_colour(p.get_edgecolor(), theme.active)]
        if expected is None:
            assert outlined == []
            continue
        assert len(outlined) == 1
        card = outlined[0]
        (nx, ny) = next(t for t in ax.texts if t.get_text() == expected).get_position()
        assert card.get_x() < nx < card.get_x() + card.get_width()
        assert card.get_y() < ny < card.get_y() + card.get_height()  # the card's name is inside it


@pytest.mark.parametrize("narrow", [False, True])
@pytest.mark.parametrize("n_hidden", [2, 3])
def test_every_card_lies_inside_the_figure(narrow, n_hidden):
    weights = dict(WEIGHTS, **{w(1, 3, 1): 0.2, w(1, 3, 2): 0.4, w(2, 1, 3): 1.0})
    ax, _ = drawn({"values": {}, "grads": {}, "weights": weights, "active": None, "phase": "forward"},
                  narrow, n_hidden)
    width, height = SIZES[n_hidden][narrow]
    cards = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(cards) == 2 + n_hidden + 2
    for p in cards:
        assert p.get_x() >= 0 and p.get_x() + p.get_width() <= width
        assert p.get_y() >= 0 and p.get_y() + p.get_height() <= height


def test_on_a_phone_the_weights_go_on_the_cards_and_between_sgd_steps_no_gradient_shows():
    ax, _ = drawn(state(phase="step"), narrow=True)
    shown = texts(ax)
    assert f"w {num(0.6, digits=4)}, {num(-0.4, digits=4)}" in shown  # h₁'s incoming weights
    assert f"w {num(0.7, digits=4)}, {num(-0.2, digits=4)}" in shown  # y's incoming weights
    assert not any(t.startswith("∇") for t in shown)
    assert not any(t.startswith("W") for t in shown)  # no edge labels
