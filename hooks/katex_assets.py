"""MkDocs hook: serve KaTeX's stylesheet and fonts from the site itself, straight from the npm package.

Adds node_modules/katex's stylesheet and WOFF2 fonts to the build as generated
files under assets/katex/. The math itself is typeset at build time
(hooks/katex_render.py), so no KaTeX script is shipped. Nothing is copied into
docs/ and nothing is loaded from a CDN.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / "node_modules" / "katex" / "dist"
TARGET = "assets/katex"
FILES = ("katex.min.css",)


def on_files(files, config):
    """Add KaTeX's files; fail with a clear message when npm has not installed them."""
    if not (KATEX / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is missing: {KATEX} not found. Run `npm ci` in {ROOT}.")
    # Modern browsers only ever ask for the WOFF2 fonts, so the older formats stay out.
    names = [*FILES, *(f"fonts/{p.name}" for p in sorted((KATEX / "fonts").glob("*.woff2")))]
    for name in names:
        files.append(File.generated(config, f"{TARGET}/{name}", abs_src_path=str(KATEX / name)))
    return files
