"""The spec builders: what they keep, and how they refuse a bad figure before anything is drawn."""

import pytest

from visual_backprop.draw.spec import (
    PlotAnimation,
    Still,
    graph_animation,
    graph_still,
    plot_animation,
    still,
)
from visual_backprop.engine import Value
from visual_backprop.trace import record


def draw_plot(fig, theme, state=None):
    fig.add_subplot().plot([0, 1])


def test_plot_animation_keeps_frames_draw_and_sizes():
    spec = plot_animation([["one", 1], ("two", 2, "forward")], draw_plot, size=[400, 200],
                          narrow_size=(360, 300))
    assert isinstance(spec, PlotAnimation) and spec.animated
    assert spec.frames == (("one", 1), ("two", 2, "forward"))
    assert spec.draw is draw_plot
    assert (spec.size, spec.narrow_size) == ((400, 200), (360, 300))


def test_still_keeps_draw_and_sizes():
    spec = still(draw_plot, size=(300, 150))
    assert isinstance(spec, Still) and not spec.animated
    assert spec.draw is draw_plot
    assert (spec.size, spec.narrow_size) == ((300, 150), None)


@pytest.mark.parametrize("build, call", [
    (lambda draw: plot_animation([("a", 1)], draw, size=(400, 200)), r"draw\(fig, theme, state\)"),
    (lambda draw: still(draw, size=(400, 200)), r"draw\(fig, theme\)$"),
], ids=["plot_animation", "still"])
def test_draw_must_be_callable(build, call):
    with pytest.raises(TypeError, match=f"draw must be callable as {call}"):
        build("not a function")


@pytest.mark.parametrize("size, narrow, where", [
    ((10, 200), None, "still: size"),
    ((400, 200, 1), None, "still: size"),
    ((400.0, 200), None, "still: size"),
    ((True, 200), None, "still: size"),
    ((400, 200), (360, 5000), "still narrow_size: size"),
])
def test_sizes_are_whole_pixels_from_40_to_2000(size, narrow, where):
    with pytest.raises(ValueError, match=where):
        still(draw_plot, size=size, narrow_size=narrow)


def test_plot_animation_sizes_name_the_builder():
    with pytest.raises(ValueError, match="plot_animation narrow_size: size"):
        plot_animation([("a", 1)], draw_plot, size=(400, 200), narrow_size=(30, 30))


@pytest.mark.parametrize("frames, message", [
    ([], "at least one"),
    ([("a", 1), ("", 2)], "frame 1"),
    ([("a",)], "frame 0"),
    ([(1, 2)], "frame 0"),
])
def test_plot_animation_frames_need_a_caption_and_a_state(frames, message):
    with pytest.raises(ValueError, match=message):
        plot_animation(frames, draw_plot, size=(400, 200))


def test_graph_specs_check_trace_phases_and_show():
    trace = record(Value(2.0) * 3)
    assert graph_animation(trace, phases=["backward"]).phases == ("backward",)
    assert graph_still(trace, show="forward").show == "forward"
    with pytest.raises(ValueError, match="phases"):
        graph_animation(trace, phases=("forward", "forward"))
    with pytest.raises(ValueError, match="show must be"):
        graph_still(trace, show="sideways")
    with pytest.raises(TypeError, match="graph_still needs a Trace"):
        graph_still("no trace")
