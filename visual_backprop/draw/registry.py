"""The figure registry: `@figure(name, alt=..., caption=...)` declares one figure of an article."""

import re
from dataclasses import dataclass

__all__ = ["Declaration", "figure", "declarations", "forget"]

NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*")
_REGISTRY = {}


@dataclass(frozen=True)
class Declaration:
    """One declared figure: its name, alt text, caption, and the function that builds its spec."""

    name: str
    alt: str
    caption: str
    build: object
    module: str


def figure(name, *, alt, caption):
    """Register the decorated no-argument function as the figure `name` ("page-slug/figure")."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ValueError(
            f"figure name {name!r} must look like 'page-slug/figure' (lower case, digits, hyphens)")
    for what, text in (("alt", alt), ("caption", caption)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"figure {name!r}: {what} must be a non-empty string")

    def register(func):
        old = _REGISTRY.get(name)
        # The same file imported again (under any module name) redeclares; another file may not.
        if old is not None and old.build.__code__.co_filename != func.__code__.co_filename:
            raise ValueError(f"figure {name!r} is declared twice: in {old.build.__code__.co_filename} "
                             f"and in {func.__code__.co_filename}")
        _REGISTRY[name] = Declaration(name, alt.strip(), caption.strip(), func, func.__module__)
        return func

    return register


def declarations():
    """Every declared figure by name, in name order."""
    return dict(sorted(_REGISTRY.items()))


def forget(module=None):
    """Drop the declarations of `module` (all when None), before re-importing it."""
    for name in [n for n, d in _REGISTRY.items() if module is None or d.module == module]:
        del _REGISTRY[name]
