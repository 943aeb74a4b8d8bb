"""Exact widths of text in the figures' font, to fit numbers and labels inside round cards."""

import os
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.ft2font import LoadFlags

__all__ = ["text_width", "FONT_FILES"]

FONT_FILES = {
    False: font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")),
    True: font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold")),
}


@lru_cache(maxsize=4096)
def text_width(text, size, bold=False):
    """Width in px of `text` set at `size` px (72 dpi, so 1 pt == 1 px)."""
    font = _font(bold)
    font.set_size(size, 72)
    font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    return font.get_width_height()[0] / 64


@lru_cache(maxsize=2)
def _font(bold):
    from matplotlib.ft2font import FT2Font

    return FT2Font(FONT_FILES[bold])


# A forked worker must open its own font: FreeType reads glyphs lazily through a file
# descriptor whose offset a parent and a child would otherwise share.
os.register_at_fork(after_in_child=_font.cache_clear)
