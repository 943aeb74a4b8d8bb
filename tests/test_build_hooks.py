"""The build hooks that keep pages light: KaTeX at build time, notebook pages stripped and pruned."""

import base64
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the hooks import each other the way MkDocs loads them


def load(name):
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


katex = load("katex_render")
notebook = load("notebook_pages")
css_prune = load("css_prune")
listings = load("listings")
katex_assets = load("katex_assets")
sections = load("sections")
tables = load("tables")
needs_node = pytest.mark.skipif(shutil.which("node") is None or not (katex.KATEX / "katex.js").is_file(),
                                reason="needs node and the npm-installed KaTeX")


def page(src="chain-rule.md", toc=(), dest="chain-rule/index.html"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src, dest_uri=dest), toc=list(toc), meta={})


def link(title, children=()):
    return SimpleNamespace(title=title, children=list(children))


@needs_node
def test_math_is_typeset_in_its_arithmatex_wrapper_and_its_fonts_are_listed():
    html = ('<p>Slope <span class="arithmatex">\\(\\partial y/\\partial x &lt; 3\\)</span>.</p>\n'
            '<div class="arithmatex">\\[\n\\sum_i x_i\n\\]</div>')
    p = page()
    out = katex.on_page_content(html, p, None, None)
    assert "\\(" not in out.replace("<annotation", "").split("annotation>")[0]
    assert out.count('<span class="arithmatex"><span><span class="katex">') == 1
    assert out.count('<div class="arithmatex"><span><span class="katex-display">') == 1
    assert "<annotation encoding=\"application/x-tex\">\\partial y/\\partial x &lt; 3</annotation>" in out
    # ∑ in display style is drawn from Size2; the italic x from Math-Italic.
    assert p.meta["katex_fonts"] == ["KaTeX_Main-Regular", "KaTeX_Math-Italic", "KaTeX_Size2-Regular"]


@needs_node
def test_a_page_without_math_links_no_font():
    p = page()
    assert katex.on_page_content("<p>No math, $5 only.</p>", p, None, None) == "<p>No math, $5 only.</p>"
    assert p.meta["katex_fonts"] == []


@needs_node
def test_math_in_the_table_of_contents_is_typeset_too():
    child = link("Add, then multiply: \\((x + y) \\cdot z\\)")
    p = page(toc=[link("Intro", [child])])
    katex.on_page_content("<p>text</p>", p, None, None)
    assert child.title.startswith('Add, then multiply: <span class="arithmatex"><span><span class="katex">')
    assert "\\(" not in child.title.split("<annotation")[0]


@needs_node
def test_a_tex_error_fails_the_build_naming_the_page():
    with pytest.raises(PluginError, match=r"(?s)chain-rule\.md.*frac\{1\}"):
        katex.on_page_content('<span class="arithmatex">\\(\\frac{1}\\)</span>', page(), None, None)


def test_dollar_math_outside_code_becomes_arithmatex():
    html = ("<p>gradient $\\partial L$ costs $5 and $z_2 &lt; 0$</p><pre><code>$x$</code></pre>"
            "<p>$$\n\\frac{a}{b}\n$$</p><code>$$y$$</code>")
    out = katex.dollar_math_to_arithmatex(html)
    assert '<span class="arithmatex">\\(\\partial L\\)</span>' in out
    assert '<span class="arithmatex">\\(z_2 &lt; 0\\)</span>' in out and "costs $5 and" in out
    assert '<span class="arithmatex">\\[\n\\frac{a}{b}\n\\]</span>' in out
    assert "<pre><code>$x$</code></pre>" in out and "<code>$$y$$</code>" in out


def test_css_keeps_only_rules_whose_classes_the_page_has():
    css = ('@charset "UTF-8";.a{color:red}.b .c{color:blue}.a:not(.zz){margin:0}'
           ".a,.missing{padding:0}@media (max-width:1px){.missing{x:y}.a{x:z}}p{line-height:1}"
           "@keyframes spin{from{opacity:0}}")
    out = css_prune.prune_rules(css, {"a", "c"})
    assert out == ('@charset "UTF-8";.a{color:red}.a:not(.zz){margin:0}.a{padding:0}'
                   "@media (max-width:1px){.a{x:z}}p{line-height:1}@keyframes spin{from{opacity:0}}")


def test_custom_properties_nobody_reads_are_dropped():
    sheets = [".w{--used: 1px;--chain: var(--used);--unused: red;--read-elsewhere: 0}.x{width:var(--chain)}"]
    assert css_prune.prune_custom_properties(sheets, "p{top:var(--read-elsewhere)}") == [
        ".w{--used: 1px;--chain: var(--used);--read-elsewhere: 0}.x{width:var(--chain)}"]


def test_notebook_scripts_that_load_from_elsewhere_or_the_page_itself_are_removed():
    html = ('<script>copy()</script><script src=""> </script><!-- MathJax configuration -->'
            '<script type="text/x-mathjax-config">init()</script>'
            '<script type="module">await import("https://cdn.example/m.mjs")</script><p>kept</p>')
    assert notebook.strip_scripts(html) == "<script>copy()</script><p>kept</p>"


