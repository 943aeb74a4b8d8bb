"""MkDocs hook: put each part of an article in a <section class="vb-section">: the intro, and what
follows each top-level h2 or h3.

site.css gives each part `content-visibility: auto`: the browser styles and lays out only the parts
near the screen. A page of math holds thousands of elements, and the theme's script restyles the
whole document several times as it starts; with the parts off screen skipped, each of those passes
touches the first screen only. The title and the headings stay outside the parts: the theme reads
every heading's position for the table of contents, and a heading inside a skipped part would make
the browser lay that part out to answer.
"""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPEN = '<section class="vb-section">'
CUT_AT = {"h2", "h3"}  # smaller parts: fewer elements laid out around the screen


class _TopLevel(HTMLParser):
    """Offsets of the ends of the top-level </h2> and </h3> tags and of the first top-level </h1>, and
    of the starts of the top-level <h2> and <h3> tags."""

    def __init__(self, content: str):
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in content.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth, self.starts, self.ends, self.h1_end = 0, [], [], None
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
        if self.depth == 0 and tag in CUT_AT:
            self.ends.append(self._offset() + len(f"</{tag}>"))


def split_sections(content: str) -> str:
    """content with its intro (after the title), and what follows each top-level h2 or h3, in sections."""
    found = _TopLevel(content)
    if not found.starts:
        return content
    start = found.h1_end if found.h1_end is not None and found.h1_end <= found.starts[0] else 0
    # Text runs between a heading's end and the next heading's start; headings stay as they are.
    runs = [(start, found.starts[0])]
    runs += [(end, begin) for end, begin in zip(found.ends, [*found.starts[1:], len(content)], strict=True)]
    parts, done = [], 0
    for begin, end in runs:
        parts.append(content[done:begin])
        body = content[begin:end]
        parts.append(f"{OPEN}{body}</section>" if body.strip() else body)
        done = end
    return "".join(parts) + content[done:]


def on_page_content(content, page, config, files):
    return split_sections(content)
