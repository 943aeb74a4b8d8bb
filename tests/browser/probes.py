"""What the browser does for the tests: each probe drives the one shared Chromium and returns plain
data about what it saw; the tests only assert on that data. All probes a test run needs run
together, a few pages at a time, so the suite takes about as long as the slowest pages."""

import asyncio
import contextlib
import inspect
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright
from site_pages import PAGES, SitePage

CHROMIUM = Path("/usr/bin/chromium")
HOST = "127.0.0.1"
# Every host but the local server resolves to nothing, so no test can reach the network.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
]
VIEWS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SCHEMES = ("light", "dark")
# Pages loaded at once: two cores, and Chromium's renderer uses one per busy page.
CONCURRENCY = 3
TIMEOUT_MS = 30_000
INSPECT = Path(__file__).with_name("inspect_page.js").read_text(encoding="utf-8")
MATH_DONE = """() => [...document.querySelectorAll('.arithmatex')]
                     .every(el => el.querySelector('.katex, .katex-error'))"""


@dataclass
class Traffic:
    """Problems seen while a page loaded: console errors, failed requests, requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@dataclass
class Visit(Traffic):
    """One load of a page at one view and scheme: its traffic, its state (inspect_page.js), axe's findings."""

    state: dict = field(default_factory=dict)
    axe_violations: list[dict] = field(default_factory=list)


@dataclass
class PaletteSwitch:
    """A figure page's figures before and after a click on the palette toggle."""

    before: dict
    after: dict


@dataclass
class CourseWalk(Traffic):
    """The pages reached from the home page by following "Next" with instant navigation, and their math."""

    steps: list[dict] = field(default_factory=list)


class Browser:
    """The shared Chromium, the local site's URL, and one browser context per view and scheme."""

    def __init__(self, chromium, base_url: str, screenshots: Path):
        self.chromium = chromium
        self.base_url = base_url
        self.origin = base_url[: base_url.index("/", len("http://"))]
        self.screenshots = screenshots
        self._contexts: dict[tuple, object] = {}
        self._lock = asyncio.Lock()

    async def new_context(self, view: str, scheme: str, **options):
        """A fresh context: no cache, no stored palette choice."""
        context = await self.chromium.new_context(**VIEWS[view], color_scheme=scheme,
                                                  device_scale_factor=1, **options)
        context.set_default_timeout(TIMEOUT_MS)
        return context

    async def shared_context(self, view: str, scheme: str, **options):
        """One context per view, scheme and options, shared like a reader's browser tab shares its cache."""
        key = (view, scheme, *sorted(options.items()))
        async with self._lock:
            if key not in self._contexts:
                self._contexts[key] = await self.new_context(view, scheme, **options)
        return self._contexts[key]

    async def open(self, context, traffic: Traffic):
        """A new tab that records its console errors and requests into traffic."""
        tab = await context.new_page()

        def on_console(message):
            if message.type == "error":
                traffic.console_errors.append(f"{message.text} ({message.location.get('url')})")

        def on_request(request):
            if not request.url.startswith((self.origin + "/", "data:", "blob:", "about:")):
                traffic.foreign_requests.append(request.url)

        def on_response(response):
            if response.status >= 400:
                traffic.failed_requests.append(f"{response.url}: HTTP {response.status}")

        tab.on("console", on_console)
        tab.on("pageerror", lambda error: traffic.console_errors.append(f"uncaught: {error}"))
        tab.on("request", on_request)
        tab.on("requestfailed", lambda r: traffic.failed_requests.append(f"{r.url}: {r.failure}"))
        tab.on("response", on_response)
        return tab

    async def load(self, tab, page: SitePage) -> dict:
        """Go to a page, wait for KaTeX, and return inspect_page.js's reading of it."""
        await tab.goto(self.base_url + page.url, wait_until="load")
        await wait_for_math(tab)
        return await tab.evaluate(INSPECT)