def test_embedded_images_move_to_sized_lazy_files(tmp_path):
    gif = b"GIF89a" + (720).to_bytes(2, "little") + (1642).to_bytes(2, "little") + b"\x00" * 20
    html = f'<img src="data:image/gif;base64,{base64.b64encode(gif).decode()}" alt="the graph" style="x">'
    out = notebook.extract_images(html, tmp_path / "nb")
    (written,) = (tmp_path / "nb").iterdir()
    assert written.read_bytes() == gif
    assert out == (f'<img src="{written.name}" alt="the graph" style="x" width="720" height="1642" '
                   'loading="lazy" decoding="async">')


def test_a_notebook_page_that_would_load_from_another_host_fails_the_build(tmp_path):
    config = SimpleNamespace(site_dir=str(tmp_path))
    nb = page(src="notebooks/x.ipynb", dest="notebooks/x/index.html")
    assert notebook.on_page_content('<p><a href="https://example.org/">a link</a></p>', nb, config, None)
    with pytest.raises(PluginError, match="another host"):
        notebook.on_page_content('<img src="https://example.org/a.png" alt="">', nb, config, None)


@needs_node
def test_display_math_left_in_a_list_item_is_typeset_on_any_page():
    html = "<ol><li>each weight:\n   $$\n   a^{\\top}\n   $$</li></ol>"
    out = katex.on_page_content(html, page(), None, None)
    assert "$$" not in out and '<span class="arithmatex"><span><span class="katex-display">' in out


LISTING = ('<details class="info vb-listing">\n<summary>The code: <code>x.py</code></summary>\n'
           '<div class="highlight"><pre><span></span><code><span class="k">import</span> os\n</code></pre>'
           '</div>\n'
           '</details>')


def test_a_closed_listing_waits_in_a_noscript_and_the_rest_of_the_page_is_untouched():
    before = '<p>before</p><details class="note"><summary>t</summary><p>x</p></details>'
    after = "<p>after</p>"
    out = listings.defer_listings(before + LISTING + after, "p.md")
    opened, rest = out[len(before):].split('<noscript class="vb-listing__code">')
    assert opened == '<details class="info vb-listing">\n<summary>The code: <code>x.py</code></summary>'
    body, tail = rest.split("</noscript>")
    assert body == LISTING.split("</summary>")[1].removesuffix("</details>")
    assert tail == "</details>" + after
    assert out.startswith(before)


def test_an_open_listing_and_other_blocks_stay_as_they_are():
    opened = LISTING.replace('class="info vb-listing"', 'class="info vb-listing" open')
    others = '<details class="info"><summary>t</summary><pre><code>x</code></pre></details>'
    assert listings.defer_listings(opened + others, "p.md") == opened + others


def test_a_block_nested_in_a_listing_moves_with_it():
    inner = '<details class="vb-listing"><summary>inner</summary><p>y</p></details>'
    out = listings.defer_listings(LISTING.replace("</details>", inner + "</details>"), "p.md")
    assert out.count("<noscript") == 1
    assert out.endswith(inner + "</noscript></details>")


@pytest.mark.parametrize(("html", "problem"), [
    (LISTING.replace("import", "&lt;/noscript&gt;</noscript>"), "contains </noscript>"),
    (LISTING.removesuffix("</details>"), "no closing </details>"),
    ('<details class="vb-listing"><p>no title</p></details>', "needs a title"),
])
def test_a_listing_that_cannot_be_deferred_fails_the_build_naming_the_page(html, problem):
    with pytest.raises(PluginError, match=f"tiny-network.md: .*{problem}"):
        listings.defer_listings(html, "tiny-network.md")


BOLD_ITALIC = ("@font-face{font-display:block;font-family:KaTeX_Main;font-style:italic;font-weight:700;"
               'src:url(fonts/KaTeX_Main-BoldItalic.woff2) format("woff2"),'
               'url(fonts/KaTeX_Main-BoldItalic.woff) format("woff")}')
# Runs a font script with a stand-in FontFace and prints what it was given, as JSON.
RUN_FONT_SCRIPT = """
const added = [];
globalThis.window = globalThis;
globalThis.FontFace = function (family, bytes, descriptors) {
  Object.assign(this, {family, bytes: Array.from(bytes), descriptors});
};
globalThis.document = {fonts: {add: (face) => added.push(face)}};
eval(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(added));
"""


def test_the_stylesheet_keeps_each_font_face_with_only_its_woff2_file():
    css = BOLD_ITALIC + ".katex{font:normal 1.21em KaTeX_Main}"
    assert katex_assets.woff2_only(css) == (
        "@font-face{font-display:block;font-family:KaTeX_Main;font-style:italic;font-weight:700;"
        'src:url(fonts/KaTeX_Main-BoldItalic.woff2) format("woff2")}.katex{font:normal 1.21em KaTeX_Main}')


