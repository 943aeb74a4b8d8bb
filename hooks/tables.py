"""MkDocs hook: ship each table in the theme's scrolling boxes, marked so the theme's script leaves it alone.

Material's script wraps every `table:not([class])` in `div.md-typeset__scrollwrap >
div.md-typeset__table` once it runs, and the wrapped table is laid out differently: on a slow
device the script runs after the first frame, and the table and everything below it move; on
any device the move restyles the table. Here each such table is built already wrapped, with the
class `vb-table`, which the script does not look for. The theme's stylesheet styles tables by
`table:not([class])`; the site serves it with those rules naming `.vb-table` tables too.
"""

import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

TAG = re.compile(r"<(/?)table\b([^>]*)>", re.I)
HAS_CLASS = re.compile(r"\sclass\s*=", re.I)
CLASS = "vb-table"
OPEN = f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="{CLASS}"'
CLOSE = "</div></div>"
THEMES_TABLES = "table:not([class])"
OUR_TABLES = f"table:is(:not([class]),.{CLASS})"
THEMES_SHEET = re.compile(r"assets/stylesheets/main\.\w+\.min\.css")
_renamed: dict[str, str] = {}  # the theme's stylesheet -> the rewritten one, for this build


def wrap_tables(content: str, where: str) -> str:
    """content with each table that has no class (the ones the theme wraps) in the theme's boxes, marked."""
    out, last, stack = [], 0, []
    for tag in TAG.finditer(content):
        if not tag.group(1):
            wrapped = not HAS_CLASS.search(tag.group(2))
            stack.append(wrapped)
            if wrapped:
                out += [content[last:tag.start()], OPEN, tag.group(2), ">"]
                last = tag.end()
        else:
            if not stack:
                raise PluginError(f"{where}: a </table> at character {tag.start()} closes no table")
            if stack.pop():
                out += [content[last:tag.end()], CLOSE]
                last = tag.end()
    if stack:
        raise PluginError(f"{where}: {len(stack)} <table> never closed")
    return "".join(out) + content[last:]


def style_marked_tables(css: str) -> str:
    """The theme's stylesheet with every rule for table:not([class]) applying to .vb-table tables as well."""
    if THEMES_TABLES not in css:
        raise PluginError(f"the theme's stylesheet has no {THEMES_TABLES} rules any more: "
                          f"hooks/tables.py must learn how it styles tables now")
    return css.replace(THEMES_TABLES, OUR_TABLES)


def on_page_content(content, page, config, files):
    return wrap_tables(content, page.file.src_uri)


def on_files(files, config):
    """Serve the theme's main stylesheet with its table rules naming .vb-table tables too, under a name
    with its own content hash, so no cache can mistake it for the theme's file."""
    sheets = [f for f in files if THEMES_SHEET.fullmatch(f.src_uri)]
    if len(sheets) != 1:
        raise PluginError(f"expected one theme stylesheet, {THEMES_SHEET.pattern}: found {len(sheets)}")
    css = style_marked_tables(Path(sheets[0].abs_src_path).read_text(encoding="utf-8"))
    renamed = f"assets/stylesheets/main.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css"
    _renamed.clear()
    _renamed[sheets[0].src_uri] = renamed
    files.remove(sheets[0])
    files.append(File.generated(config, renamed, content=css))
    return files


def _link_renamed(html: str) -> str:
    """html linking the rewritten stylesheet where the theme's template links its own."""
    for old, new in _renamed.items():
        html = html.replace(old, new)
    return html


def on_post_page(output, page, config):
    return _link_renamed(output)


def on_post_template(output_content, template_name, config):
    return _link_renamed(output_content)
