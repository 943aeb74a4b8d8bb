"""Render a figure spec to frames: pixels, durations, captions and phases, for one theme and layout."""

from dataclasses import dataclass

import matplotlib

from .graph import GraphPainter
from .raster import new_figure, pixels
from .scenes import scenes_for, still_scene
from .spec import GraphAnimation, GraphStill, PlotAnimation, Still
from .steps import frame_duration
from .theme import NARROW_WIDTH, get_theme

__all__ = ["Rendered", "render", "frame_duration", "narrow_size_of"]


@dataclass(frozen=True)
class Rendered:
    """The frames of one variant: RGB arrays of one size, ms per frame, caption and phase per frame."""

    frames: list
    durations: list
    captions: list
    phases: list
    size: tuple


def narrow_size_of(size):
    """The phone size of a plot declared at `size`: 360 px wide, proportionally a little taller."""
    width, height = size
    return NARROW_WIDTH, max(120, round(height * NARROW_WIDTH / width * 1.35))


def render(spec, theme_name="light", layout="wide"):
    """All frames of `spec` in one theme ('light'/'dark') and layout ('wide'/'narrow')."""
    if layout not in ("wide", "narrow"):
        raise ValueError(f"layout must be 'wide' or 'narrow', got {layout!r}")
    theme = get_theme(theme_name, narrow=layout == "narrow")
    with matplotlib.rc_context(theme.rc()):
        if isinstance(spec, GraphAnimation):
            scenes = scenes_for(spec.trace, spec.phases)
            painter = GraphPainter(spec.trace, theme, spec.title, [s.headline for s in scenes],
                                   gradients="backward" in spec.phases)
            frames = []
            for scene in scenes:
                painter.paint(scene)
                frames.append(painter.frame())
            captions = [s.caption for s in scenes]
            phases = [s.phase for s in scenes]
            return _animation(frames, captions, phases, painter.size, [s.headline for s in scenes])
        if isinstance(spec, GraphStill):
            painter = GraphPainter(spec.trace, theme, spec.title, gradients=spec.show == "backward")
            painter.paint(still_scene(spec.trace, spec.show))
            return Rendered([painter.frame()], [0], [""], [spec.show], painter.size)
        if isinstance(spec, PlotAnimation):
            size = _size(spec, layout)
            frames, captions, phases = [], [], []
            for item in spec.frames:
                caption, state = item[0], item[1]
                fig = new_figure(size, theme)
                spec.draw(fig, theme, state)
                frames.append(pixels(fig, size))
                captions.append(caption)
                phases.append(item[2] if len(item) > 2 else "step")
            return _animation(frames, captions, phases, size)
        if isinstance(spec, Still):
            size = _size(spec, layout)
            fig = new_figure(size, theme)
            spec.draw(fig, theme)
            return Rendered([pixels(fig, size)], [0], [""], ["still"], size)
    raise TypeError(
        f"a figure function must return graph_animation(), graph_still(), plot_animation() or still(), "
        f"got {type(spec).__name__}")


def _size(spec, layout):
    if layout == "wide":
        return spec.size
    return spec.narrow_size or narrow_size_of(spec.size)


def _animation(frames, captions, phases, size, shown=None):
    shown = shown or captions
    durations = [frame_duration(c, last=i == len(shown) - 1) for i, c in enumerate(shown)]
    return Rendered(frames, durations, captions, phases, size)