def test_a_font_face_without_a_woff2_file_fails_the_build_showing_the_rule():
    with pytest.raises(PluginError, match=r"without a WOFF2 file: @font-face\{font-family:KaTeX_Odd"):
        katex_assets.woff2_only('@font-face{font-family:KaTeX_Odd;src:url(fonts/Odd.ttf) format("truetype")}')


@needs_node
def test_a_font_script_adds_a_face_made_of_the_files_bytes_with_the_rules_descriptors(tmp_path):
    woff2 = bytes(range(256)) * 3 + b"\x00\xff"
    (tmp_path / "KaTeX_Main-BoldItalic.woff2").write_bytes(woff2)
    files = katex_assets.font_files(BOLD_ITALIC, tmp_path)
    assert list(files) == ["KaTeX_Main-BoldItalic"]
    script, shipped = files["KaTeX_Main-BoldItalic"]
    assert shipped == woff2
    ran = subprocess.run(["node", "-e", RUN_FONT_SCRIPT], input=script,
                         capture_output=True, text=True, check=True)
    descriptors = {"display": "block", "style": "italic", "weight": "700"}
    added = [{"family": "KaTeX_Main", "bytes": list(woff2), "descriptors": descriptors}]
    assert json.loads(ran.stdout) == added


def test_the_installed_katex_gives_every_font_a_script_and_keeps_only_woff2_files():
    css = (katex_assets.KATEX / "katex.min.css").read_text(encoding="utf-8")
    files = katex_assets.font_files(css, katex_assets.KATEX / "fonts")
    fonts = sorted(p.stem for p in (katex_assets.KATEX / "fonts").glob("*.woff2"))
    assert len(files) == 20 and sorted(files) == fonts
    kept = katex_assets.woff2_only(css)
    assert kept.count("@font-face") == 20 and ".woff)" not in kept and ".ttf)" not in kept


def test_an_article_is_cut_at_its_top_level_headings_below_its_title():
    html = ('<h1 id="t">Title</h1>\n<p>intro<br>more</p>\n<h2 id="a">A</h2>\n<p>a</p>\n'
            '<details class="note"><summary>s</summary><h2>inside</h2></details>\n'
            '<h3 id="b">B</h3>\n<p>b</p>\n')
    out = sections.split_sections(html)
    assert out == ('<h1 id="t">Title</h1>'
                   '<section class="vb-section">\n<p>intro<br>more</p>\n</section>'
                   '<section class="vb-section"><h2 id="a">A</h2>\n<p>a</p>\n'
                   '<details class="note"><summary>s</summary><h2>inside</h2></details>\n</section>'
                   '<section class="vb-section"><h3 id="b">B</h3>\n<p>b</p>\n</section>')


def test_a_page_without_top_level_headings_is_left_whole():
    html = '<h1>Title</h1><p>one part</p><details><summary>s</summary><h2>inside</h2></details>'
    assert sections.split_sections(html) == html


def test_a_table_without_a_class_ships_marked_in_the_themes_boxes_and_a_classed_one_stays_bare():
    html = ('<p>x</p><table align="left">\n<tr><td><table class="inner"><tr><td>1</td></tr></table>'
            '</td></tr>\n</table><table class="dataframe"><tr><td>2</td></tr></table>')
    assert tables.wrap_tables(html, "t.md") == (
        '<p>x</p><div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        '<table class="vb-table" align="left">\n<tr><td><table class="inner"><tr><td>1</td></tr></table>'
        '</td></tr>\n</table></div></div><table class="dataframe"><tr><td>2</td></tr></table>')


def test_the_themes_table_rules_also_style_marked_tables():
    css = ".md-typeset table:not([class]) th{min-width:5rem}.md-typeset table.x{color:red}"
    assert tables.style_marked_tables(css) == (
        ".md-typeset table:is(:not([class]),.vb-table) th{min-width:5rem}.md-typeset table.x{color:red}")
    with pytest.raises(PluginError, match=r"no table:not\(\[class\]\) rules any more"):
        tables.style_marked_tables(".md-typeset table{color:red}")


def test_the_installed_themes_stylesheet_styles_tables_the_way_the_hook_expects():
    theme = Path(importlib.util.find_spec("material").origin).parent / "templates"
    sheets = list(theme.glob("assets/stylesheets/main.*.min.css"))
    assert len(sheets) == 1
    css = tables.style_marked_tables(sheets[0].read_text(encoding="utf-8"))
    assert css.count("table:is(:not([class]),.vb-table)") >= 10
    assert "table:not([class])" not in css


@pytest.mark.parametrize(("html", "problem"), [
    ("<table><tr><td>open", "1 <table> never closed"),
    ("<p>x</p></table>", "a </table> at character 8 closes no table"),
])
def test_a_broken_table_fails_the_build_naming_the_page(html, problem):
    with pytest.raises(PluginError, match=f"^training.md: {problem}"):
        tables.wrap_tables(html, "training.md")
