"""Figures computed from the engine: declare them, describe them, render them to GIF and PNG.

    @figure("chain-rule/backward", alt="...", caption="...")
    def backward():
        return graph_animation(record(g))

A figure function returns graph_animation(), graph_still(), plot_animation() or
still(); build.build() renders every declared figure in light and dark, wide and
narrow (scripts/build_figures.py is its command line), and render_gif() shows one
inline in a notebook.
"""

from .declare import Declaration, declarations, figure
from .discover import declared
from .spec import graph_animation, graph_still, plot_animation, still
from .theme import LAYOUTS, THEME_NAMES, Theme, get_theme

__all__ = [
    "figure", "Declaration", "declarations", "declared",
    "graph_animation", "graph_still", "plot_animation", "still",
    "Theme", "get_theme", "THEME_NAMES", "LAYOUTS",
    "render_gif", "render_png",
]


def render_gif(spec, theme_name="light", layout="wide"):
    """The GIF bytes of an animation spec (or a one-frame GIF of a still), e.g. for a notebook."""
    from .encode import encode_gif, quantize
    from .render import render

    rendered = render(spec, theme_name, layout)
    return encode_gif(quantize(rendered.frames), rendered.durations)


def render_png(spec, theme_name="light", layout="wide"):
    """The PNG bytes of a still spec, or of an animation's last frame (its poster)."""
    from .encode import encode_png, quantize
    from .render import render

    rendered = render(spec, theme_name, layout)
    indexed = quantize(rendered.frames[-1:])
    return encode_png(indexed.indices[0], indexed.palette)
