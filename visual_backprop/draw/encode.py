"""Encode frames: one shared palette, GIF with frame differences, PNG posters and a patch atlas.

Every variant is quantised once to at most 255 colours (no dithering), keeping
index 255 free, so Pillow's GIF writer can crop each frame to the rectangle that
changed and mark unchanged pixels inside it transparent. The same indexed
pixels feed the poster and the player's patch atlas, so all three agree.
Nothing written carries a timestamp.
"""

import io

import imageio.v3 as iio
import numpy as np
from PIL import Image

__all__ = ["Indexed", "quantize", "encode_gif", "encode_png", "patch_atlas"]

COLOURS = 255


class Indexed:
    """Frames as palette indices (n, h, w) uint8 plus the shared palette (k, 3) uint8."""

    def __init__(self, indices, palette):
        self.indices = indices
        self.palette = palette

    def rgb(self, i):
        """Frame i back as RGB."""
        return self.palette[self.indices[i]]


def quantize(frames):
    """One palette of at most 255 distinct colours for all `frames` (RGB arrays of one size), no dither."""
    stack = np.stack(frames)
    n, height, width, _ = stack.shape
    tall = Image.fromarray(stack.reshape(n * height, width, 3))
    exact = tall.getcolors(COLOURS)
    if exact is not None:  # few enough colours: keep them all, exactly
        palette = np.array(sorted(colour for _, colour in exact), np.uint8).reshape(-1, 3)
        reference = Image.new("P", (1, 1))
        reference.putpalette(palette.reshape(-1).tobytes())
        mapped = tall.quantize(palette=reference, dither=Image.Dither.NONE)
    else:  # median cut over every pixel of every frame; each colour maps to its nearest entry
        mapped = tall.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    indices = np.asarray(mapped, np.uint8)
    full = np.array(mapped.getpalette()[: 3 * 256], np.uint8).reshape(-1, 3)
    # Keep only used entries, each colour once, so the GIF writer finds every colour and a free index.
    used = np.flatnonzero(np.bincount(indices.reshape(-1), minlength=len(full)))
    colours, first = np.unique(full[used], axis=0, return_inverse=True)
    lookup = np.zeros(256, np.uint8)
    lookup[used] = first.reshape(-1)
    return Indexed(lookup[indices].reshape(n, height, width), colours)


def _palette_bytes(palette):
    return np.ascontiguousarray(palette, np.uint8).reshape(-1).tobytes()


def _p_image(indices, palette):
    image = Image.fromarray(indices, mode="P")
    image.putpalette(_palette_bytes(palette))
    return image


def encode_gif(indexed, durations):
    """A looping GIF of the indexed frames; `durations` in ms, each a multiple of 10."""
    if any(d % 10 or d < 0 for d in durations):
        raise ValueError(f"GIF frame durations must be whole multiples of 10 ms, got {durations}")
    # Indices go in as "L" frames with the palette alongside: Pillow then writes one global colour
    # table, crops each frame to what changed and makes unchanged pixels the free transparent index.
    return iio.imwrite("<bytes>", list(indexed.indices), extension=".gif", plugin="pillow", mode="L",
                       palette=_palette_bytes(indexed.palette), duration=list(durations), loop=0,
                       optimize=True, disposal=1)


def encode_png(rgb_or_indices, palette=None):
    """A PNG of one frame (indexed with `palette`, or RGB), compressed hard, with no metadata chunks."""
    image = _p_image(rgb_or_indices, palette) if palette is not None else Image.fromarray(rgb_or_indices)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _changed_boxes(previous, current, gap=24):
    """Rectangles (x, y, w, h) covering every pixel that differs, split into bands of rows."""
    diff = previous != current
    rows = np.flatnonzero(diff.any(axis=1))
    if rows.size == 0:
        return []
    bands, start, end = [], rows[0], rows[0]
    for r in rows[1:]:
        if r - end > gap:
            bands.append((start, end))
            start = r
        end = r
    bands.append((start, end))
    boxes = []
    for top, bottom in bands:
        cols = np.flatnonzero(diff[top: bottom + 1].any(axis=0))
        boxes.append((int(cols[0]), int(top), int(cols[-1] - cols[0] + 1), int(bottom - top + 1)))
    return boxes


def patch_atlas(indexed):
    """Frame 0 plus the changed rectangles of each later frame, packed in one indexed PNG.

    Returns (png_bytes, patches) where patches[i] lists [sx, sy, w, h, dx, dy] for
    frame i: draw frame 0's patch, then each later frame's patches in order, and
    the canvas shows frame i.
    """
    frames = indexed.indices
    height, width = frames.shape[1:]
    pieces = [(0, 0, 0, width, height)]  # (frame, x, y, w, h)
    for i in range(1, len(frames)):
        pieces.extend((i, *box) for box in _changed_boxes(frames[i - 1], frames[i]))
    # Shelf packing: frame 0 on top, then patches tallest first, rows as wide as a frame.
    order = sorted(range(1, len(pieces)), key=lambda k: (-pieces[k][4], k))
    spots = {0: (0, 0)}
    x, y, shelf = 0, height, 0
    for k in order:
        _, _, _, w, h = pieces[k]
        if x + w > width:
            x, y, shelf = 0, y + shelf, 0
        spots[k] = (x, y)
        x += w
        shelf = max(shelf, h)
    atlas = np.zeros((y + shelf, width), np.uint8)
    patches = [[] for _ in frames]
    for k, (frame, px, py, w, h) in enumerate(pieces):
        sx, sy = spots[k]
        atlas[sy: sy + h, sx: sx + w] = frames[frame][py: py + h, px: px + w]
        patches[frame].append([sx, sy, w, h, px, py])
    return encode_png(atlas, indexed.palette), patches
