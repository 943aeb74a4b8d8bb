"""Every page, at desktop and phone width, in light and dark: loads cleanly, shows its images
and math, fits a phone, and passes axe-core."""

import re

import pytest
from probes import AXE_SKIPS, SCHEMES, VIEWS
from site_pages import NOT_FOUND, PAGES

pytestmark = pytest.mark.browser

ARGS = ("page", "view", "scheme")
CASES = [pytest.param(page, view, scheme, id=f"{page.name}-{view}-{scheme}")
         for page in PAGES for view in VIEWS for scheme in SCHEMES]
PHONE_CASES = [case for case in CASES if case.values[1] == "phone"]
AXE_CASES = [case for case in CASES if tuple(case.values[1:]) in AXE_SKIPS]


@pytest.mark.parametrize(ARGS, CASES)
def test_no_console_errors(visit):
    assert visit.console_errors == []


@pytest.mark.parametrize(ARGS, CASES)
def test_no_failed_requests(visit):
    assert visit.failed_requests == []


@pytest.mark.parametrize(ARGS, CASES)
def test_no_request_leaves_the_local_server(visit):
    assert visit.foreign_requests == []


@pytest.mark.parametrize(ARGS, CASES)
def test_palette_follows_the_readers_colour_scheme(visit, scheme):
    assert visit.state["scheme"] == {"light": "default", "dark": "slate"}[scheme]


@pytest.mark.parametrize(ARGS, CASES)
def test_every_image_decoded_with_alt_text(visit):
    images = visit.state["images"]
    assert [i["src"] for i in images if not (i["alt"] or "").strip()] == [], "images without alt text"
    assert [i["currentSrc"] for i in images if i["visible"] and i["naturalWidth"] == 0] == [], "not decoded"


@pytest.mark.parametrize(ARGS, CASES)
def test_math_typeset_by_katex(visit):
    math = visit.state["math"]
    assert math["errors"] == [], "KaTeX could not typeset these"
    assert math["typeset"] == math["blocks"], "some math was never typeset"
    assert math["leftovers"] == [], "raw TeX left in the visible text"


@pytest.mark.parametrize(ARGS, CASES)
def test_math_has_its_fonts_from_the_first_frame_without_fetching_one(visit):
    """The font scripts in the head gave the page every KaTeX face it draws with: the browser asked for
    no font file, which it does for a face it lacks, and then the math's lines would break anew."""
    assert visit.state["fontFiles"] == []


@pytest.mark.parametrize(ARGS, CASES)
def test_nothing_moves_while_the_page_loads(visit):
    """No layout shift before the reader does anything (Lighthouse's CLS target is 0)."""
    assert visit.state["shifts"] == []


@pytest.mark.parametrize(ARGS, PHONE_CASES)
def test_no_horizontal_overflow_on_a_phone(visit):
    overflow = visit.state["overflow"]
    assert overflow["elements"] == []
    assert overflow["scrollWidth"] <= overflow["width"]


# axe rules this site knowingly does not meet, each with the reason; empty means none.
AXE_EXCEPTIONS: dict[str, str] = {}


def describe(violation) -> str:
    """One axe violation as readable lines: rule, impact, and the first few elements with the reason."""
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:5]:
        reason = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    {' '.join(map(str, node['target']))}: {reason}")
    return "\n".join(lines)


@pytest.mark.parametrize(ARGS, AXE_CASES)
def test_axe_finds_no_violations(visit):
    found = [describe(v) for v in visit.axe_violations if v["id"] not in AXE_EXCEPTIONS]
    assert not found, "axe-core found:\n" + "\n".join(found)


def test_course_walks_through_every_page_with_instant_navigation(course_walk, base_url):
    """Following "Next" from the home page visits the nav in order, math typeset on every page."""
    reached = [step["url"].removeprefix(base_url) for step in course_walk.steps]
    assert reached == [page.url for page in PAGES if page != NOT_FOUND]
    for step in course_walk.steps:
        assert step["instant"], f"{step['url']} was reached by a full page load, not instant navigation"
        assert step["math"]["typeset"] == step["math"]["blocks"], step["url"]
        assert step["math"]["leftovers"] == [], step["url"]
    assert course_walk.console_errors == []
    assert course_walk.failed_requests == []


FONT_SCRIPT = re.compile(r'<script src="[^"]*assets/katex/fonts/([\w-]+)\.js"></script>')


@pytest.mark.parametrize("page", [pytest.param(page, id=page.name) for page in PAGES])
def test_without_javascript_the_math_gets_its_fonts_from_the_stylesheet(without_script, page, built_site):
    """With scripts off, KaTeX's stylesheet fetches each font the math draws with as a WOFF2 file:
    the same fonts, no more and no fewer, that the page's font scripts give it otherwise."""
    file = page.url if page.url.endswith(".html") else f"{page.url}index.html"
    html = (built_site / file).read_text(encoding="utf-8")
    scripted = sorted(FONT_SCRIPT.findall(html))
    assert sorted(name.removesuffix(".woff2") for name in without_script.font_files) == scripted
    assert len(without_script.loaded_faces) == len(scripted)
    assert without_script.failed_requests == [] and without_script.console_errors == []
