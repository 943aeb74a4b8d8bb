"""MkDocs hook: put each table in the two boxes the theme's script puts it in, before the page ships.

Material's script wraps every `table:not([class])` in `div.md-typeset__scrollwrap >
div.md-typeset__table` once it runs, and the wrapped table is laid out differently: on a slow
device the script runs after the first frame, and the table and everything below it move.
Built already wrapped, the table has its final layout from the first frame. The script still
wraps it once more; site.css makes that inner pair of boxes lay out as if it were not there.
"""

import re

from mkdocs.exceptions import PluginError

TAG = re.compile(r"<(/?)table\b([^>]*)>", re.I)
HAS_CLASS = re.compile(r"\sclass\s*=", re.I)
OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
CLOSE = "</div></div>"


def wrap_tables(content: str, where: str) -> str:
    """content with each table that has no class attribute (the ones the theme wraps) in the theme's boxes."""
    out, last, stack = [], 0, []
    for tag in TAG.finditer(content):
        if not tag.group(1):
            wrapped = not HAS_CLASS.search(tag.group(2))
            stack.append(wrapped)
            if wrapped:
                out += [content[last:tag.start()], OPEN]
                last = tag.start()
        else:
            if not stack:
                raise PluginError(f"{where}: a </table> at character {tag.start()} closes no table")
            if stack.pop():
                out += [content[last:tag.end()], CLOSE]
                last = tag.end()
    if stack:
        raise PluginError(f"{where}: {len(stack)} <table> never closed")
    return "".join(out) + content[last:]


def on_page_content(content, page, config, files):
    return wrap_tables(content, page.file.src_uri)
