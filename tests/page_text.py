"""The articles as the page tests read them: text, quoted numbers, snippets and figure modules."""

import contextlib
import importlib
import io
import math
import re
from pathlib import Path

import pytest

from visual_backprop.format import fmt

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FIGURES = ROOT / "scripts" / "figures"
SNIPPET = re.compile(r"```python\n((?:(?!```).)*)```\s*prints\s*```text\n(.*?)```", re.S)


def sci(x, digits=2):
    """'7.9 \\times 10^{-11}': x in the page's scientific notation, its mantissa through fmt."""
    exponent = math.floor(math.log10(abs(x)))
    mantissa = x / 10 ** exponent
    if float(fmt(mantissa, digits=digits)) >= 10:  # 9.96 rounds up to 10
        exponent, mantissa = exponent + 1, mantissa / 10
    return f"{fmt(mantissa, digits=digits)} \\times 10^{{{exponent}}}"


def bmatrix(rows):
    """A LaTeX bmatrix of fmt'd entries, rows split by \\\\, as the pages typeset them."""
    body = r" \\ ".join(" & ".join(fmt(v) for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def page(name):
    """The Markdown source of docs/<name>.md."""
    return (DOCS / f"{name}.md").read_text(encoding="utf-8")


def split_questions(text):
    """(the page without its "Predict, then check" section, that section): tests/test_predict_then_check.py
    checks the section's numbers, so the other page tests sweep only the rest."""
    end = r'(?=^## |^!!! info "The code behind|\Z)'
    match = re.search(r"^## Predict, then check\n.*?" + end, text, re.S | re.M)
    if not match:
        return text, ""
    return text[:match.start()] + text[match.end():], match.group(0)


def flat(text):
    """`text` with every run of white space, line breaks included, folded to one space."""
    return " ".join(text.split())


class Quotes:
    """Checks the phrases a page must contain and keeps them, so the leftover sweep can remove them."""

    def __init__(self, name):
        self.name = name
        self.text = flat(page(name))
        self.found = []

    def __call__(self, template, *values, **fmt_args):
        """`template` with each {} filled by a value (floats through fmt) must stand in the page."""
        phrase = flat(template.format(*(fmt(v, **fmt_args) if isinstance(v, float) else v for v in values)))
        assert phrase in self.text, f"docs/{self.name}.md should contain {phrase!r}"
        self.found.append(phrase)

    def source(self):
        """The Markdown this object sweeps: the page without its questions."""
        return split_questions(page(self.name))[0]

    def leftover_decimals(self):
        """Decimal numbers in the prose that no quoted phrase covers (code, figures and links aside)."""
        text = self.source()
        text = re.sub(r"```.*?```", " ", text, flags=re.S)
        text = re.sub(r"`[^`\n]*`", " ", text)
        text = re.sub(r"^\s*--8<--.*$", " ", text, flags=re.M)
        text = re.sub(r"\]\([^)]*\)", "]", text)
        text = re.sub(r'href="[^"]*"', " ", text)  # links written as HTML (the playground's addresses)
        text = flat(text)
        for phrase in sorted(self.found, key=len, reverse=True):
            text = text.replace(phrase, " ")
        return re.findall(r"\d+\.\d+", text)


def assert_quoted(name, template, *values, **fmt_args):
    """One phrase, e.g. r"$\\partial f/\\partial x = {}$" with every value through fmt, is in the page."""
    Quotes(name)(template, *(fmt(v, **fmt_args) for v in values))


def assert_last_snippet_prints_what_it_says(name):
    """The page's last ```python block, run, prints exactly the ```text block after its `prints`."""
    found = SNIPPET.findall(page(name))
    assert found, f"docs/{name}.md has no runnable snippet with its output"
    code, shown = found[-1]
    assert "visual_backprop" in code, f"docs/{name}.md: the last snippet does not use visual_backprop"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, f"docs/{name}.md", "exec"), {})
    assert printed.getvalue() == shown, (
        f"docs/{name}.md: the snippet prints {printed.getvalue()!r}, the page says {shown!r}")


def figure_module(module):
    """The site's figure module scripts/figures/<module>.py, imported as the build does."""
    pytest.importorskip("visual_backprop.draw")
    return importlib.import_module(f"article_figures.{module}")


def code_page_name(name):
    """The name of the page under docs/code/ that shows docs/<name>.md's figure module."""
    return "home" if name == "index" else name


def assert_page_shows_its_figure_code(name, module):
    """docs/<name>.md links to its code page, which includes scripts/figures/<module>.py (a file that
    exists), and the code page links back."""
    code = code_page_name(name)
    assert f"(code/{code}.md)" in page(name), f"docs/{name}.md does not link to docs/code/{code}.md"
    assert f'--8<-- "scripts/figures/{module}.py"' in page(f"code/{code}"), (
        f"docs/code/{code}.md does not show {module}.py")
    assert f"(../{name}.md)" in page(f"code/{code}"), f"docs/code/{code}.md does not link to docs/{name}.md"
    assert (FIGURES / f"{module}.py").is_file()


def embedded_figures(name, module, at_least=1):
    """The figures docs/<name>.md embeds, each declared by <module> with a caption and numbers in its alt."""
    from visual_backprop.draw import declarations

    declared = declarations(figure_module(module))
    embedded = re.findall(r"^\[\[figure ([\w/-]+)\]\]$", page(name), re.M)
    assert len(embedded) >= at_least, f"docs/{name}.md embeds too few figures"
    for figure_name in embedded:
        assert figure_name in declared, f"docs/{name}.md embeds undeclared figure {figure_name}"
        assert declared[figure_name].caption and re.search(r"\d", declared[figure_name].alt)
    return [declared[f] for f in embedded]


class Questions(Quotes):
    """Quotes over the page's "Predict, then check" section alone."""

    def __init__(self, name):
        super().__init__(name)
        self.text = flat(self.source())

    def source(self):
        return split_questions(page(self.name))[1]
