"""MkDocs hook: a long code listing in a collapsed block (`??? info vb-listing "…"`) stays text until opened.

The block's content goes into a <noscript>. Where scripts run, the browser keeps a <noscript>'s
markup as one text node, so the page does not style, lay out and measure the thousands of
highlighted spans of a listing nobody has opened (the theme measures every code block when the
page starts). The inline script in overrides/main.html puts the markup in place the first time
the block opens. Where scripts do not run, the browser shows the <noscript> as ordinary content.
"""

import re

from mkdocs.exceptions import PluginError

MARKER = "vb-listing"
OPENING = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
DETAILS = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
SUMMARY_END = re.compile(r"</summary\s*>", re.IGNORECASE)
CLASSES = re.compile(r"""\bclass\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
OPEN_ATTRIBUTE = re.compile(r"\sopen(?=[\s=/>])", re.IGNORECASE)
QUOTED = re.compile(r"""(["']).*?\1""", re.DOTALL)


def _is_listing(tag: str) -> bool:
    found = CLASSES.search(tag)
    return bool(found) and MARKER in found.group(2).split()


def _closing(content: str, start: int, where: str) -> int:
    """Index of the </details> that closes the block whose content begins at start."""
    depth = 1
    for tag in DETAILS.finditer(content, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start()
    raise PluginError(f"{where}: a {MARKER} block has no closing </details>.")


def defer_listings(content: str, where: str) -> str:
    """content with the body of every closed `details.vb-listing` wrapped in a <noscript>."""
    out, done = [], 0
    for block in OPENING.finditer(content):
        tag = block.group(0)
        # Blocks inside a deferred one were moved with it; an open block is read at once.
        if block.start() < done or not _is_listing(tag) or OPEN_ATTRIBUTE.search(QUOTED.sub("", tag)):
            continue
        summary = SUMMARY_END.search(content, block.end())
        end = _closing(content, block.end(), where)
        if not summary or summary.end() > end:
            raise PluginError(f"{where}: a {MARKER} block needs a title (its <summary>).")
        body = content[summary.end():end]
        if re.search(r"</noscript", body, re.IGNORECASE):
            raise PluginError(f"{where}: a {MARKER} block contains </noscript>, which would end it early.")
        out += [content[done:summary.end()], f'<noscript class="{MARKER}__code">', body, "</noscript>"]
        done = end
    return "".join(out) + content[done:]


def on_page_content(content, page, config, files):
    return defer_listings(content, page.file.src_uri)
