"""The build hooks that keep pages light: math typeset at build time, notebook pages stripped and pruned."""

import base64
import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import css_prune
import glossary_terms
import math_assets
import math_render as math
import notebook_pages as notebook
import pytest
from fontTools.ttLib import TTFont
from mkdocs.exceptions import PluginError
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
needs_node = pytest.mark.skipif(shutil.which("node") is None or not math.TEMML.is_file(),
                                reason="needs node and the npm-installed Temml")


def page(src="chain-rule.md", toc=(), dest="chain-rule/index.html"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src, dest_uri=dest), toc=list(toc), meta={})


def link(title, children=()):
    return SimpleNamespace(title=title, children=list(children))


@needs_node
def test_math_is_typeset_in_its_arithmatex_wrapper():
    html = ('<p>Slope <span class="arithmatex">\\(\\partial y/\\partial x &lt; 3\\)</span>.</p>\n'
            '<div class="arithmatex">\\[\n\\sum_i x_i\n\\]</div>')
    p = page()
    out = math.on_page_content(html, p, None, None)
    assert "\\(" not in out and "\\[" not in out
    assert out.count('<span class="arithmatex"><math>') == 1
    assert out.count('<div class="arithmatex"><math display="block"') == 1
    assert "<mo>&lt;</mo><mn>3</mn>" in out and "<munder><mo movablelimits=\"false\">∑</mo>" in out


@needs_node
def test_punctuation_after_inline_math_stays_with_it():
    html = ('<p>so <span class="arithmatex">\\(x = 1\\)</span>, then '
            '<span class="arithmatex">\\(y\\)</span> is</p>')
    out = math.on_page_content(html, page(), None, None)
    assert out.startswith('<p>so <span class="arithmatex"><math>') and "</math>,</span> then " in out
    assert "</math></span> is</p>" in out


def test_a_page_without_math_is_left_as_it_is():
    assert math.on_page_content("<p>No math, $5 only.</p>", page(), None, None) == "<p>No math, $5 only.</p>"


@needs_node
def test_a_formula_typeset_once_is_not_sent_to_node_again(monkeypatch):
    first = math.render([("a^2 + b_{17}", False)], "x.md")
    monkeypatch.setattr(math.subprocess, "run", lambda *a, **k: pytest.fail("Temml ran again"))
    assert math.render([("a^2 + b_{17}", False)], "y.md") == first


@needs_node
def test_math_in_the_table_of_contents_is_typeset_too():
    child = link("Add, then multiply: \\((x + y) \\cdot z\\)")
    p = page(toc=[link("Intro", [child])])
    math.on_page_content("<p>text</p>", p, None, None)
    assert child.title.startswith('Add, then multiply: <span class="arithmatex"><math>')
    assert "\\(" not in child.title


@needs_node
def test_a_tex_error_fails_the_build_naming_the_page():
    with pytest.raises(PluginError, match=r"(?s)chain-rule\.md.*frac\{1\}"):
        math.on_page_content('<span class="arithmatex">\\(\\frac{1}\\)</span>', page(), None, None)


def test_dollar_math_outside_code_becomes_arithmatex():
    html = ("<p>gradient $\\partial L$ costs $5 and $z_2 &lt; 0$</p><pre><code>$x$</code></pre>"
            "<p>$$\n\\frac{a}{b}\n$$</p><code>$$y$$</code>")
    out = math.dollar_math_to_arithmatex(html)
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


def test_embedded_images_become_sized_lazy_files_of_the_site():
    buffer = io.BytesIO()
    Image.new("P", (72, 164)).save(buffer, "GIF")
    gif = buffer.getvalue()
    html = f'<img src="data:image/gif;base64,{base64.b64encode(gif).decode()}" alt="the graph" style="x">'
    added = {}
    out = notebook.extract_images(html, "notebooks/nb", lambda path, data: added.setdefault(path, data))
    ((path, data),) = added.items()
    assert data == gif and path.startswith("notebooks/nb/output-") and path.endswith(".gif")
    assert out == (f'<img src="{path.rsplit("/", 1)[1]}" alt="the graph" style="x" width="72" height="164" '
                   'loading="lazy" decoding="async">')


