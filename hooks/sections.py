"""MkDocs hook: put each part of an article in a <section class="vb-section">: the intro, and each
top-level h2 or h3 with what follows it.

site.css gives each part after the first two `content-visibility: auto`: the browser styles and lays
out only the parts near the screen. A page of math holds thousands of elements, and the theme's
script restyles the whole document several times as it starts; with the parts off screen skipped,
each of those passes touches the first screen only. The title stays outside, laid out at once.
"""

from html.parser import HTMLParser
from itertools import pairwise

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPEN = '<section class="vb-section">'
CUT_AT = {"h2", "h3"}  # smaller parts: fewer elements laid out around the screen


class _TopLevel(HTMLParser):
    """Offsets of the top-level <h2> and <h3> start tags, and of the end of the first top-level </h1>."""

    def __init__(self, content: str):
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in content.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth, self.starts, self.h1_end = 0, [], None
        self.feed(content)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0 and tag in CUT_AT:
            self.starts.append(self._offset())
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        pass  # <br/> and the like neither open nor close anything

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and tag == "h1" and self.h1_end is None:
            self.h1_end = self._offset() + len("</h1>")


def split_sections(content: str) -> str:
    """content with its intro (after the title), and each top-level h2 or h3 with what follows, in parts."""
    found = _TopLevel(content)
    if not found.starts:
        return content
    start = found.h1_end if found.h1_end is not None and found.h1_end <= found.starts[0] else 0
    cuts = [start, *found.starts, len(content)]
    parts = [content[:start]]
    for begin, end in pairwise(cuts):
        body = content[begin:end]
        parts.append(f"{OPEN}{body}</section>" if body.strip() else body)
    return "".join(parts)


def on_page_content(content, page, config, files):
    return split_sections(content)
