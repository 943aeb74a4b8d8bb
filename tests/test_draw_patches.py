"""Patches for the step player: changed rectangles split at wide unchanged gaps, and shelf packing."""

import numpy as np
import pytest

from visual_backprop.draw.patches import GAP, changed_boxes, runs, shelf_pack


def test_runs_join_short_gaps_and_split_long_ones():
    flags = np.zeros(100, bool)
    flags[[2, 3, 10]] = True  # a gap of 6
    flags[40:45] = True  # a gap of 29 from 10
    assert runs(flags, gap=6) == [(2, 11), (40, 45)]
    assert runs(flags, gap=5) == [(2, 4), (10, 11), (40, 45)]
    assert runs(flags, gap=29) == [(2, 45)]
    assert runs(np.zeros(5, bool)) == []


def test_two_changes_far_apart_on_the_same_rows_are_two_patches():
    before = np.zeros((40, 300), np.uint8)
    after = before.copy()
    after[10:20, 5:15] = 1  # left
    after[12:30, 250:290] = 2  # right, 235 columns away
    assert changed_boxes(before, after) == [(5, 10, 10, 10), (250, 12, 40, 18)]


def test_close_changes_share_a_patch_and_bands_split_by_rows():
    before = np.zeros((200, 100), np.uint8)
    after = before.copy()
    after[0:2, 0:2] = 1
    after[0:2, 2 + GAP: 4 + GAP] = 1  # a gap of exactly GAP columns: joined
    after[100, 50] = 1  # far below: a band of its own
    assert changed_boxes(before, after) == [(0, 0, 4 + GAP, 2), (50, 100, 1, 1)]


def test_each_column_run_is_trimmed_to_the_rows_it_changes():
    before = np.zeros((60, 200), np.uint8)
    after = before.copy()
    after[0:50, 0] = 1  # a tall thin change on the left
    after[20, 150:160] = 1  # a short one on the right, in the same band of rows
    assert changed_boxes(before, after) == [(0, 0, 1, 50), (150, 20, 10, 1)]


def test_boxes_cover_every_change_and_nothing_when_equal():
    rng = np.random.default_rng(3)
    before = rng.integers(0, 4, (80, 120)).astype(np.uint8)
    after = before.copy()
    after[rng.random(before.shape) < 0.01] = 9
    covered = np.zeros(before.shape, bool)
    for x, y, w, h in changed_boxes(before, after):
        covered[y: y + h, x: x + w] = True
    assert np.all(covered[before != after])
    assert changed_boxes(before, before.copy()) == []


def test_shelf_pack_places_tallest_first_in_rows_of_the_given_width():
    places, height = shelf_pack([(30, 5), (60, 10), (50, 8), (20, 5)], width=100, top=7)
    # Tallest first: 60x10 at the left of the first shelf; 50x8 does not fit beside it.
    assert places == [(50, 17), (0, 7), (0, 17), (80, 17)]
    assert height == 7 + 10 + 8
    with pytest.raises(ValueError, match="wider"):
        shelf_pack([(101, 1)], width=100)