def test_a_notebook_pages_images_go_through_mkdocs_files(tmp_path):
    from mkdocs.structure.files import Files

    config = SimpleNamespace(site_dir=str(tmp_path / "site"), use_directory_urls=True,
                             plugins=SimpleNamespace(_current_plugin="hooks/notebook_pages"))
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2)).save(buffer, "PNG")
    html = f'<p><img src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}" alt="x"></p>'
    files = Files([])
    nb = page(src="notebooks/x.ipynb", dest="notebooks/x/index.html")
    notebook.on_page_content(html + html, nb, config, files)
    ((added),) = list(files)
    assert added.dest_uri.startswith("notebooks/x/output-") and added.content_bytes == buffer.getvalue()
    assert not (tmp_path / "site").exists()


def test_a_notebook_page_that_would_load_from_another_host_fails_the_build(tmp_path):
    config = SimpleNamespace(site_dir=str(tmp_path))
    nb = page(src="notebooks/x.ipynb", dest="notebooks/x/index.html")
    assert notebook.on_page_content('<p><a href="https://example.org/">a link</a></p>', nb, config, None)
    with pytest.raises(PluginError, match="another host"):
        notebook.on_page_content('<img src="https://example.org/a.png" alt="">', nb, config, None)


@needs_node
def test_display_math_left_in_a_list_item_is_typeset_on_any_page():
    html = "<ol><li>each weight:\n   $$\n   a^{\\top}\n   $$</li></ol>"
    out = math.on_page_content(html, page(), None, None)
    assert "$$" not in out and '<span class="arithmatex"><math display="block"' in out


def test_the_site_serves_one_stylesheet_with_temmls_rules_and_the_math_font_cut_down_to_its_math(
        tmp_path, monkeypatch):
    monkeypatch.setattr(math_assets, "CACHE", tmp_path / "cache")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        '<p><math><mi>x</mi><mo>=</mo><mfrac><mrow><mo>∂</mo><mi>α</mi></mrow><mn>2</mn></mfrac></math> '
        "and plain text with q and €</p>", encoding="utf-8")
    (site / "index.html").write_text("<math><msqrt><mi>Φ</mi></msqrt><mo>&lt;</mo></math>", encoding="utf-8")
    math_assets.on_post_build({"site_dir": str(site)})
    css = (site / "stylesheets" / "site.css").read_text(encoding="utf-8")
    temml = css.index(".tml-right {")
    face = css.index('src: url("data:font/woff2;base64,')
    own = css.index(".vb-player__bar {")
    assert temml < face < own, "Temml's rules, then the font, then ours (our math rule names the font)"
    assert css.count("@font-face") == 1 and "STIXTwoMath.woff2" not in css
    data = css[face:].split("base64,", 1)[1].split('"', 1)[0]
    woff2 = base64.b64decode(data)
    assert woff2.startswith(b"wOF2") and len(woff2) < len(math_assets.FONT.read_bytes()) / 5
    cmap = TTFont(io.BytesIO(woff2)).getBestCmap()
    font = TTFont(io.BytesIO(woff2))
    assert "MATH" in font
    assert all(ord(c) in cmap for c in "x=∂α2Φ<√")
    assert 0x1D465 in cmap and 0x1D6FC in cmap  # 𝑥 and 𝛼: how MathML shows a one-letter <mi>
    assert ord("q") not in cmap and ord("€") not in cmap  # outside the math
    cached = list((tmp_path / "cache").iterdir())
    assert cached and math_assets.math_font(math_assets.math_characters([""])) != woff2
    assert len(list((tmp_path / "cache").iterdir())) == 2  # each character set cached once


def test_the_served_stylesheet_replaces_the_copied_source():
    config = SimpleNamespace(site_dir="site", use_directory_urls=True, docs_dir=str(ROOT / "docs"))
    from mkdocs.structure.files import File, Files

    source = File("stylesheets/site.css", str(ROOT / "docs"), "site", True)
    files = math_assets.on_files(Files([source]), config)
    assert files.get_file_from_path("stylesheets/site.css") is None


def test_a_glossary_term_is_marked_once_at_its_first_use_outside_headings():
    local = '<abbr title="The derivative of one op&quot;s output.">'
    html = (f'<h2 id="a">Each {local}local gradient</abbr></h2>\n'
            f'<p>A {local}local gradients</abbr> and a <abbr title="Other.">seed</abbr>.</p>\n'
            f'<p>Again a {local}local gradient</abbr>, a <abbr title="Other.">seed</abbr>.</p>')
    out = glossary_terms.mark_first_uses(html)
    assert out == ('<h2 id="a">Each local gradient</h2>\n'
                   f'<p>A {local[:-1]} tabindex="0">local gradients</abbr> and a '
                   '<abbr title="Other." tabindex="0">seed</abbr>.</p>\n'
                   '<p>Again a local gradient, a seed.</p>')
