"""Rendering: frames per scene, exact sizes, legible text, themes, and redraws equal to full draws."""

import io

import graphs
import imageio.v3 as iio
import numpy as np
import pytest

from visual_backprop.draw import get_theme, graph_animation, graph_still, plot_animation, render_gif, still
from visual_backprop.draw.graph import GraphPainter
from visual_backprop.draw.render import frame_duration, render
from visual_backprop.draw.scenes import scenes_for
from visual_backprop.engine import Value
from visual_backprop.trace import record


def shared():
    return record(graphs.two_paths())


def hex_rgb(colour):
    return tuple(int(colour[i: i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_a_graph_animation_has_one_frame_per_scene_at_the_layouts_width(theme, layout):
    trace = shared()
    out = render(graph_animation(trace), theme, layout)
    assert len(out.frames) == len(scenes_for(trace)) == len(out.durations) == len(out.captions)
    width = 720 if layout == "wide" else 360
    assert out.size[0] == width
    assert all(f.shape == (out.size[1], width, 3) and f.dtype == np.uint8 for f in out.frames)
    assert all(d % 10 == 0 and d >= 1000 for d in out.durations)
    assert tuple(out.frames[0][1, 1]) == hex_rgb(get_theme(theme).background)
    assert any(not np.array_equal(a, b) for a, b in zip(out.frames, out.frames[1:]))


def test_durations_are_whole_tens_of_milliseconds_and_the_last_frame_lingers():
    assert frame_duration("x" * 7) % 10 == 0
    assert frame_duration("short", last=True) > frame_duration("short")


@pytest.mark.parametrize("narrow", [False, True])
def test_redrawing_only_what_changed_gives_the_same_pixels_as_full_draws(narrow):
    trace = shared()
    scenes = scenes_for(trace)
    frames = {}
    for full in (True, False):
        theme = get_theme("dark", narrow)
        painter = GraphPainter(trace, theme, None, [s.headline for s in scenes], full=full)
        frames[full] = []
        for scene in scenes:
            painter.paint(scene)
            frames[full].append(painter.frame())
    assert all(np.array_equal(a, b) for a, b in zip(frames[True], frames[False]))


@pytest.mark.parametrize("narrow", [False, True])
def test_no_text_smaller_than_twelve_px_where_displayed(narrow):
    a, b = Value(2.0, label="a_long_name"), Value(1.0, label="b")
    f = (a * b).tanh() + b
    f.label = "f"
    trace = record(f)
    scenes = scenes_for(trace)
    painter = GraphPainter(trace, get_theme("light", narrow), "A title", [s.headline for s in scenes])
    for scene in scenes:
        painter.paint(scene)
        # The wide image (720 px) is shown about 700 px wide, the narrow one (360 px) about 358 px wide.
        shown = 700 / 720 if not narrow else 358 / 360
        sizes = [t.get_fontsize() * shown for t in painter.ax.texts if t.get_visible() and t.get_text()]
        assert min(sizes) >= 12 - 1e-9


def test_plots_get_the_theme_and_the_size_of_their_layout():
    seen = []

    def draw(fig, theme, state):
        seen.append((theme.name, theme.narrow, state, tuple(fig.get_size_inches() * fig.dpi)))
        fig.add_subplot().plot([0, 1], [0, state])

    spec = plot_animation([("one", 1), ("two", 2, "forward")], draw, size=(400, 200))
    wide = render(spec, "dark", "wide")
    narrow = render(spec, "light", "narrow")
    assert wide.size == (400, 200) and narrow.size[0] == 360
    assert wide.phases == ["step", "forward"] and wide.captions == ["one", "two"]
    assert seen[:2] == [("dark", False, 1, (400.0, 200.0)), ("dark", False, 2, (400.0, 200.0))]
    assert seen[2][:3] == ("light", True, 1)


def test_stills():
    spec = still(lambda fig, theme: fig.add_subplot().plot([0, 1]), size=(300, 150), narrow_size=(360, 300))
    assert render(spec, "light", "narrow").size == (360, 300)
    graph = render(graph_still(shared()), "dark", "wide")
    assert len(graph.frames) == 1


def test_render_gif_for_notebooks():
    data = render_gif(graph_animation(shared(), phases=("backward",)), "dark")
    frames = iio.imread(io.BytesIO(data), index=None, extension=".gif")
    assert len(frames) == len(scenes_for(shared(), ("backward",)))


def test_bad_specs_say_what_is_wrong():
    with pytest.raises(TypeError, match="Trace"):
        graph_animation("not a trace")
    with pytest.raises(ValueError, match="phases"):
        graph_animation(shared(), phases=("sideways",))
    with pytest.raises(ValueError, match="size"):
        still(lambda fig, theme: None, size=(10, 10))
    with pytest.raises(TypeError, match="must return"):
        render(object())
