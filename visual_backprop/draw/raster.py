"""A matplotlib Figure of an exact pixel size, and its pixels: no file, no metadata, no clock."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["new_figure", "pixels"]


def new_figure(size, theme):
    """A Figure of `size` = (width_px, height_px) in `theme`'s background; 1 pt == 1 px."""
    width, height = size
    fig = Figure(figsize=(width / theme.dpi, height / theme.dpi), dpi=theme.dpi,
                 facecolor=theme.background)
    FigureCanvasAgg(fig)
    return fig


def pixels(fig, size):
    """Draw `fig` and return its RGB pixels as a (height, width, 3) uint8 array of exactly `size`."""
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    width, height = size
    if rgba.shape[:2] != (height, width):
        raise RuntimeError(f"rendered {rgba.shape[1]}x{rgba.shape[0]} px instead of {width}x{height}")
    return np.ascontiguousarray(rgba[..., :3])
