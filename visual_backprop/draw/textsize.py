"""Exact widths of text in the figures' font: to fit numbers and labels inside cards, and to wrap lines."""

import os
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.ft2font import LoadFlags

from .theme import FONT

__all__ = ["FONT_FILES", "text_width", "wrap_words"]

FONT_FILES = {
    False: font_manager.findfont(font_manager.FontProperties(family=FONT)),
    True: font_manager.findfont(font_manager.FontProperties(family=FONT, weight="bold")),
}


@lru_cache(maxsize=4096)
def text_width(text, size, bold=False):
    """Width in px of `text` set at `size` px (72 dpi, so 1 pt == 1 px)."""
    font = _font(bold)
    font.set_size(size, 72)
    font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    return font.get_width_height()[0] / 64


def wrap_words(text, width, size):
    """Greedy word wrap of `text` into lines no wider than `width` px at font `size`."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, size) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


@lru_cache(maxsize=2)
def _font(bold):
    from matplotlib.ft2font import FT2Font

    return FT2Font(FONT_FILES[bold])


# A forked worker must open its own font: FreeType reads glyphs lazily through a file
# descriptor whose offset a parent and a child would otherwise share.
os.register_at_fork(after_in_child=_font.cache_clear)
