"""MkDocs hook: serve the math's stylesheet and font from the site itself, made from npm packages.

The math is typeset at build time as MathML (hooks/math_render.py), which the browser lays out
with an OpenType math font. The site serves Temml's stylesheet for STIX Two Math as Temml ships
it (the rules MathML Core leaves to CSS: column alignment, spacing, primes), and STIX Two Math
from @fontsource cut down with fontTools to the characters below (about 100 KB in place of
400 KB; its MATH table, stretchy variants and italic letters kept). A character outside them
is drawn from the reader's own math font. site.css loads the font.
"""

import hashlib
import io
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = ROOT / "node_modules/temml/dist/Temml-STIX2.css"
FONT = ROOT / "node_modules/@fontsource/stix-two-math/files" / "stix-two-math-latin-400-normal.woff"
CACHE = ROOT / ".cache" / "math-font"
# Latin, Greek, punctuation, arrows, operators, brackets, and the bold and italic math letters
# (MathML draws a one-letter identifier from the italic ones).
CHARACTERS = [(0x20, 0x7E), (0xA0, 0xFF), (0x391, 0x3C9), (0x3D1, 0x3D1), (0x3D5, 0x3D6), (0x3F0, 0x3F1),
              (0x3F5, 0x3F5), (0x2000, 0x206F), (0x210E, 0x210E), (0x2190, 0x21FF), (0x2200, 0x23FF),
              (0x27E8, 0x27E9), (0x1D400, 0x1D467), (0x1D6A8, 0x1D71B)]


def math_font() -> bytes:
    """STIX Two Math cut down to CHARACTERS, as WOFF; cached in .cache/, as the same inputs give the
    same bytes."""
    source = FONT.read_bytes()
    key = hashlib.sha256(source + repr((CHARACTERS, fontTools.version)).encode()).hexdigest()[:16]
    cached = CACHE / f"stix-two-math-{key}.woff"
    if cached.is_file():
        return cached.read_bytes()
    font = TTFont(io.BytesIO(source))
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes={code for first, last in CHARACTERS for code in range(first, last + 1)})
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_bytes(out.getvalue())
    partial.replace(cached)  # never a half-written cache file
    return out.getvalue()


def on_files(files, config):
    """Add the stylesheet and the font; fail with a clear message when npm has not installed them."""
    for source in (STYLESHEET, FONT):
        if not source.is_file():
            raise PluginError(f"{source} is missing: run `npm ci` in {ROOT}.")
    files.append(File.generated(config, "assets/math/temml.css", abs_src_path=str(STYLESHEET)))
    files.append(File.generated(config, "assets/math/stix-two-math.woff", content=math_font()))
    return files
