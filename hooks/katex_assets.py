"""MkDocs hook: serve KaTeX's stylesheet and fonts from the site itself, straight from the npm package.

Adds node_modules/katex's stylesheet, without its @font-face rules, to the build
under assets/katex/, and one small stylesheet per font, assets/katex/fonts/NAME.css,
holding that font's @font-face rule with the WOFF2 file inside it as a data: URL.
A page links the stylesheets of the fonts its math uses (hooks/katex_render.py
lists them), so its fonts arrive with its styles: nothing waits on a font request
after the first paint, and the browser does not hold the page back for preloaded
fonts. The math itself is typeset at build time, so no KaTeX script is shipped.
Nothing is copied into docs/ and nothing is loaded from a CDN.
"""

import base64
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / "node_modules" / "katex" / "dist"
TARGET = "assets/katex"
FACE = re.compile(r"@font-face\{[^}]*\}")
WOFF2 = re.compile(r"url\(fonts/([\w-]+)\.woff2\)")
SOURCES = re.compile(r"src:[^;}]*")


def font_stylesheets(css: str, fonts: Path) -> dict[str, str]:
    """{font name: its @font-face rule from css, with only the WOFF2 file, inlined as a data: URL}."""
    sheets = {}
    for face in FACE.findall(css):
        found = WOFF2.search(face)
        if not found:
            raise PluginError(f"KaTeX's stylesheet has a @font-face rule without a WOFF2 file: {face[:120]}")
        name = found.group(1)
        data = base64.b64encode((fonts / f"{name}.woff2").read_bytes()).decode("ascii")
        # Modern browsers only ever ask for the WOFF2 fonts, so the older formats stay out.
        sheets[name] = SOURCES.sub(f'src:url(data:font/woff2;base64,{data}) format("woff2")', face, count=1)
    return sheets


def on_files(files, config):
    """Add KaTeX's files; fail with a clear message when npm has not installed them."""
    if not (KATEX / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is missing: {KATEX} not found. Run `npm ci` in {ROOT}.")
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    files.append(File.generated(config, f"{TARGET}/katex.min.css", content=FACE.sub("", css)))
    for name, sheet in font_stylesheets(css, KATEX / "fonts").items():
        files.append(File.generated(config, f"{TARGET}/fonts/{name}.css", content=sheet))
    return files
