"""Cut a stylesheet down to the rules that can match a given page, and the custom properties they use.

A selector is kept when every class it names (outside functional pseudo-classes such as :not())
occurs on some element of the page; element, attribute and state selectors are never the reason
to drop one. This is for a page whose classes are fixed when it is built, such as a rendered
notebook. The CSS is read and written with tinycss2.
"""

import itertools
import re

import tinycss2
from tinycss2.ast import AtRule, Declaration, IdentToken, LiteralToken, QualifiedRule

# At-rules whose block holds rules; others (@font-face, @keyframes, @page) are kept whole.
NESTING = {"media", "supports", "container", "layer", "document", "-moz-document"}
VAR = re.compile(r"var\(\s*(--[\w-]+)")


def _selectors(prelude: list) -> list[list]:
    """The prelude's tokens split at its top-level commas: one list per selector."""
    parts = [[]]
    for token in prelude:
        if token == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _required_classes(selector: list) -> set[str]:
    """The classes a selector needs: `.name` at its top level (what sits in :not(...) and the like is
    a function's argument, so never counted)."""
    return {name.value for dot, name in itertools.pairwise(selector)
            if isinstance(dot, LiteralToken) and dot == "." and isinstance(name, IdentToken)}


def _rewrite(rules: list, keep_rule) -> str:
    """The rules serialized, each qualified rule passed through keep_rule (None drops it), nested at-rules
    rewritten inside; other at-rules kept whole, @import dropped (it would load another sheet)."""
    out = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            kept = keep_rule(rule)
            if kept:
                out.append(kept)
        elif isinstance(rule, AtRule):
            if rule.lower_at_keyword == "import":
                continue
            if rule.lower_at_keyword in NESTING and rule.content is not None:
                inner = _rewrite(tinycss2.parse_rule_list(rule.content, skip_comments=True), keep_rule)
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
            else:
                out.append(rule.serialize())
    return "".join(out)


def _parse(css: str) -> list:
    return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)


def prune_rules(css: str, classes: set[str]) -> str:
    """The rules of css whose selectors can match an element with the given classes."""
    def matching(rule):
        kept = [tinycss2.serialize(selector).strip() for selector in _selectors(rule.prelude)
                if _required_classes(selector) <= classes]
        return f"{','.join(kept)}{{{tinycss2.serialize(rule.content).strip()}}}" if kept else None

    return _rewrite(_parse(css), matching)


def _declared(css: str) -> set[str]:
    """The custom properties that css declares, in any rule."""
    names = set()

    def collect(rule):
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if isinstance(item, Declaration) and item.name.startswith("--"):
                names.add(item.name)
        return None

    _rewrite(_parse(css), collect)
    return names


def _drop_custom_properties(css: str, unused: set[str]) -> str:
    def used(rule):
        kept = [item.serialize() for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                              skip_whitespace=True)
                if not (isinstance(item, Declaration) and item.name in unused)]
        return f"{tinycss2.serialize(rule.prelude).strip()}{{{';'.join(kept)}}}" if kept else None

    return _rewrite(_parse(css), used)


def prune_custom_properties(sheets: list[str], elsewhere: str = "") -> list[str]:
    """The sheets without declarations of custom properties that nothing reads (not they, nor `elsewhere`)."""
    while True:
        declared = {name for css in sheets for name in _declared(css)}
        read = {name for css in [*sheets, elsewhere] for name in VAR.findall(css)}
        unused = declared - read
        if not unused:
            return sheets
        sheets = [_drop_custom_properties(css, unused) for css in sheets]

