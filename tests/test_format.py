"""fmt writes numbers the way the articles quote them."""

import pytest

from visual_backprop.format import fmt


@pytest.mark.parametrize(
    "x, digits, text",
    [
        (0.42000001668930054, 4, "0.42"),
        (6.0, 4, "6"),
        (-12.0, 4, "-12"),
        (0.8813735870195432, 4, "0.8814"),
        (0.9933071490757153, 5, "0.99331"),
        (0.006648056670790033, 4, "0.006648"),
        (-0.19661193324148185, 2, "-0.2"),
        (-1e-12, 4, "-1e-12"),
        (123456789.0, 3, "1.23e8"),
        (0.0, 4, "0"),
        (-0.00001, 1, "-0.00001"),
        (-0.000001, 4, "-1e-6"),
    ],
)
def test_fmt(x, digits, text):
    assert fmt(x, digits) == text


def test_typeset_minus():
    assert fmt(-1.5, minus="\u2212") == "\u22121.5"
    assert fmt(-1e-9, 2, minus="\u2212") == "\u22121e\u22129"


def test_fixed_places_keep_zeros():
    assert fmt(-0.19661193324148185, places=2) == "-0.20"
    assert fmt(0.7310585786300049, places=2) == "0.73"
    assert fmt(-0.001, places=2) == "0.00"
