"""MkDocs hook: a glossary term is marked once per page, at its first use in the running text.

The abbr extension (with includes/abbreviations.md appended to every page) wraps every use of every
glossary term in <abbr title="definition">. This hook keeps, of all the terms sharing one definition
("local gradient", "local gradients"), only the first outside a heading, and makes it take keyboard
focus, so its definition shows as the theme's tooltip on hover and on focus alike. Later uses, and
uses in headings, become plain text: fewer underlines to read past, and fewer tooltips for the theme
to set up when the page loads.
"""

import html
import re

ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)
HEADING = re.compile(r"<h([1-6])\b.*?</h\1>", re.S | re.I)


def mark_first_uses(content: str) -> str:
    """The page's HTML with each definition's first use outside headings kept (and focusable),
    every other <abbr> from the abbr extension unwrapped to its text."""
    headings = [match.span() for match in HEADING.finditer(content)]
    seen = set()

    def keep_or_unwrap(match):
        title, text = match.groups()
        in_heading = any(start <= match.start() < end for start, end in headings)
        if in_heading or html.unescape(title) in seen:
            return text
        seen.add(html.unescape(title))
        return f'<abbr title="{title}" tabindex="0">{text}</abbr>'

    return ABBR.sub(keep_or_unwrap, content)


def on_page_content(content, page, config, files):
    return mark_first_uses(content)
