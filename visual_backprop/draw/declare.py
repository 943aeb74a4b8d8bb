"""Declaring figures: `@figure(name, alt=..., caption=...)` marks a function as one figure of an article.

The declaration is kept on the function itself, so a module's figures are simply
what `declarations(module)` finds in it: there is no registry to reset.
"""

import re
from dataclasses import dataclass

__all__ = ["Declaration", "figure", "declarations"]

NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Declaration:
    """One declared figure: its name, alt text and caption, and the function that builds its spec.

    Alt text and caption are strings, or functions returning them when a figure quotes results
    too costly to compute on import; `alt` and `caption` always give the text. `explore` is the
    explorer expression that builds the same graph (a graph animation's), or None.
    """

    name: str
    alt_text: object
    caption_text: object
    build: object
    module: str
    explore: str | None = None

    @property
    def alt(self):
        return _text(self.name, "alt", self.alt_text)

    @property
    def caption(self):
        return _text(self.name, "caption", self.caption_text)


def _text(name, what, text):
    text = text() if callable(text) else text
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"figure {name!r}: {what} must be a non-empty string, got {text!r:.60}")
    return text.strip()


def figure(name, *, alt, caption, explore=None):
    """Declare the decorated no-argument function as the figure `name` ("page-slug/figure").

    `explore`: for a graph animation, the explorer expression building the same graph, operands
    in the same order; the page then links to the explorer with the figure's own leaf values.
    """
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ValueError(
            f"figure name {name!r} must look like 'page-slug/figure' (lower case, digits, hyphens)")
    for what, text in (("alt", alt), ("caption", caption)):
        if not callable(text):
            _text(name, what, text)
    if explore is not None:
        _text(name, "explore", explore)

    def declare(func):
        func.declaration = Declaration(name, alt, caption, func, func.__module__, explore)
        return func

    return declare


def declarations(*modules):
    """The figures declared in `modules`, by name (discover.declared(package) reads a whole package)."""
    found = {}
    for module in modules:
        for value in vars(module).values():
            declaration = getattr(value, "declaration", None)
            if not isinstance(declaration, Declaration) or declaration.module != module.__name__:
                continue  # not a figure, or one imported from another module
            other = found.get(declaration.name)
            if other is not None and other is not declaration:
                raise ValueError(f"figure {declaration.name!r} is declared twice: in {other.module} "
                                 f"({other.build.__name__}) and in {module.__name__} ({value.__name__})")
            found[declaration.name] = declaration
    return dict(sorted(found.items()))