async def wait_for_math(tab, timeout=5000):
    """Wait until KaTeX has typeset every arithmatex block; the math test reports it if that never happens."""
    with contextlib.suppress(PlaywrightError):
        await tab.wait_for_function(MATH_DONE, timeout=timeout)


async def visit(browser: Browser, page: SitePage, view: str, scheme: str) -> Visit:
    """Load the page, read it, run axe-core, and save a full-page screenshot."""
    result = Visit()
    tab = await browser.open(await browser.shared_context(view, scheme), result)
    try:
        result.state = await browser.load(tab, page)
        result.axe_violations = (await Axe().run(tab)).response["violations"]
        await tab.evaluate("window.scrollTo(0, 0)")
        shot = browser.screenshots / f"{page.name}-{view}-{scheme}.png"
        await tab.screenshot(path=str(shot), full_page=True)
    finally:
        await tab.close()
    return result


async def palette_switch(browser: Browser, page: SitePage) -> PaletteSwitch:
    """Load the page in light, click Material's palette toggle, and read the figures on either side."""
    context = await browser.new_context("desktop", "light")
    try:
        tab = await browser.open(context, Traffic())
        before = await browser.load(tab, page)
        await tab.locator("form[data-md-component=palette] label:not([hidden])").click()
        await tab.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        after = await tab.evaluate(INSPECT)
    finally:
        await context.close()
    return PaletteSwitch(before, after)


async def reduced_motion(browser: Browser, page: SitePage, view: str) -> dict:
    """Read the page as a reader who asked for reduced motion sees it."""
    context = await browser.shared_context(view, "light", reduced_motion="reduce")
    tab = await browser.open(context, Traffic())
    try:
        return await browser.load(tab, page)
    finally:
        await tab.close()


async def course_walk(browser: Browser) -> CourseWalk:
    """From the home page, follow each footer "Next" link with Material's instant navigation."""
    result = CourseWalk()
    context = await browser.new_context("desktop", "light")
    try:
        tab = await browser.open(context, result)
        state = await browser.load(tab, PAGES[0])
        result.steps.append({"url": tab.url, "math": state["math"]})
        for _ in PAGES:
            link = tab.locator("a.md-footer__link--next")
            if not await link.count():
                break
            before = tab.url
            await link.click()
            await tab.wait_for_function(f"location.href !== {before!r}")
            await tab.wait_for_load_state("load")
            await wait_for_math(tab)
            state = await tab.evaluate(INSPECT)
            result.steps.append({"url": tab.url, "math": state["math"]})
        # Let the search worker and prefetches finish, so closing the tab aborts nothing.
        await tab.wait_for_load_state("networkidle")
    finally:
        await context.close()
    return result


PROBES = {probe.__name__: probe for probe in (visit, palette_switch, reduced_motion, course_walk)}


def arguments(name: str) -> list[str]:
    """The parameters a probe takes after the browser, which tests supply through parametrize."""
    return list(inspect.signature(PROBES[name]).parameters)[1:]


@dataclass(frozen=True)
class Failed:
    """A probe that raised: its tests fail with this message instead of the whole run stopping."""

    message: str


async def run(base_url: str, screenshots: Path, keys: set[tuple]) -> dict[tuple, object]:
    """Run every probe call in keys, (name, *arguments), a few at a time in one Chromium."""
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        browser = Browser(chromium, base_url, screenshots)
        limit = asyncio.Semaphore(CONCURRENCY)

        async def one(key):
            async with limit:
                try:
                    probe = PROBES[key[0]](browser, *key[1:])
                    return key, await asyncio.wait_for(probe, 3 * TIMEOUT_MS / 1000)
                except (PlaywrightError, TimeoutError) as error:
                    return key, Failed(f"{key[0]}{key[1:]} failed: {error}")

        # The slowest probes first, so the last ones running are the short page loads.
        order = sorted(keys, key=lambda k: (k[0] != "course_walk", k[0] == "visit", str(k)))
        results = dict(await asyncio.gather(*(one(key) for key in order)))
        await chromium.close()
    return results

