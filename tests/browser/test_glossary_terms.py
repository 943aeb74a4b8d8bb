"""Glossary terms explain themselves on keyboard focus as well as on hover: on every page, the first
use of each term takes focus (overrides/assets/accessibility.js) and shows its definition as the
theme's tooltip; later uses of the same term stay out of the tab order."""

import probes
import pytest
from site_pages import PAGES

PAGE = next(page for page in PAGES if page.name == "softmax")

READ_TERMS = """() => [...document.querySelectorAll("article abbr[title]")]
    .map((term) => ({title: term.title, focusable: term.tabIndex === 0}))"""
SHOWN_TOOLTIPS = """() => [...document.querySelectorAll(".md-tooltip, .md-tooltip2")]
    .filter((tip) => tip.offsetParent && getComputedStyle(tip).opacity !== "0")
    .map((tip) => tip.textContent.trim())"""


async def terms_and_focus(browser, base_url):
    context = await browser.new_context(**probes.VIEWS["desktop"])
    try:
        tab = await context.new_page()
        await tab.goto(base_url + PAGE.url, wait_until="load")
        await tab.wait_for_function("document.querySelector('article abbr[tabindex]') !== null")
        terms = await tab.evaluate(READ_TERMS)
        first = tab.locator("article abbr[tabindex='0']").first
        title = await first.get_attribute("title")  # the theme moves it into its tooltip on focus
        await first.focus()
        await tab.wait_for_timeout(400)  # the theme shows its tooltip after a short delay
        return terms, title, await tab.evaluate(SHOWN_TOOLTIPS)
    finally:
        await context.close()


@pytest.fixture(scope="module")
def glossary_run(chromium, base_url):
    return chromium.run(terms_and_focus(chromium.browser, base_url))


def test_the_first_use_of_each_term_and_only_it_takes_keyboard_focus(glossary_run):
    terms, _, _ = glossary_run
    assert len(terms) > len({t["title"] for t in terms}), "softmax should use some term twice"
    seen = set()
    for term in terms:
        assert term["focusable"] == (term["title"] not in seen), term["title"]
        seen.add(term["title"])


def test_a_focused_term_shows_its_definition(glossary_run):
    _, title, shown = glossary_run
    assert title in shown
