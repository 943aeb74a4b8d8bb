"""Every page, at desktop and phone width, in light and dark: loads cleanly, shows its images
and math, fits a phone, and passes axe-core."""

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
def test_math_typeset_as_mathml(visit):
    math = visit.state["math"]
    assert math["errors"] == [], "Temml could not typeset these"
    assert math["typeset"] == math["blocks"], "some math was never typeset"
    assert math["leftovers"] == [], "raw TeX left in the visible text"


# The most the page may move while it loads, before the reader does anything (issue 13's CLS goal).
CLS_BOUND = 0.02


@pytest.mark.parametrize(ARGS, CASES)
def test_the_page_hardly_moves_while_it_loads(visit):
    """The layout shifts no input caused add up to at most the CLS bound (a page that loads within a
    second has one session window, so their sum is its CLS)."""
    shifts = visit.state["shifts"]
    assert sum(shift["value"] for shift in shifts) <= CLS_BOUND, shifts


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
    # A page may keep its state in the fragment (the playground's address), so only the path counts.
    reached = [step["url"].removeprefix(base_url).partition("#")[0] for step in course_walk.steps]
    assert reached == [page.url for page in PAGES if page != NOT_FOUND]
    for step in course_walk.steps:
        assert step["instant"], f"{step['url']} was reached by a full page load, not instant navigation"
        assert step["math"]["typeset"] == step["math"]["blocks"], step["url"]
        assert step["math"]["leftovers"] == [], step["url"]
    assert course_walk.console_errors == []
    assert course_walk.failed_requests == []
