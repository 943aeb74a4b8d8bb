"""Long code listings in collapsed blocks (hooks/listings.py): not in the page until opened, then the
same code as a reader without scripts sees, highlighted, and scrollable from the keyboard."""

import asyncio

import probes
import pytest
from playwright.async_api import async_playwright
from site_pages import DOCS, PAGES

pytestmark = pytest.mark.browser

LISTED = [page for page in PAGES if page.source.endswith(".md")
          and "vb-listing" in (DOCS / page.source).read_text(encoding="utf-8")]
BLOCK = "details.vb-listing"
# The listing's state: code elements in the page, highlighted spans, its text, and whether its
# box takes keyboard focus when it scrolls sideways.
READ = f"""() => {{
  const block = document.querySelector('{BLOCK}'), code = block.querySelector('pre > code');
  return {{
    codes: block.querySelectorAll('pre > code').length,
    spans: block.querySelectorAll('pre > code span').length,
    waiting: block.querySelectorAll('noscript').length,
    text: code ? code.textContent : null,
    scrolls: code ? code.scrollWidth > code.clientWidth + 1 : null,
    focusable: code ? code.tabIndex === 0 : null,
  }};
}}"""


async def look(chromium, base_url, page, scripts: bool) -> dict:
    context = await chromium.new_context(**probes.VIEWS["phone"], java_script_enabled=scripts)
    context.set_default_timeout(probes.TIMEOUT_MS)
    tab = await context.new_page()
    errors = []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    try:
        await tab.goto(base_url + page.url, wait_until="load")
        closed = await tab.evaluate(READ)
        await tab.locator(f"{BLOCK} > summary").first.click()  # the first listing, as READ reads
        await tab.wait_for_function(f"document.querySelector('{BLOCK}').open")
        if scripts:  # accessibility.js measures the new box on the next frames
            await tab.wait_for_function(f"document.querySelector('{BLOCK} pre > code')")
            await tab.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        opened = await tab.evaluate(READ)
        return {"closed": closed, "opened": opened, "errors": errors}
    finally:
        await context.close()


async def run_all(base_url) -> dict:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(probes.CHROMIUM), args=probes.FLAGS)
        limit = asyncio.Semaphore(probes.CONCURRENCY)

        async def one(page, scripts):
            async with limit:
                return (page.name, scripts), await look(chromium, base_url, page, scripts)

        done = await asyncio.gather(*(one(page, scripts) for page in LISTED for scripts in (True, False)))
        await chromium.close()
    return dict(done)


@pytest.fixture(scope="module")
def listings(base_url):
    return asyncio.run(run_all(base_url))


def test_every_article_with_figures_has_a_listing():
    assert len(LISTED) >= 10


@pytest.mark.parametrize("name", [page.name for page in LISTED])
def test_a_closed_listing_is_not_in_the_page(listings, name):
    closed = listings[(name, True)]["closed"]
    assert (closed["codes"], closed["spans"], closed["waiting"]) == (0, 0, 1)


@pytest.mark.parametrize("name", [page.name for page in LISTED])
def test_opened_it_shows_the_code_readers_without_scripts_see_highlighted(listings, name):
    with_scripts, without = listings[(name, True)]["opened"], listings[(name, False)]["opened"]
    assert with_scripts["codes"] == 1 and with_scripts["waiting"] == 0
    assert with_scripts["spans"] > 100 and with_scripts["spans"] == without["spans"]
    assert with_scripts["text"] and with_scripts["text"] == without["text"]
    assert listings[(name, True)]["errors"] == [] and listings[(name, False)]["errors"] == []


@pytest.mark.parametrize("name", [page.name for page in LISTED])
def test_an_opened_listing_that_scrolls_takes_keyboard_focus(listings, name):
    opened = listings[(name, True)]["opened"]
    assert opened["focusable"] == opened["scrolls"]
