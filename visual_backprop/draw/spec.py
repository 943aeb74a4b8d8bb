"""What a figure function returns: a plain description of a still or an animation, drawn later."""

from collections.abc import Callable
from dataclasses import dataclass

from ..trace import Trace

__all__ = [
    "GraphAnimation", "GraphStill", "PlotAnimation", "Still",
    "graph_animation", "graph_still", "plot_animation", "still",
]

PHASES = ("forward", "backward")


@dataclass(frozen=True)
class GraphAnimation:
    """Frames generated from a trace: the forward pass, then every backward step."""

    trace: Trace
    phases: tuple = PHASES
    title: str | None = None
    animated = True


@dataclass(frozen=True)
class GraphStill:
    """One picture of a traced graph: values only ('forward') or values and grads ('backward')."""

    trace: Trace
    show: str = "backward"
    title: str | None = None
    animated = False


@dataclass(frozen=True)
class _Plot:
    """What both matplotlib specs hold: the draw function and the wide and narrow sizes in px."""

    draw: Callable
    size: tuple
    narrow_size: tuple | None = None


@dataclass(frozen=True)
class PlotAnimation(_Plot):
    """Frames drawn by `draw(fig, theme, state)`, one per (caption, state) or (caption, state, phase)."""

    frames: tuple = ()
    animated = True


@dataclass(frozen=True)
class Still(_Plot):
    """A static picture drawn by `draw(fig, theme)`."""

    animated = False


def _check_trace(trace, where):
    if not isinstance(trace, Trace):
        raise TypeError(
            f"{where} needs a Trace from visual_backprop.trace.record(), got {type(trace).__name__}")


def _check_size(size, where):
    if size is None:
        return None
    ok = (isinstance(size, tuple | list) and len(size) == 2
          and all(isinstance(v, int) and not isinstance(v, bool) and 40 <= v <= 2000 for v in size))
    if not ok:
        raise ValueError(
            f"{where}: size must be (width_px, height_px), whole numbers from 40 to 2000, got {size!r}")
    return tuple(size)


def _plot(kind, where, call, draw, size, narrow_size, **fields):
    """A `kind` spec, once `draw` is callable (as `call`) and both sizes are valid."""
    if not callable(draw):
        raise TypeError(f"{where}: draw must be callable as {call}")
    return kind(draw, _check_size(size, where), _check_size(narrow_size, f"{where} narrow_size"), **fields)


def graph_animation(trace, *, phases=PHASES, title=None):
    """An animation of `trace`: values computed in forward order, then each backward step."""
    _check_trace(trace, "graph_animation")
    phases = tuple(phases)
    if not phases or any(p not in PHASES for p in phases) or len(set(phases)) != len(phases):
        raise ValueError(f"graph_animation: phases must be drawn from {PHASES}, got {phases!r}")
    return GraphAnimation(trace, phases, title)


def graph_still(trace, *, show="backward", title=None):
    """A still of `trace` with values ('forward') or values and gradients ('backward')."""
    _check_trace(trace, "graph_still")
    if show not in PHASES:
        raise ValueError(f"graph_still: show must be 'forward' or 'backward', got {show!r}")
    return GraphStill(trace, show, title)


def plot_animation(frames, draw, *, size, narrow_size=None):
    """An animation drawn with matplotlib: `draw(fig, theme, state)` for each (caption, state)."""
    frames = tuple(tuple(f) for f in frames)
    if not frames:
        raise ValueError("plot_animation needs at least one (caption, state) frame")
    for i, frame in enumerate(frames):
        if len(frame) not in (2, 3) or not isinstance(frame[0], str) or not frame[0].strip():
            raise ValueError(f"plot_animation frame {i}: expected (caption, state[, phase]) with a caption, "
                             f"got {frame!r:.80}")
    return _plot(PlotAnimation, "plot_animation", "draw(fig, theme, state)", draw, size, narrow_size,
                 frames=frames)


def still(draw, *, size, narrow_size=None):
    """A static matplotlib picture drawn by `draw(fig, theme)`."""
    return _plot(Still, "still", "draw(fig, theme)", draw, size, narrow_size)
