"""Numbers as a reader expects them: fmt(0.42000001668930054) == '0.42'."""

import math

__all__ = ["fmt"]


def fmt(x, digits=4, minus="-", places=None):
    """x rounded to `digits` significant digits, without trailing zeros or a '-0'.

    Fixed notation from 1e-5 up to 1e7, scientific outside that range. With
    places=k, exactly k decimals instead (fmt(-0.1966, places=2) == '-0.20').
    Pass minus='\u2212' for typeset text such as figure labels.
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
