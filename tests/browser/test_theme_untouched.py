"""The built site serves the theme as installed: its stylesheets and scripts byte for byte, and no
page holds its first frame back for a script or a render-blocking hint."""

from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup
from site_pages import PAGES

THEME_ASSETS = Path(material.__file__).parent / "templates" / "assets"


def html_file(site: Path, page) -> Path:
    return site / (page.url if page.url.endswith(".html") else f"{page.url}index.html")


def test_the_themes_stylesheets_and_scripts_ship_byte_identical(built_site):
    theirs = [p for p in THEME_ASSETS.rglob("*") if p.is_file() and p.suffix in {".css", ".js"}]
    assert theirs, f"no theme assets under {THEME_ASSETS}"
    changed = [str(p.relative_to(THEME_ASSETS)) for p in theirs
               if (built_site / "assets" / p.relative_to(THEME_ASSETS)).read_bytes() != p.read_bytes()]
    assert changed == []


@pytest.mark.parametrize("page", [pytest.param(page, id=page.name) for page in PAGES])
def test_no_script_file_or_render_blocking_hint_in_the_head(built_site, page):
    soup = BeautifulSoup(html_file(built_site, page).read_text(encoding="utf-8"), "html.parser")
    assert [str(s) for s in soup.head.find_all("script", src=True)] == []
    assert [str(el)[:120] for el in soup.find_all(attrs={"blocking": True})] == []
