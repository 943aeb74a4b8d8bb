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
    """One palette for all `frames` (RGB arrays of one size), nearest-colour mapping, no dither."""
    stack = np.stack(frames)
    flat = stack.reshape(-1, 3)
    packed = (flat[:, 0].astype(np.uint32) << 16) | (flat[:, 1].astype(np.uint32) << 8) | flat[:, 2]
    colours, inverse, counts = np.unique(packed, return_inverse=True, return_counts=True)
    unique_rgb = np.stack([colours >> 16, colours >> 8, colours], axis=1).astype(np.uint8)  # wraps mod 256
    if len(colours) <= COLOURS:
        return Indexed(inverse.reshape(stack.shape[:3]).astype(np.uint8), unique_rgb)
    # More colours than a GIF holds: median-cut over the distinct colours, weighted by use.
    weights = np.minimum(counts, 255 * 255)
    sample = np.repeat(unique_rgb, np.maximum(1, np.sqrt(weights).astype(int)), axis=0)
    side = int(np.ceil(np.sqrt(len(sample))))
    padded = np.zeros((side * side, 3), np.uint8)
    padded[: len(sample)] = sample
    padded[len(sample):] = sample[-1]
    reference = Image.fromarray(padded.reshape(side, side, 3)).quantize(
        COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = np.array(reference.getpalette()[: 3 * COLOURS], np.uint8).reshape(-1, 3)
    mapped = Image.fromarray(unique_rgb.reshape(1, -1, 3)).quantize(
        palette=reference, dither=Image.Dither.NONE)
    lookup = np.asarray(mapped, np.uint8).reshape(-1)
    return Indexed(lookup[inverse].reshape(stack.shape[:3]), palette)


def _palette_bytes(palette):
    full = np.zeros((256, 3), np.uint8)
    full[: len(palette)] = palette
    return full.reshape(-1).tobytes()


def _p_image(indices, palette):
    image = Image.fromarray(indices, mode="P")
    image.putpalette(_palette_bytes(palette))
    return image


def encode_gif(indexed, durations):
    """A looping GIF of the indexed frames; `durations` in ms, each a multiple of 10."""
    if any(d % 10 or d < 0 for d in durations):
        raise ValueError(f"GIF frame durations must be whole multiples of 10 ms, got {durations}")
    frames = [_p_image(f, indexed.palette) for f in indexed.indices]
    # The imageio v3 Pillow plugin passes these through to Pillow's writer unchanged.
    return iio.imwrite("<bytes>", [np.asarray(f) for f in frames], extension=".gif", plugin="pillow",
                       mode="P", palette=_palette_bytes(indexed.palette), duration=list(durations), loop=0,
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
