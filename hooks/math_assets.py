"""MkDocs hook: serve the math's stylesheet and font from the site itself, straight from npm packages.

The math is typeset at build time as MathML (hooks/math_render.py), which the browser lays out
with an OpenType math font. The site serves Temml's stylesheet for STIX Two Math as Temml ships
it (the rules MathML Core leaves to CSS: column alignment, spacing, primes) and the whole STIX
Two Math font from @fontsource (its own stylesheet limits the font to Latin letters, which would
leave most of the math to another font, so that one is not used). site.css loads the font.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = ROOT / "node_modules/temml/dist/Temml-STIX2.css"
FONT = ROOT / "node_modules/@fontsource/stix-two-math/files" / "stix-two-math-latin-400-normal.woff2"
SERVED = {"assets/math/temml.css": STYLESHEET, "assets/math/stix-two-math.woff2": FONT}


def on_files(files, config):
    """Add the stylesheet and the font; fail with a clear message when npm has not installed them."""
    for target, source in SERVED.items():
        if not source.is_file():
            raise PluginError(f"{source} is missing: run `npm ci` in {ROOT}.")
        files.append(File.generated(config, target, abs_src_path=str(source)))
    return files
