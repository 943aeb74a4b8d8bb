"""The site's pages, read from mkdocs.yml's nav, each with the URL MkDocs gives it."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.utils import yaml_load

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FIGURE_LINE = re.compile(r"^\[\[figure ([^\]\s]+)\]\]\s*$", re.MULTILINE)


@dataclass(frozen=True)
class SitePage:
    """One built page: its source under docs/ ("" for the 404 page) and its URL relative to the site root."""

    source: str
    url: str

    @property
    def name(self) -> str:
        """A short id for test names and screenshot files: "chain-rule", "notebooks-first-engine", "home"."""
        return re.sub(r"\.html$", "", self.url.strip("/")).replace("/", "-") or "home"

    @property
    def figures(self) -> list[str]:
        """The figure names the source embeds with `[[figure NAME]]` lines (notebooks embed none)."""
        if not self.source.endswith(".md"):
            return []
        return FIGURE_LINE.findall((DOCS / self.source).read_text(encoding="utf-8"))


@cache
def config() -> dict:
    """mkdocs.yml as MkDocs itself reads it (its YAML tags included)."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as stream:
        return yaml_load(stream)


def url_for(source: str) -> str:
    """The directory URL MkDocs gives a page source: "a/b.md" -> "a/b/", "a/index.md" -> "a/"."""
    stem = source.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def _sources(nav) -> list[str]:
    """Every local page source in a nav tree, in reading order (external links left out)."""
    if isinstance(nav, str):
        return [] if "://" in nav else [nav]
    if isinstance(nav, dict):
        return [s for value in nav.values() for s in _sources(value)]
    return [s for item in nav for s in _sources(item)]


def nav_pages() -> list[SitePage]:
    """The pages listed in the nav, in reading order."""
    nav = config().get("nav")
    if not nav:
        raise ValueError("mkdocs.yml has no nav: the browser tests find the pages through it")
    return [SitePage(source, url_for(source)) for source in _sources(nav)]


def site_prefix() -> str:
    """The path the site is deployed under, from site_url: "/visual-backprop/"."""
    path = urlsplit(config().get("site_url") or "/").path
    return path if path.endswith("/") else f"{path}/"


NOT_FOUND = SitePage("", "404.html")
PAGES = [*nav_pages(), NOT_FOUND]
