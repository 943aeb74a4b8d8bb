"""Numbers shortened to fit a card: as many significant digits as the room allows, 2 at least."""

from ..format import fmt
from .textsize import text_width

__all__ = ["fit_number"]

MINUS = "\u2212"


def fit_number(x, room, size):
    """fmt(x) with 4, 3 or 2 significant digits: the most that fit in `room` px at font `size`."""
    text = fmt(x, digits=2, minus=MINUS)
    for digits in (4, 3):
        candidate = fmt(x, digits=digits, minus=MINUS)
        if text_width(candidate, size) <= room:
            return candidate
    return text
