"""The shared plot set-up: panels per layout, and log-scale lines told apart by marker and dash."""

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from visual_backprop.draw.plots import log_lines, marked_styles, panels
from visual_backprop.draw.theme import get_theme


@pytest.mark.parametrize("count", [2, 3])
def test_panels_side_by_side_when_wide_and_stacked_when_narrow(count):
    wide = panels(Figure(), get_theme("light"), count)
    narrow = panels(Figure(), get_theme("light", narrow=True), count)
    assert len(wide) == len(narrow) == count
    lefts = [ax.get_position().x0 for ax in wide]
    bottoms = [ax.get_position().y0 for ax in narrow]
    assert lefts == sorted(lefts) and len(set(lefts)) == count
    assert len({ax.get_position().y0 for ax in wide}) == 1
    assert bottoms == sorted(bottoms, reverse=True) and len(set(bottoms)) == count
    assert len({ax.get_position().x0 for ax in narrow}) == 1


@pytest.mark.parametrize("name", ["light", "dark"])
def test_marked_styles_follow_the_theme_and_differ_without_colour(name):
    theme = get_theme(name)
    styles = marked_styles(theme)
    assert [color for _, color in styles] == [theme.grad, theme.value, theme.accent]
    assert [fmt for fmt, _ in styles] == ["o-", "s--", "^:"]


def test_log_lines_draws_each_series_in_its_style():
    theme = get_theme("dark")
    ax = Figure().add_subplot()
    log_lines(ax, theme, [0, 1, 2], [([1, 0.1, 0.01], "first"), ([1, 0.5, 0.25], "second")])
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["first", "second"]
    assert [to_hex(line.get_color()) for line in lines] == [theme.grad.lower(), theme.value.lower()]
    assert [(line.get_marker(), line.get_linestyle()) for line in lines] == [("o", "-"), ("s", "--")]
    assert list(lines[1].get_ydata()) == [1, 0.5, 0.25]


def test_log_lines_refuses_more_lines_than_it_can_tell_apart():
    with pytest.raises(ValueError, match="at most 3"):
        log_lines(Figure().add_subplot(), get_theme("light"), [0, 1], [([1, 2], str(i)) for i in range(4)])
