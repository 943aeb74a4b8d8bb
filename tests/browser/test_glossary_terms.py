"""Glossary terms explain themselves on keyboard focus as well as on hover: each term is marked once
per page, at its first use outside a heading (hooks/glossary_terms.py); that mark takes focus and
shows its definition as the theme's tooltip."""

import probes
import pytest
from site_pages import PAGES

PAGE = next(page for page in PAGES if page.name == "softmax")

READ_TERMS = """() => [...document.querySelectorAll("article abbr[title]")]
    .map((term) => ({title: term.title, focusable: term.tabIndex === 0, text: term.textContent,
                     inHeading: term.closest("h1, h2, h3, h4, h5, h6") !== null}))"""
# The article's running text up to each mark (headings, code, math and figures left out, as the
# abbr extension marks none there), to check that the mark sits on the term's first use.
TEXT_BEFORE = """() => [...document.querySelectorAll("article abbr[title]")].map((term) => {
    const range = document.createRange();
    range.setStartBefore(document.querySelector("article"));
    range.setEndBefore(term);
    const before = range.cloneContents();
    const skipped = "h1, h2, h3, h4, h5, h6, pre, code, math, figure";
    before.querySelectorAll(skipped).forEach((element) => element.remove());
    return before.textContent;
  })"""
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
        for term, before in zip(terms, await tab.evaluate(TEXT_BEFORE), strict=True):
            term["before"] = before
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


def test_each_term_is_marked_once_at_its_first_use_and_takes_keyboard_focus(glossary_run):
    terms, _, _ = glossary_run
    assert len(terms) >= 3, "softmax uses several glossary terms"
    assert len({t["title"] for t in terms}) == len(terms), "a term marked twice"
    for term in terms:
        assert term["focusable"] and not term["inHeading"], term["text"]
        assert term["text"].lower() not in term["before"].lower(), f"{term['text']!r} used before its mark"


def test_a_focused_term_shows_its_definition(glossary_run):
    _, title, shown = glossary_run
    assert title in shown
