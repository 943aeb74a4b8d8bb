"""MkDocs hook: typeset the math at build time with KaTeX, so pages carry no math script.

Each page's arithmatex spans and blocks, the math in its table of contents, and any
`$...$` or `$$...$$` still in the text (notebook cells, display math inside a list
item) are rendered by the npm-installed KaTeX in one Node process per page, in an
arithmatex wrapper. The HTML is final when it arrives:
nothing is typeset in the browser, so nothing shifts and no script runs for it.
The KaTeX fonts the rendered math needs are listed by name in page.meta["katex_fonts"],
for overrides/main.html to run their scripts (hooks/katex_assets.py).
A TeX error fails the build naming the page.
"""

import functools
import html
import json
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / "node_modules" / "katex" / "dist"
RENDERER = Path(__file__).with_name("katex_render.cjs")
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">\s*\\([(\[])(.*?)\\[)\]]\s*</\1>', re.S)
# Notebook markdown, and display math that arithmatex leaves inside a paragraph, keep TeX between
# dollars; code, preformatted text and scripts keep their dollars.
VERBATIM = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>)", re.S | re.I)
DOLLARS = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$<]+?)(?<![\s\\])\$(?![\w$])", re.S)
CLASSES = re.compile(r'class="([^"]*)"')
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


def render(items: list[tuple[str, bool]], where: str) -> list[str]:
    """KaTeX's HTML for each (TeX, display), from one Node process."""
    if not (KATEX / "katex.js").is_file():
        raise PluginError(f"KaTeX is missing: {KATEX} not found. Run `npm ci` in {ROOT}.")
    done = subprocess.run(["node", str(RENDERER), str(KATEX / "katex.js")], input=json.dumps(items),
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise PluginError(f"{where}: KaTeX failed:\n{done.stderr[-2000:]}")
    results = json.loads(done.stdout)
    errors = [f"  {tex!r}: {r['error']}" for (tex, _), r in zip(items, results) if "error" in r]
    if errors:
        raise PluginError(f"{where}: KaTeX cannot typeset:\n" + "\n".join(errors))
    return [r["html"] for r in results]


@functools.cache
def font_rules() -> tuple[tuple[frozenset, str], ...]:
    """(classes an element needs, font file) for every KaTeX rule that picks a font, from katex.min.css."""
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    faces = {}
    for face in re.findall(r"@font-face\{([^}]*)\}", css):
        decl = dict(re.findall(r"([a-z-]+):([^;]+)", face))
        file = re.search(r"url\(fonts/([\w-]+)\.woff2\)", face).group(1)
        faces[decl["font-family"], decl.get("font-style", "normal"), decl.get("font-weight", "400")] = file
    rules = []
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*font-family:KaTeX_[^{}]*)\}", css):
        decl = dict(re.findall(r"([a-z-]+):([^;]+)", body))
        weight = decl.get("font-weight", "400")
        weight = {"bold": "700", "normal": "400"}.get(weight, weight)
        key = (decl["font-family"].split(",")[0], decl.get("font-style", "normal"), weight)
        if key not in faces:
            continue
        for selector in selectors.split(","):
            last = selector.strip().split(" ")[-1]
            rules.append((frozenset(re.findall(r"\.([\w-]+)", last)), faces[key]))
    return tuple(rules)


def fonts_for(rendered: str) -> list[str]:
    """The KaTeX font files that the rendered math asks for: the main font and every font a rule picks."""
    used = {frozenset(c.split()) for c in CLASSES.findall(rendered)}
    files = {"KaTeX_Main-Regular"}
    files.update(file for needs, file in font_rules() if needs and any(needs <= have for have in used))
    return sorted(files)


def _toc_links(toc):
    """Every entry of a page's table of contents, depth first."""
    for link in toc:
        yield link
        yield from _toc_links(link.children)


def on_page_content(content, page, config, files):
    """Typeset every formula of the page and of its table of contents; note the fonts the page needs."""
    content = dollar_math_to_arithmatex(content)
    links = [link for link in _toc_links(page.toc) if TOC_MATH.search(link.title)]
    titles = [[(html.unescape(m.group(1)).strip(), False) for m in TOC_MATH.finditer(link.title)]
              for link in links]
    items = _tex_items(content)
    page.meta["katex_fonts"] = []
    if not items and not links:
        return content
    # Each formula sits in a plain <span>, as KaTeX's auto-render leaves it: Material's rules for
    # div.arithmatex children (a min-content width, for MathJax) then leave KaTeX's box alone.
    rendered = (f"<span>{formula}</span>" for formula in
                render(items + [item for found in titles for item in found], page.file.src_uri))
    content = ARITHMATEX.sub(lambda m: f'<{m.group(1)} class="arithmatex">{next(rendered)}</{m.group(1)}>',
                             content)
    for link in links:
        link.title = TOC_MATH.sub(lambda m: f'<span class="arithmatex">{next(rendered)}</span>', link.title)
    page.meta["katex_fonts"] = fonts_for(content)
    return content
