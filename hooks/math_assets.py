"""MkDocs hook: serve the site's one stylesheet, with Temml's rules for MathML and the math font in it.

The math is typeset at build time as MathML (hooks/math_render.py), which the browser lays out
with an OpenType math font. Once every page is written, this hook writes stylesheets/site.css as:
- Temml's stylesheet for STIX Two Math from npm (the rules MathML Core leaves to CSS: column
  alignment, spacing, primes), without its @font-face, which names a file the site does not have;
- STIX Two Math from @fontsource, cut down with fontTools to the characters the built pages' math
  uses (its MATH table and stretchy variants kept) and put in as a WOFF2 data: URL (about 14 KB);
- docs/stylesheets/site.css, the site's own rules.
A font in the stylesheet is there for the first layout of every page: a font file fetched beside
the page could arrive after the math was laid out in a fallback font and move the text around it.
"""

import base64
import hashlib
import html
import io
import re
import unicodedata
from pathlib import Path

import brotli
import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
TEMML_STYLESHEET = ROOT / "node_modules/temml/dist/Temml-STIX2.css"
FONT = ROOT / "node_modules/@fontsource/stix-two-math/files" / "stix-two-math-latin-400-normal.woff"
OWN_STYLESHEET = ROOT / "docs" / "stylesheets" / "site.css"
SERVED = "stylesheets/site.css"
CACHE = ROOT / ".cache" / "math-font"
MATH = re.compile(r"<math\b.*?</math>", re.S)
TAG = re.compile(r"<[^>]*>")
SINGLE_LETTER = re.compile(r"<mi>([^<&]|&[^;]+;)</mi>")
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# Glyphs MathML draws that are not in the text: the radical of a square root, the italic h (Planck's
# constant stands in for it in Unicode), and dotless i and j under accents.
ALWAYS = "√ℎıȷ\U0001d6a4\U0001d6a5"


def italic(letter: str) -> str | None:
    """The mathematical italic form of a Latin or Greek letter (how MathML shows a one-letter <mi>)."""
    name = unicodedata.name(letter, "")
    for script in ("LATIN ", "GREEK "):
        if name.startswith(script) and " LETTER " in name:
            try:
                letter_name = name.removeprefix(script).replace("LETTER ", "")
                return unicodedata.lookup("MATHEMATICAL ITALIC " + letter_name)
            except KeyError:
                return None
    return None


def math_characters(pages) -> set[str]:
    """Every character in the MathML of the given HTML texts, with the italic forms of one-letter
    identifiers and the glyphs in ALWAYS."""
    found = set(ALWAYS)
    for text in pages:
        for formula in MATH.findall(text):
            found |= set(html.unescape(TAG.sub("", formula)))
            letters = (html.unescape(letter) for letter in SINGLE_LETTER.findall(formula))
            found |= {form for letter in letters if (form := italic(letter))}
    return {c for c in found if not c.isspace()}


def math_font(characters: set[str]) -> bytes:
    """STIX Two Math cut down to the characters, as WOFF2; cached in .cache/, as the same inputs give
    the same bytes."""
    source = FONT.read_bytes()
    inputs = repr((sorted(characters), fontTools.version, brotli.version)).encode()
    key = hashlib.sha256(source + inputs).hexdigest()[:16]
    cached = CACHE / f"stix-two-math-{key}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    font = TTFont(io.BytesIO(source))
    options = subset.Options()
    options.layout_features = ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes={ord(c) for c in characters})
    cutter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_bytes(out.getvalue())
    partial.replace(cached)  # never a half-written cache file
    return out.getvalue()


def stylesheet(font: bytes) -> str:
    """Temml's rules without their @font-face, the math font as a data: URL, then the site's own rules."""
    temml, faces = FONT_FACE.subn("", TEMML_STYLESHEET.read_text(encoding="utf-8"))
    if faces != 1:
        raise PluginError(f"{TEMML_STYLESHEET}: expected one @font-face to replace, found {faces}")
    data = base64.b64encode(font).decode("ascii")
    face = ('@font-face {\n  font-family: "STIX Two Math";\n'
            f'  src: url("data:font/woff2;base64,{data}") format("woff2");\n  font-display: optional;\n}}\n')
    return (f"/* Made by hooks/math_assets.py: Temml's rules for MathML, the math font cut down to the\n"
            f"   characters the math uses, then docs/stylesheets/site.css. */\n{temml.strip()}\n\n{face}\n"
            + OWN_STYLESHEET.read_text(encoding="utf-8"))


def on_files(files, config):
    """Check the npm sources; leave docs/stylesheets/site.css out of the copied files (this hook
    writes the served one); fail with a clear message when npm has not installed them."""
    for source in (TEMML_STYLESHEET, FONT):
        if not source.is_file():
            raise PluginError(f"{source} is missing: run `npm ci` in {ROOT}.")
    own = files.get_file_from_path(SERVED)
    if own is not None:
        files.remove(own)
    return files


def on_post_build(config):
    """Write the site's stylesheet, its font cut down to the math on every built page."""
    site = Path(config["site_dir"])
    characters = math_characters(page.read_text(encoding="utf-8") for page in site.rglob("*.html"))
    target = site / SERVED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(stylesheet(math_font(characters)), encoding="utf-8")
