"""Figures as readers get them: the variant for their colour scheme and no other, the narrow
rendition on a phone, still posters when they ask for reduced motion, and a palette switch that
swaps every figure."""

import pytest
from probes import SCHEMES, VIEWS
from site_pages import PAGES

pytestmark = pytest.mark.browser

FIGURE_PAGES = [page for page in PAGES if page.figures]
ARGS = ("page", "view", "scheme")
CASES = [pytest.param(page, view, scheme, id=f"{page.name}-{view}-{scheme}")
         for page in FIGURE_PAGES for view in VIEWS for scheme in SCHEMES]
LIGHT_CASES = [case for case in CASES if case.values[2] == "light"]
SWITCH_CASES = [case for case in LIGHT_CASES if case.values[1] == "desktop"]
NARROW = "max-width"
REDUCED = "prefers-reduced-motion: reduce"


def shown(figure) -> dict:
    """The one image of a figure the reader sees; fails when none or several are visible."""
    visible = [image for image in figure["images"] if image["visible"]]
    assert len(visible) == 1, f"{figure['name']}: {len(visible)} images visible, want exactly 1"
    return visible[0]


def pictures(figures) -> list[dict]:
    """The figures shown as <picture>s. Where the step player has drawn a frame, its canvas is
    what the reader sees (tests/browser/test_player.py checks it): here, only that no image shows
    beside it. Until then (its atlas loads as it nears the screen) the GIF shows, canvas hidden."""
    for figure in figures:
        if figure["drawn"]:
            assert figure["canvasVisible"], f"{figure['name']}: the player's canvas is not shown"
            assert not any(i["visible"] for i in figure["images"]), f"{figure['name']}: GIF and player"
        else:
            assert not figure["canvasVisible"], f"{figure['name']}: an empty canvas is shown"
    return [figure for figure in figures if not figure["drawn"]]


def source_urls(image, *, narrow: bool, reduced: bool) -> set[str]:
    """The URLs of an image's <source>s for a phone (narrow) or not, with reduced motion or not."""
    return {s["url"] for s in image["sources"]
            if (NARROW in s["media"]) == narrow and (REDUCED in s["media"]) == reduced}


@pytest.mark.parametrize(ARGS, CASES)
def test_the_page_shows_the_figures_its_source_names(visit, page):
    assert [figure["name"] for figure in visit.state["figures"]] == page.figures


@pytest.mark.parametrize(ARGS, CASES)
def test_each_figure_shows_only_the_variant_for_the_scheme(visit, scheme):
    for figure in pictures(visit.state["figures"]):
        image = shown(figure)
        assert image["src"].endswith(f"#only-{scheme}"), figure["name"]
        assert image["naturalWidth"] > 0, f"{figure['name']}: {image['shown']} not decoded"
        others = [i["src"] for i in figure["images"] if not i["src"].endswith(f"#only-{scheme}")]
        assert len(others) == len(SCHEMES) - 1, f"{figure['name']}: one variant per scheme"


@pytest.mark.parametrize(ARGS, CASES)
def test_each_figure_has_alt_text_size_and_caption(visit):
    for figure in visit.state["figures"]:
        assert figure["caption"], f"{figure['name']}: no caption"
        for image in figure["images"]:
            assert (image["alt"] or "").strip(), f"{figure['name']}: no alt text"
            assert image["width"] and image["height"], f"{figure['name']}: no width/height"


@pytest.mark.parametrize(ARGS, CASES)
def test_each_figure_uses_the_rendition_for_the_width(visit, view):
    """A phone gets the narrow layout, a desktop the wide one, each shown near its natural size so
    the text drawn in it keeps the size it was drawn at."""
    for figure in pictures(visit.state["figures"]):
        image = shown(figure)
        narrow = source_urls(image, narrow=True, reduced=False)
        assert narrow, f"{figure['name']}: no narrow rendition"
        on_phone = view == "phone"
        assert (image["shown"] in narrow) == on_phone, f"{figure['name']} on {view}: {image['shown']}"
        scale = image["shownWidth"] / image["naturalWidth"]
        assert scale >= 0.9, f"{figure['name']} on {view}: shown at {scale:.0%} of its drawn size"


@pytest.mark.parametrize(ARGS, CASES)
def test_animations_play_for_readers_who_did_not_ask_for_reduced_motion(visit):
    for figure in pictures(visit.state["figures"]):
        if figure["animated"]:
            assert shown(figure)["shown"].endswith(".gif"), figure["name"]


@pytest.mark.parametrize(ARGS, LIGHT_CASES)
def test_reduced_motion_shows_the_still_posters(visit, view):
    for figure in pictures(visit.reduced_motion):
        image = shown(figure)
        assert image["naturalWidth"] > 0, f"{figure['name']}: {image['shown']} not decoded"
        if figure["animated"]:
            posters = source_urls(image, narrow=view == "phone", reduced=True)
            assert image["shown"] in posters, f"{figure['name']} on {view}: {image['shown']}"
            assert image["shown"].endswith(".png"), figure["name"]


@pytest.mark.parametrize(ARGS, SWITCH_CASES)
def test_switching_the_palette_swaps_every_figure(visit):
    """Pictures show their dark image after the switch, and players (which may have drawn their
    first frame between the two readings) their dark frames."""
    names = [figure["name"] for figure in visit.state["figures"]]
    assert names == [figure["name"] for figure in visit.after_palette_switch]
    for scheme, figures in (("light", visit.state["figures"]), ("dark", visit.after_palette_switch)):
        for figure in figures:
            if figure["drawn"]:
                assert figure["variant"].endswith(f"-{scheme}"), f"{figure['name']}: {figure['variant']}"
    before, after = pictures(visit.state["figures"]), pictures(visit.after_palette_switch)
    for figure in before:
        assert shown(figure)["src"].endswith("#only-light"), figure["name"]
    for figure in after:
        image = shown(figure)
        assert image["src"].endswith("#only-dark"), figure["name"]
        assert image["naturalWidth"] > 0, f"{figure['name']}: {image['shown']} not decoded after the switch"
