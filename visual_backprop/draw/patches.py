"""Patches for the step player: the rectangles where one frame differs from the last, packed into an atlas.

A changed band of rows is cut again into runs of columns wherever a wide
unchanged gap separates them, so two small changes at opposite ends of a
frame cost two small patches, not one patch as wide as the frame.
"""

import numpy as np

__all__ = ["GAP", "runs", "changed_boxes", "shelf_pack"]

GAP = 24  # unchanged rows or columns wider than this split a patch in two


def runs(flags, gap=GAP):
    """[start, end) spans of the true entries of a 1-D mask, joined across false gaps of at most `gap`."""
    where = np.flatnonzero(flags)
    if where.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(where) > gap + 1)
    starts = np.concatenate([where[:1], where[breaks + 1]])
    ends = np.concatenate([where[breaks], where[-1:]]) + 1
    return [(int(s), int(e)) for s, e in zip(starts, ends)]


def changed_boxes(previous, current, gap=GAP):
    """Rectangles (x, y, w, h), top to bottom then left to right, covering every pixel that differs.

    Rows are cut into bands at unchanged gaps wider than `gap`, each band into
    column runs the same way, and each run trimmed to the rows it changes.
    """
    diff = np.asarray(previous) != np.asarray(current)
    boxes = []
    for top, bottom in runs(diff.any(axis=1), gap):
        band = diff[top:bottom]
        for left, right in runs(band.any(axis=0), gap):
            rows = np.flatnonzero(band[:, left:right].any(axis=1))
            boxes.append((left, top + int(rows[0]), right - left, int(rows[-1] - rows[0] + 1)))
    return boxes


def shelf_pack(sizes, width, top=0):
    """Places (x, y) for boxes of `sizes` [(w, h)] in shelves no wider than `width`, from row `top` down.

    Tallest first (ties keep their order), left to right; returns the places in
    the order given and the total height used, `top` included.
    """
    if any(w > width for w, _ in sizes):
        raise ValueError(f"a patch is wider than the atlas ({width} px)")
    places = [None] * len(sizes)
    x, y, shelf = 0, top, 0
    for k in sorted(range(len(sizes)), key=lambda k: (-sizes[k][1], k)):
        w, h = sizes[k]
        if x + w > width:
            x, y, shelf = 0, y + shelf, 0
        places[k] = (x, y)
        x += w
        shelf = max(shelf, h)
    return places, y + shelf
