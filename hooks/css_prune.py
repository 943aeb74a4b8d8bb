"""Cut a stylesheet down to the rules that can match a given page, and the custom properties they use.

A selector is kept when every class it names (outside functional pseudo-classes
such as :not()) occurs on some element of the page; element, attribute and
state selectors are never the reason to drop one. This is for a page whose
classes are fixed when it is built, such as a rendered notebook.
"""

import re

CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
FUNCTIONAL = re.compile(r":[\w-]+\(")
CUSTOM_DECLARATION = re.compile(r"(?<![\w-])(--[\w-]+)\s*:")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
VAR = re.compile(r"var\(\s*(--[\w-]+)")
DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
# At-rules whose block holds rules; others (@font-face, @keyframes, @page) are kept whole.
NESTING = ("@media", "@supports", "@container", "@layer", "@document", "@-moz-document")


def _skip_string(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level statements as (prelude, body); body is None for a statement ending in ';'."""
    out, i, start, depth, prelude = [], 0, 0, 0, ""
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
            continue
        if c == "/" and css.startswith("/*", i):
            i = css.find("*/", i + 2) + 2 or len(css)
            continue
        if c == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[start:i]))
                start = i + 1
        elif c == ";" and depth == 0:
            out.append((css[start:i].strip(), None))
            start = i + 1
        i += 1
    return out


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        depth += DEPTH.get(c, 0)
        if c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return [*parts, prelude[start:]]


def _required_classes(selector: str) -> set[str]:
    """The classes a selector needs, leaving out those inside :not(), :is(), :where() and the like."""
    plain, i = [], 0
    for match in FUNCTIONAL.finditer(selector):
        if match.start() < i:
            continue
        plain.append(selector[i:match.start()])
        depth, j = 1, match.end()
        while j < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        i = j
    plain.append(selector[i:])
    return set(CLASS.findall("".join(plain)))


def _rewrite(css: str, rule, keep_statement=lambda prelude: True) -> str:
    """css with each plain rule's (selectors, body) passed through `rule` (None drops it), inside
    nesting at-rules too; other at-rules are kept whole, bodiless statements where kept."""
    out = []
    for prelude, body in blocks(css):
        if body is None:
            if keep_statement(prelude):
                out.append(prelude + ";")
        elif prelude.startswith(NESTING):
            inner = _rewrite(body, rule, keep_statement)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            rewritten = rule(prelude, body)
            if rewritten:
                out.append(rewritten)
    return "".join(out)


def prune_rules(css: str, classes: set[str]) -> str:
    """The rules of css whose selectors can match an element with the given classes."""
    def matching(prelude, body):
        kept = [s.strip() for s in _split_selectors(prelude) if _required_classes(s) <= classes]
        return f"{','.join(kept)}{{{body.strip()}}}" if kept else None

    return _rewrite(COMMENT.sub("", css), matching, lambda prelude: not prelude.startswith("@import"))


def _declarations(body: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c in "\"'":
            i = _skip_string(body, i)
            continue
        depth += DEPTH.get(c, 0)
        if c == ";" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    return [p for p in [*parts, body[start:]] if p.strip()]


def _drop_custom_properties(css: str, unused: set[str]) -> str:
    def used(prelude, body):
        kept = [d.strip() for d in _declarations(body)
                if not ((m := CUSTOM_DECLARATION.match(d.strip())) and m.group(1) in unused)]
        return f"{prelude}{{{';'.join(kept)}}}" if kept else None

    return _rewrite(css, used)


def prune_custom_properties(sheets: list[str], elsewhere: str = "") -> list[str]:
    """The sheets without declarations of custom properties that nothing reads (not they, nor `elsewhere`)."""
    while True:
        declared = {m for css in sheets for m in CUSTOM_DECLARATION.findall(css)}
        read = {m for css in [*sheets, elsewhere] for m in VAR.findall(css)}
        unused = declared - read
        if not unused:
            return sheets
        sheets = [_drop_custom_properties(css, unused) for css in sheets]
