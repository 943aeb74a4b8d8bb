"""MkDocs hook: typeset the math at build time as MathML with Temml, so pages carry no math script.

Each page's arithmatex spans and blocks, the math in its table of contents, and any
`$...$` or `$$...$$` still in the text (notebook cells, display math inside a list
item) are rendered by the npm-installed Temml in one Node process per page, in an
arithmatex wrapper, which the theme styles (display math centred, scrolling sideways when
too wide). The browser lays the MathML out itself, and screen readers read it:
nothing is typeset in the browser, so no script runs for it. Each formula is typeset once
per process: a rebuild under `mkdocs serve` reuses what it typeset before.
A TeX error fails the build naming the page.
"""

import html
import json
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
TEMML = ROOT / "node_modules" / "temml" / "dist" / "temml.cjs"
RENDERER = Path(__file__).with_name("math_render.cjs")
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">\s*\\([(\[])(.*?)\\[)\]]\s*</\1>([.,;:!?]*)', re.S)
# Notebook markdown, and display math that arithmatex leaves inside a paragraph, keep TeX between
# dollars; code, preformatted text and scripts keep their dollars.
VERBATIM = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>)", re.S | re.I)
DOLLARS = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$<]+?)(?<![\s\\])\$(?![\w$])", re.S)
TOC_MATH = re.compile(r"\\\((.*?)\\\)", re.S)


def _tex_items(content: str) -> list[tuple[str, bool]]:
    """The (TeX, display) of every arithmatex element, in page order."""
    return [(html.unescape(m.group(3)).strip(), m.group(2) == "[") for m in ARITHMATEX.finditer(content)]


def dollar_math_to_arithmatex(content: str) -> str:
    """Wrap `$$...$$` and `$...$` outside verbatim HTML in arithmatex elements, as the Markdown pages have."""
    parts = VERBATIM.split(content)
    out = []
    for index, part in enumerate(parts):
        if index % 3 == 0:  # text between verbatim elements
            part = DOLLARS.sub(lambda m: (f'<span class="arithmatex">\\[{m.group(1)}\\]</span>' if m.group(1)
                                          else f'<span class="arithmatex">\\({m.group(2)}\\)</span>'), part)
        if index % 3 != 2:  # group 2 repeats the element's tag name
            out.append(part)
    return "".join(out)


_typeset: dict[tuple[str, bool], str] = {}  # (TeX, display) -> Temml's MathML, for this process


def render(items: list[tuple[str, bool]], where: str) -> list[str]:
    """Temml's MathML for each (TeX, display); what this process lacks comes from one Node run."""
    new = sorted(set(items) - _typeset.keys())
    if new:
        if not TEMML.is_file():
            raise PluginError(f"Temml is missing: {TEMML} not found. Run `npm ci` in {ROOT}.")
        done = subprocess.run(["node", str(RENDERER), str(TEMML)], input=json.dumps(new),
                              capture_output=True, text=True, check=False)
        if done.returncode:
            raise PluginError(f"{where}: Temml failed:\n{done.stderr[-2000:]}")
        results = json.loads(done.stdout)
        errors = [f"  {tex!r}: {r['error']}" for (tex, _), r in zip(new, results) if "error" in r]
        if errors:
            raise PluginError(f"{where}: Temml cannot typeset:\n" + "\n".join(errors))
        _typeset.update((item, r["html"]) for item, r in zip(new, results))
    return [_typeset[item] for item in items]


def _toc_links(toc):
    """Every entry of a page's table of contents, depth first."""
    for link in toc:
        yield link
        yield from _toc_links(link.children)


def _typeset_element(rendered):
    """A replacement for an arithmatex element that puts in its typeset math. Punctuation right after
    inline math goes inside its span (site.css keeps the span on one line): the browser may break a
    line after a <math>, and a line should not start with the comma that follows it."""
    def replace(m):
        tag, after = m.group(1), m.group(4)
        if tag == "span":
            return f'<span class="arithmatex">{next(rendered)}{after}</span>'
        return f'<div class="arithmatex">{next(rendered)}</div>{after}'
    return replace


def on_page_content(content, page, config, files):
    """Typeset every formula of the page and of its table of contents."""
    content = dollar_math_to_arithmatex(content)
    links = [link for link in _toc_links(page.toc) if TOC_MATH.search(link.title)]
    titles = [[(html.unescape(m.group(1)).strip(), False) for m in TOC_MATH.finditer(link.title)]
              for link in links]
    items = _tex_items(content)
    if not items and not links:
        return content
    rendered = iter(render(items + [item for found in titles for item in found], page.file.src_uri))
    content = ARITHMATEX.sub(_typeset_element(rendered), content)
    for link in links:
        link.title = TOC_MATH.sub(lambda m: f'<span class="arithmatex">{next(rendered)}</span>', link.title)
    return content
