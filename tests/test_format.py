"""fmt writes numbers the way the articles quote them."""

import pytest

from visual_backprop.format import MINUS, fitted, fmt, num, operand, subscript, superscript, unsubscript


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
    assert fmt(-1.5, minus="\u2212") == num(-1.5) == "\u22121.5"
    assert fmt(-1e-9, 2, minus="\u2212") == num(-1e-9, 2) == "\u22121e\u22129"
    assert num(-0.19661193324148185, places=2) == MINUS + "0.20"


def test_a_negative_factor_is_parenthesized():
    assert [operand(x) for x in (-3.0, 2.5, 0.0, -0.0)] == [f"({MINUS}3)", "2.5", "0", "0"]


def test_fitted_keeps_the_most_digits_that_fit():
    assert fitted(0.123456, lambda text: True) == "0.1235"
    assert fitted(0.123456, lambda text: len(text) <= 5) == "0.123"
    assert fitted(-0.123456, lambda text: False) == MINUS + "0.12", "two digits even when nothing fits"


def test_sub_and_superscripts():
    assert subscript("W12") == "W₁₂" and unsubscript("₁₂") == "12"
    assert superscript(-2) == "⁻²" and superscript("1.5") == "¹·⁵"


def test_fixed_places_keep_zeros():
    assert fmt(-0.19661193324148185, places=2) == "-0.20"
    assert fmt(0.7310585786300049, places=2) == "0.73"
    assert fmt(-0.001, places=2) == "0.00"
