"""Encoding: one shared palette, a GIF that decodes to exactly the quantised frames, a faithful atlas."""

import io

import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from visual_backprop.draw.encode import encode_gif, encode_png, patch_atlas, quantize


def frames(n=6, colours=40, size=(90, 60)):
    """Frames with a moving block, some anti-aliased-like gradients and many distinct colours."""
    rng = np.random.default_rng(7)
    width, height = size
    base = np.full((height, width, 3), 255, np.uint8)
    ramp = np.linspace(0, 255, colours).astype(np.uint8)
    base[5:10, :colours] = np.stack([ramp, 255 - ramp, ramp // 2], axis=1)
    out = []
    for i in range(n):
        frame = base.copy()
        frame[20:30, 5 + 10 * i: 15 + 10 * i] = (0, 114, 178)
        frame[50:55, 70:80] = rng.integers(0, 256, (5, 10, 3), dtype=np.uint8) if i == n - 1 else 0
        out.append(frame)
    return out


def decode(data):
    return [f[..., :3] for f in iio.imread(io.BytesIO(data), index=None, extension=".gif")]


@pytest.mark.parametrize("colours", [40, 2000])
def test_the_gif_decodes_to_exactly_the_quantised_frames(colours):
    source = frames(colours=colours, size=(max(90, colours + 10), 60))
    indexed = quantize(source)
    assert len(indexed.palette) <= 255 and len(np.unique(indexed.palette, axis=0)) == len(indexed.palette)
    if colours == 40:  # few enough colours: nothing is lost
        assert all(np.array_equal(indexed.rgb(i), f) for i, f in enumerate(source))
    data = encode_gif(indexed, [100, 200, 300, 400, 500, 600])
    assert all(np.array_equal(got, indexed.rgb(i)) for i, got in enumerate(decode(data)))


def test_gif_timing_loop_and_one_global_palette():
    indexed = quantize(frames())
    durations = [1230, 2000, 990, 10, 70, 3000]
    data = encode_gif(indexed, durations)
    meta = [iio.immeta(io.BytesIO(data), index=i, extension=".gif") for i in range(6)]
    assert [m["duration"] for m in meta] == durations
    assert iio.immeta(io.BytesIO(data), index=0, extension=".gif")["loop"] == 0
    with Image.open(io.BytesIO(data)) as gif:
        assert gif.palette is not None
        for i in range(1, 6):
            gif.seek(i)
            assert gif.tile[0][1][2:] != (90, 60) or i == 0, "later frames hold only what changed"
    with pytest.raises(ValueError, match="multiples of 10"):
        encode_gif(indexed, [15, 20, 30, 40, 50, 60])


def test_unchanged_pixels_cost_nothing():
    still = [frames()[0]] * 6
    one = encode_gif(quantize(still[:1]), [100])
    six = encode_gif(quantize(still), [100] * 6)
    assert len(six) < len(one) + 6 * 40


def compose(data, patches, size):
    """Each frame as the player draws it: the atlas's patches over the canvas, alpha-blended, in order."""
    atlas = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA")).astype(np.int32)
    assert set(np.unique(atlas[..., 3])) <= {0, 255}, "a pixel is either drawn or left as it was"
    width, height = size
    canvas = np.zeros((height, width, 3), np.int32)
    shown = []
    for frame_patches in patches:
        for sx, sy, w, h, dx, dy in frame_patches:
            piece = atlas[sy: sy + h, sx: sx + w]
            alpha = piece[..., 3:] // 255
            under = canvas[dy: dy + h, dx: dx + w]
            canvas[dy: dy + h, dx: dx + w] = piece[..., :3] * alpha + under * (1 - alpha)
        shown.append(canvas.astype(np.uint8))
    return shown


def test_the_patch_atlas_rebuilds_every_frame():
    indexed = quantize(frames())
    data, patches = patch_atlas(indexed)
    height, width = indexed.indices.shape[1:]
    assert patches[0] == [[0, 0, width, height, 0, 0]]
    for i, shown in enumerate(compose(data, patches, (width, height))):
        assert np.array_equal(shown, indexed.rgb(i)), f"frame {i}"


def test_the_atlas_holds_only_what_changed():
    """A moving block and a far corner that blinks: two small patches, their still pixels transparent."""
    source = [np.full((60, 400, 3), 255, np.uint8) for _ in range(3)]
    source[1][10:20, 10:20] = source[2][10:20, 12:22] = (0, 114, 178)
    source[1][50:55, 380:390] = (213, 94, 0)
    indexed = quantize(source)
    data, patches = patch_atlas(indexed)
    assert [[p[2:] for p in frame] for frame in patches] == [
        [[400, 60, 0, 0]], [[10, 10, 10, 10], [10, 5, 380, 50]], [[12, 10, 10, 10], [10, 5, 380, 50]]]
    atlas = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))
    sx, sy, w, h, *_ = patches[2][0]
    # Frame 2 moved the block 2 px right: only its first two columns and the last two change.
    changed = atlas[sy: sy + h, sx: sx + w, 3] == 255
    assert changed.sum() == 10 * 4 and changed[:, :2].all() and changed[:, -2:].all()
    for i, shown in enumerate(compose(data, patches, (400, 60))):
        assert np.array_equal(shown, source[i]), f"frame {i}"


def test_png_has_no_metadata_and_is_stable():
    indexed = quantize(frames()[:1])
    first = encode_png(indexed.indices[0], indexed.palette)
    assert first == encode_png(indexed.indices[0], indexed.palette)
    with Image.open(io.BytesIO(first)) as png:
        assert not {"tIME", "date:create", "Creation Time"} & set(png.info)
