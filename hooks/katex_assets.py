"""MkDocs hook: serve KaTeX's stylesheet and fonts from the site itself, straight from the npm package.

Adds node_modules/katex's stylesheet and WOFF2 fonts to the build under assets/katex/,
and one small script per font, assets/katex/fonts/NAME.js, that makes that font a
FontFace from its bytes, held inside the script. A page runs the scripts of the fonts
its math uses (hooks/katex_render.py lists them) in its head, before its body is
parsed. A face made from bytes is ready the moment it exists, so the math's first
layout already uses its own fonts: nothing waits for a font, and no line breaks
differently when one arrives. The stylesheet keeps its @font-face rules, reduced to
the WOFF2 file: the browser fetches such a file only for a face no script gave it,
that is without JavaScript, or after instant navigation to a page with a new font.
The math itself is typeset at build time, so no KaTeX script is shipped. Nothing is
copied into docs/ and nothing is loaded from a CDN.
"""

import base64
import json
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
DESCRIPTOR = re.compile(r"font-(family|style|weight|display):([^;}]+)")


def woff2_name(face: str) -> str:
    """The name of the WOFF2 file a @font-face rule points to."""
    found = WOFF2.search(face)
    if not found:
        raise PluginError(f"KaTeX's stylesheet has a @font-face rule without a WOFF2 file: {face[:120]}")
    return found.group(1)


def woff2_only(css: str) -> str:
    """css with every @font-face rule's sources cut down to its WOFF2 file, the one format browsers use."""
    def cut(face):
        source = f'src:url(fonts/{woff2_name(face.group(0))}.woff2) format("woff2")'
        return SOURCES.sub(source, face.group(0), count=1)
    return FACE.sub(cut, css)


def font_script(face: str, woff2: bytes) -> str:
    """A script that adds FontFace(family, woff2) with the rule's style, weight and display to the page."""
    descriptors = dict(DESCRIPTOR.findall(face))
    family = descriptors.pop("family", None)
    if not family:
        raise PluginError(f"KaTeX's stylesheet has a @font-face rule without a font-family: {face[:120]}")
    data = base64.b64encode(woff2).decode("ascii")
    return ("(function (text) {\n"
            "  if (!window.FontFace) return;\n"
            "  var bytes = new Uint8Array(text.length);\n"
            "  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);\n"
            f"  document.fonts.add(new FontFace({json.dumps(family)}, bytes, {json.dumps(descriptors)}));\n"
            f'}})(atob("{data}"));\n')


def font_files(css: str, fonts: Path) -> dict[str, tuple[str, bytes]]:
    """{font name: (the script that adds it, its WOFF2 bytes)} for each @font-face rule in KaTeX's css."""
    files = {}
    for face in FACE.findall(css):
        name = woff2_name(face)
        woff2 = (fonts / f"{name}.woff2").read_bytes()
        files[name] = (font_script(face, woff2), woff2)
    return files


def on_files(files, config):
    """Add KaTeX's files; fail with a clear message when npm has not installed them."""
    if not (KATEX / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is missing: {KATEX} not found. Run `npm ci` in {ROOT}.")
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    files.append(File.generated(config, f"{TARGET}/katex.min.css", content=woff2_only(css)))
    for name, (script, woff2) in font_files(css, KATEX / "fonts").items():
        files.append(File.generated(config, f"{TARGET}/fonts/{name}.js", content=script))
        files.append(File.generated(config, f"{TARGET}/fonts/{name}.woff2", content=woff2))
    return files
