"""Short readable names for the nodes of a traced graph: 'x', '4x', 'a + b', 'tanh(n)', 'u²', or 'v3'.

Pure text: the scenes' captions and the painter's cards both name nodes this way.
"""

import re

from ..format import MINUS, superscript

__all__ = ["names", "op_symbol", "expression", "as_factor", "is_number", "SIMPLE"]

# One symbol or one number: needs no parentheses as a factor.
SIMPLE = re.compile(r"[A-Za-z\u0370-\u03ff][\w\u2080-\u2089'\u0370-\u03ff]*|\d+(\.\d+)?")
_SYMBOLS = {"+": "+", "-": MINUS, "*": "×", "/": "÷", "neg": MINUS, "exp": "exp", "log": "log",
            "tanh": "tanh", "sigmoid": "σ", "relu": "ReLU", "gelu": "GELU", "max": "max"}


def op_symbol(op):
    """The symbol drawn on an operation node: ×, +, tanh, x², ..."""
    if op.startswith("**"):
        power = op[2:]
        return "x" + superscript(power) if re.fullmatch(r"-?\d+", power) else "x^" + power
    return _SYMBOLS.get(op, op)


def as_factor(name):
    """`name` as a factor: in parentheses unless it is one symbol or one number."""
    return name if SIMPLE.fullmatch(name) else f"({name})"


def names(trace):
    """A short readable name for every node: its label, else a small expression of its parents."""
    out, unnamed = {}, 0
    for node in trace.nodes:
        if node.label:
            out[node.id] = node.label
            continue
        expr = expression(node.op, [out[p] for p in node.parents])
        if expr and len(expr) <= 7:
            out[node.id] = expr
        else:
            unnamed += 1
            out[node.id] = f"v{unnamed}"
    return out


def is_number(text):
    """True for a typeset number, maybe negative or in parentheses: '(−3)', '2.5', '1e−6'."""
    return re.fullmatch(r"\(?" + MINUS + r"?\d+(\.\d+)?(e" + MINUS + r"?\d+)?\)?", text) is not None


def expression(op, parts):
    """`parts` combined by `op`: 'a + b', '4x', 'tanh(n)', 'u²'."""
    if op in ("+", "-", "*", "/") and len(parts) == 2:
        a, b = parts
        if op == "*" and is_number(a) and re.fullmatch(r"[A-Za-z\u0370-\u03ff]", b):
            return f"{a}{b}"  # 4x, but 2 × v2
        if op in ("*", "/"):
            a, b = as_factor(a) if not is_number(a) else a, as_factor(b) if not is_number(b) else b
        elif op == "-" and not SIMPLE.fullmatch(b) and not is_number(b):
            b = as_factor(b)
        return f"{a} {_SYMBOLS[op]} {b}"
    if op == "neg":
        return MINUS + as_factor(parts[0])
    if op.startswith("**"):
        return as_factor(parts[0]) + op_symbol(op)[1:]
    if op == "max":
        return f"max({', '.join(parts)})"
    return f"{_SYMBOLS.get(op, op)}({parts[0]})" if parts else ""
