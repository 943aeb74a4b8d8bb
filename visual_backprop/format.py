"""Numbers as a reader expects them: fmt(0.42000001668930054) == '0.42', num(-2.0) == '−2'.

The one home of number formatting: fmt for plain text (notebooks, code output),
num for typeset text (figures, captions, alt text, the articles' quoted numbers),
and the sub- and superscript digits of labels such as W¹₂₁.
"""

import math

__all__ = ["MINUS", "fmt", "num", "operand", "fitted", "subscript", "superscript", "unsubscript"]

MINUS = "\u2212"  # the typeset minus sign, wider than a hyphen
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPT = str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·")
_UNSUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def fmt(x, digits=4, minus="-", places=None):
    """x rounded to `digits` significant digits, without trailing zeros or a '-0'.

    Fixed notation from 1e-5 up to 1e7, scientific outside that range. With
    places=k, exactly k decimals instead (fmt(-0.1966, places=2) == '-0.20').
    Typeset text uses num(), which writes a real minus sign.
    """
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        return str(x).replace("-", minus)
    if places is not None:
        text = f"{x:.{places}f}"
        return (text[1:] if float(text) == 0.0 and text.startswith("-") else text).replace("-", minus)
    if x == 0.0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    if -5 <= exponent < 7:
        text = f"{x:.{max(digits - 1 - exponent, 0)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        mantissa, _, power = f"{x:.{digits - 1}e}".partition("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(power)}"
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", minus)


def num(x, digits=4, places=None):
    """x as figures and pages print it: fmt(x) with a real minus sign, num(-1.5) == '−1.5'."""
    return fmt(x, digits=digits, minus=MINUS, places=places)


def operand(x):
    """num(x) as a factor after an operator: in parentheses when negative, '2 × (−3)'."""
    text = num(x)
    return f"({text})" if text.startswith(MINUS) else text


def fitted(x, fits):
    """num(x) with 4, 3 or 2 significant digits: the most for which fits(text) holds (2 at least)."""
    for digits in (4, 3):
        text = num(x, digits)
        if fits(text):
            return text
    return num(x, 2)


def subscript(text):
    """The digits of `text` as subscripts: subscript(12) == '₁₂'."""
    return str(text).translate(_SUBSCRIPT)


def superscript(text):
    """The digits, minus signs and points of `text` as superscripts: superscript(-2) == '⁻²'."""
    return str(text).translate(_SUPERSCRIPT)


def unsubscript(text):
    """Subscript digits back to plain ones: unsubscript('₁₂') == '12'."""
    return text.translate(_UNSUBSCRIPT)
