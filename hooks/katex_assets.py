"""MkDocs hook: serve KaTeX's stylesheet and fonts from the site itself, straight from the npm package.

The math is typeset at build time (hooks/katex_render.py), so no KaTeX script ships: only the
stylesheet, in KaTeX's own `font-display: swap` build (text shows at once in a fallback face and
takes its font when that arrives), and the WOFF2 fonts it names under assets/katex/. Its rules
also name WOFF and TTF files, which a browser fetches only when it cannot read WOFF2; none that
runs this site's theme is such a browser, so those are left out.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / "node_modules" / "katex" / "dist"
TARGET = "assets/katex"


def on_files(files, config):
    """Add KaTeX's stylesheet and WOFF2 fonts; fail with a clear message when npm has not installed them."""
    stylesheet = KATEX / "katex-swap.min.css"
    if not stylesheet.is_file():
        raise PluginError(f"KaTeX is missing: {KATEX} not found. Run `npm ci` in {ROOT}.")
    files.append(File.generated(config, f"{TARGET}/katex.min.css", abs_src_path=str(stylesheet)))
    for font in sorted((KATEX / "fonts").glob("*.woff2")):
        files.append(File.generated(config, f"{TARGET}/fonts/{font.name}", abs_src_path=str(font)))
    return files
