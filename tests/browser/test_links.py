"""No broken internal link or anchor anywhere in the built site, notebook pages included: every
href and src that stays on the site names a file that exists, and every #fragment an id on it."""

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from site_pages import config, nav_pages, site_prefix

# Attributes that hold one URL, and the one that holds a list of them.
URL_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src",
                  "source": "src", "iframe": "src", "video": "src", "audio": "src", "track": "src"}
LOCAL = "http://site.local"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def anchors(path: Path) -> frozenset[str]:
    """The fragments a page can be linked to: its ids, and the names of its <a> elements."""
    soup = parse(path)
    names = [a["name"] for a in soup.find_all("a", attrs={"name": True})]
    return frozenset([el["id"] for el in soup.find_all(id=True)] + names)


def urls(soup: BeautifulSoup):
    """Every (tag, url) a page refers to, srcset candidates included."""
    for tag, attribute in URL_ATTRIBUTES.items():
        for el in soup.find_all(tag, attrs={attribute: True}):
            yield tag, el[attribute]
    for el in soup.find_all(["img", "source"], attrs={"srcset": True}):
        for candidate in el["srcset"].split(","):
            if candidate.strip():
                yield el.name, candidate.split()[0]


def target(site: Path, page_url: str, url: str) -> tuple[Path, str] | None:
    """The file and fragment a link on the page at page_url resolves to; None when it leaves the site."""
    deployed = config().get("site_url") or ""
    if deployed and url.startswith(deployed):
        url = LOCAL + site_prefix() + url[len(deployed):]
    absolute = urljoin(page_url, url)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != LOCAL:
        return None
    path = unquote(parts.path)
    if not path.startswith(site_prefix()):
        return site / "__outside_the_site__", parts.fragment
    file = site / path[len(site_prefix()):]
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


EXPLORER = "playground/index.html"  # its fragment is "#expr=…&a=2", read by its script
TRAIN = "train/index.html"  # its fragment is "#data=…&layers=…&epoch=…", read by its script


def broken_links(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        page_url = LOCAL + site_prefix() + relative.removesuffix("index.html")
        for tag, url in urls(parse(page)):
            if url.startswith(("mailto:", "javascript:", "data:")) or url in ("", "#"):
                continue
            resolved = target(site, page_url, url)
            if resolved is None:
                continue
            file, fragment = resolved
            if not file.is_file():
                problems.append(f"{relative}: <{tag}> {url} -> missing file")
            elif fragment.startswith("expr=") and file == site / EXPLORER:
                continue  # the explorer's address (expression and values), not an anchor
            elif fragment.startswith("data=") and file == site / TRAIN:
                continue  # the training playground's address, not an anchor
            elif fragment and file.suffix == ".html" and fragment not in anchors(file):
                problems.append(f"{relative}: <{tag}> {url} -> no #{fragment} on {file.relative_to(site)}")
    return problems


def test_no_broken_internal_links_or_anchors(built_site):
    assert broken_links(built_site) == []


def test_the_sitemap_lists_exactly_the_nav_pages(built_site):
    """Pages the browser tests visit come from the nav; the sitemap shows none was built outside it."""
    locs = ElementTree.parse(built_site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")
    listed = sorted(loc.text.strip().removeprefix(config()["site_url"]) for loc in locs)
    assert listed == sorted(page.url for page in nav_pages())


@pytest.mark.parametrize("bad", ["missing/", "chain-rule/#no-such-anchor"])
def test_the_link_check_catches_a_broken_link(tmp_path, bad):
    """The checker itself: a page with a broken link or anchor is reported."""
    (tmp_path / "index.html").write_text(f'<a href="{bad}">x</a>', encoding="utf-8")
    (tmp_path / "chain-rule").mkdir()
    (tmp_path / "chain-rule" / "index.html").write_text('<h2 id="real">y</h2>', encoding="utf-8")
    assert broken_links(tmp_path) == [f"index.html: <a> {bad} -> " + (
        "missing file" if bad == "missing/" else "no #no-such-anchor on chain-rule/index.html")]
