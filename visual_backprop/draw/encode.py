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

from .patches import changed_boxes, shelf_pack

__all__ = ["Indexed", "quantize", "encode_gif", "encode_png", "patch_atlas"]

COLOURS = 255
EXACT = 48  # colours this common (at least 1 pixel in 2000) are kept exactly


class Indexed:
    """Frames as palette indices (n, h, w) uint8 plus the shared palette (k, 3) uint8."""

    def __init__(self, indices, palette):
        self.indices = indices
        self.palette = palette

    def rgb(self, i):
        """Frame i back as RGB."""
        return self.palette[self.indices[i]]


def _changed_box(previous, current):
    """(top, bottom, left, right) bounding the pixels that differ (packed colours), or None."""
    diff = previous != current
    rows, cols = np.flatnonzero(diff.any(axis=1)), np.flatnonzero(diff.any(axis=0))
    if rows.size == 0:
        return None
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def quantize(frames):
    """One palette of at most 255 distinct colours for all `frames` (RGB arrays of one size), no dither.

    Colours covering many pixels (backgrounds, fills, text) are kept exactly; the
    anti-aliased blends between them share the remaining entries by median cut.
    Only the first frame and the rectangles that change afterwards are examined.
    """
    stack = np.stack(frames)
    n, height, width, _ = stack.shape
    packed = _pack(stack)
    boxes = [(0, height, 0, width)] + [_changed_box(packed[i - 1], packed[i]) for i in range(1, n)]
    seen = np.concatenate([stack[i, t:b, left:right].reshape(-1, 3) for i, box in enumerate(boxes) if box
                           for t, b, left, right in [box]])
    counted = sorted(Image.fromarray(seen[None]).getcolors(len(seen)), key=lambda item: (-item[0], item[1]))
    if len(counted) <= COLOURS:
        palette = [colour for _, colour in counted]
    else:
        exact = [colour for count, colour in counted[:EXACT] if count * 2000 >= len(seen)]
        rest = counted[len(exact):]
        # The rest, each colour repeated by its weight (capped), reduced by median cut.
        sample = np.repeat(np.array([c for _, c in rest], np.uint8),
                           np.minimum([count for count, _ in rest], 64), axis=0)
        side = int(np.ceil(np.sqrt(len(sample))))
        square = np.resize(sample, (side * side, 3)).reshape(side, side, 3)
        reduced = Image.fromarray(square).quantize(COLOURS - len(exact), method=Image.Quantize.MEDIANCUT,
                                                   dither=Image.Dither.NONE)
        extra = np.array(reduced.getpalette()[: 3 * (COLOURS - len(exact))], np.uint8).reshape(-1, 3)
        palette = exact + [tuple(c) for c in extra.tolist()]
    palette = np.unique(np.array(palette, np.uint8), axis=0)
    # Each distinct colour goes to its nearest palette entry; a table indexed by the packed
    # colour then maps pixels at once, frame 0 whole and later frames where they changed.
    distinct = np.array([colour for _, colour in counted], np.int32)
    nearest = np.empty(len(distinct), np.uint8)
    for start in range(0, len(distinct), 4096):
        block = distinct[start: start + 4096, None, :] - palette[None, :, :].astype(np.int32)
        nearest[start: start + 4096] = np.argmin((block * block).sum(axis=2), axis=1)
    table = np.zeros(1 << 24, np.uint8)
    table[_pack(distinct)] = nearest
    indices = np.empty((n, height, width), np.uint8)
    for i, box in enumerate(boxes):
        if i:
            indices[i] = indices[i - 1]
        if box:
            t, b, left, right = box
            indices[i, t:b, left:right] = table[packed[i, t:b, left:right]]
    used = np.flatnonzero(np.bincount(nearest, minlength=len(palette)))
    lookup = np.zeros(len(palette), np.uint8)
    lookup[used] = np.arange(len(used))
    return Indexed(lookup[indices], palette[used])


def _pack(rgb):
    """Colours as one uint32 each: 0xRRGGBB."""
    rgb = np.asarray(rgb)
    out = rgb[..., 0].astype(np.uint32) << 16
    out |= rgb[..., 1].astype(np.uint32) << 8
    out |= rgb[..., 2].astype(np.uint32)
    return out


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
                       palette=_palette_bytes(indexed.palette),
                       duration=list(durations) if len(durations) > 1 else durations[0], loop=0,
                       optimize=True, disposal=1)


def encode_png(rgb_or_indices, palette=None, transparent=None):
    """A PNG of one frame (indexed with `palette`, or RGB), with no metadata chunks.

    `transparent` names a palette index that is written fully transparent.
    """
    image = _p_image(rgb_or_indices, palette) if palette is not None else Image.fromarray(rgb_or_indices)
    out = io.BytesIO()
    # zlib level 8: within about 1 % of level 9's size at a third of its time.
    extra = {} if transparent is None else {"transparency": transparent}
    image.save(out, format="PNG", compress_level=8, **extra)
    return out.getvalue()


def patch_atlas(indexed):
    """Frame 0 plus the changed rectangles of each later frame, packed in one indexed PNG.

    Returns (png_bytes, patches) where patches[i] lists [sx, sy, w, h, dx, dy] for
    frame i: draw frame 0's patch, then each later frame's patches in order over
    it (source-over), and the canvas shows frame i. Inside a patch, pixels equal
    to the previous frame's are transparent (index 0; every colour moves up one):
    they cost next to nothing and leave the canvas as it was.
    """
    frames = indexed.indices
    height, width = frames.shape[1:]
    pieces = [(i, *box) for i in range(1, len(frames)) for box in changed_boxes(frames[i - 1], frames[i])]
    places, atlas_height = shelf_pack([(w, h) for *_, w, h in pieces], width, top=height)
    atlas = np.zeros((atlas_height, width), np.uint8)
    atlas[:height] = frames[0] + 1
    patches = [[[0, 0, width, height, 0, 0]]] + [[] for _ in frames[1:]]
    for (frame, px, py, w, h), (sx, sy) in zip(pieces, places):
        now, before = (frames[f][py: py + h, px: px + w] for f in (frame, frame - 1))
        atlas[sy: sy + h, sx: sx + w] = np.where(now == before, 0, now + 1)
        patches[frame].append([sx, sy, w, h, px, py])
    palette = np.concatenate([np.zeros((1, 3), np.uint8), indexed.palette])
    return encode_png(atlas, palette, transparent=0), patches
