"""MkDocs hook: make mkdocs-jupyter's notebook pages light, local-only and stable.

On each notebook page it
- removes the template's scripts for MathJax and Mermaid (math is typeset at build
  time; these would load from third-party hosts, or request the page again);
- cuts the inlined JupyterLab stylesheets down to the rules the page's classes can
  match, and the custom properties those rules read (hooks/css_prune.py);
- moves images embedded as data: URIs into files next to the page (added to MkDocs'
  files, which copies them into the site), loaded lazily, with their width and height
  (read by Pillow) so nothing shifts when they arrive.
The build fails if the page would still load anything from another host.
"""

import base64
import hashlib
import io
import re
from pathlib import Path

from css_prune import prune_custom_properties, prune_rules
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OWN_STYLESHEETS = ["docs/stylesheets/site.css"]
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
COMMENT = re.compile(r"<!--\s*(MathJax configuration|End of mathjax configuration)\s*-->")
DATA_IMAGE = re.compile(r'<img\b([^>]*?)\bsrc="data:image/(gif|png|jpeg|webp);base64,([A-Za-z0-9+/=\s]+)"'
                        r"([^>]*)>")
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
# Anything that makes the browser fetch: script/img/source/iframe src, link href, CSS url() and @import.
FETCHES = re.compile(r"""(<(?:script|img|source|iframe|video|audio|embed)\b[^>]*\bsrc=|<link\b[^>]*\bhref=|"""
                     r"""url\(|@import\s)\s*["']?(https?:)?//""", re.I)


def _unwanted_script(attributes: str, body: str) -> bool:
    """MathJax's empty loader and its config, and any script that fetches from elsewhere."""
    loads_elsewhere = re.search(r'\bsrc="(https?:)?//', attributes) or re.search(r"https?://", body)
    return 'src=""' in attributes or "text/x-mathjax-config" in attributes or loads_elsewhere is not None


def strip_scripts(content: str) -> str:
    """The content without the template's MathJax and Mermaid scripts."""
    content = SCRIPT.sub(lambda m: "" if _unwanted_script(m.group(1), m.group(2)) else m.group(0), content)
    return COMMENT.sub("", content)


def page_classes(content: str) -> set[str]:
    """Every class named in the content's class attributes."""
    return {name for value in CLASS_ATTR.findall(content) for name in value.split()}


def prune_styles(content: str) -> str:
    """Each inline stylesheet cut down to what can apply to this page."""
    classes = page_classes(STYLE.sub("", content))
    sheets = [m.group(2) for m in STYLE.finditer(content)]
    pruned = [prune_rules(css, classes) for css in sheets]
    own = "".join((ROOT / path).read_text(encoding="utf-8") for path in OWN_STYLESHEETS)
    elsewhere = STYLE.sub("", content) + own
    pruned = iter(prune_custom_properties(pruned, elsewhere))
    return STYLE.sub(lambda m: f"{m.group(1)}{css}{m.group(3)}" if (css := next(pruned)) else "", content)


def extract_images(content: str, folder: str, add_file) -> str:
    """Hand each data: image to add_file(path, bytes) as a file in folder, and point its <img> there,
    lazily loaded and sized."""

    def replace(match):
        before, kind, payload, after = match.groups()
        data = base64.b64decode(payload)
        name = f"output-{hashlib.sha256(data).hexdigest()[:12]}.{'jpg' if kind == 'jpeg' else kind}"
        add_file(f"{folder}/{name}", data)
        attributes = " " + " ".join(part.strip() for part in (before, after.rstrip("/ ")) if part.strip())
        if "width=" not in attributes and "height=" not in attributes:
            with Image.open(io.BytesIO(data)) as image:
                attributes += f' width="{image.width}" height="{image.height}"'
        if "loading=" not in attributes:
            attributes += ' loading="lazy" decoding="async"'
        return f'<img src="{name}"{attributes}>'

    return DATA_IMAGE.sub(replace, content)


def on_page_content(content, page, config, files):
    """Strip, prune and extract on notebook pages; fail on any fetch from another host."""
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    content = strip_scripts(content)
    content = prune_styles(content)

    def add_file(path, data):
        if not files.get_file_from_path(path):
            files.append(File.generated(config, path, content=data))

    content = extract_images(content, page.file.dest_uri.rsplit("/", 1)[0], add_file)
    found = FETCHES.search(content)
    if found:
        near = content[found.start():found.start() + 160]
        raise PluginError(f"{page.file.src_uri}: the page would load from another host: {near!r}")
    return content
