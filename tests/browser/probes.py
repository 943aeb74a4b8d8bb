"""What the browser does for the tests: each probe drives the one shared Chromium and returns plain
data about what it saw; the tests only assert on that data. All probes a test run needs run
together, a few pages at a time, so the suite takes about as long as the slowest pages."""

import asyncio
import contextlib
import inspect
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright
from site_pages import PAGES, SitePage, config

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
# axe-core runs where it can find something new: in both schemes at desktop width (colours), and
# once at phone width (layout: what scrolls, what wraps). The phone uses the desktop's colours,
# so color-contrast, axe's slowest rule by far, is left out there; the phone in dark adds nothing.
AXE_SKIPS = {("desktop", "light"): [], ("desktop", "dark"): [], ("phone", "light"): ["color-contrast"]}
# Pages loaded at once: two cores, and Chromium's renderer uses one per busy page.
CONCURRENCY = 3
TIMEOUT_MS = 30_000
INSPECT = Path(__file__).with_name("inspect_page.js").read_text(encoding="utf-8")
PLAYERS_DARK = """() => [...document.querySelectorAll('.vb-figure--drawn canvas')]
                        .every(canvas => canvas.dataset.variant.endsWith('-dark'))"""
MATH_DONE = """() => [...document.querySelectorAll('.arithmatex')]
                     .every(el => el.querySelector('math, .temml-error'))"""


@dataclass
class Traffic:
    """Problems seen while a page loaded: console errors, failed requests, requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    # Closing a tab drops its viewport, which starts (and aborts) requests for the narrow images:
    # those belong to the test harness, not the page, so recording stops before the tab closes.
    listening: bool = field(default=True, repr=False)

    # Failures that are no fault of the page's (see CourseWalk).
    ignored_failures: tuple = field(default=(), repr=False)

    def record(self, kind: str, text: str):
        if kind == "failed_requests" and any(text.endswith(ending) for ending in self.ignored_failures):
            return
        if self.listening:
            getattr(self, kind).append(text)


@dataclass
class Visit(Traffic):
    """One load of a page at one view and scheme: its traffic, its state (inspect_page.js), axe's
    findings; on figure pages in light, the figures again with reduced motion, and at desktop width
    once more after a click on the palette toggle."""

    state: dict = field(default_factory=dict, repr=False)
    axe_violations: list[dict] = field(default_factory=list, repr=False)
    reduced_motion: list[dict] = field(default_factory=list, repr=False)
    after_palette_switch: list[dict] = field(default_factory=list, repr=False)


@dataclass
class CourseWalk(Traffic):
    """The pages reached from the home page by following "Next" with instant navigation, their math,
    and whether each one arrived without a full page load."""

    steps: list[dict] = field(default_factory=list, repr=False)
    # The walk leaves each page as soon as it has read it: a request the browser then cancels
    # (a lazy image, a player's frames) is aborted by the walk, not failed by the page.
    ignored_failures: tuple = field(default=("net::ERR_ABORTED",), repr=False)


class Browser:
    """The shared Chromium, the local site's URL, and one browser context per view and scheme."""

    def __init__(self, chromium, base_url: str, screenshots: Path):
        self.chromium = chromium
        self.base_url = base_url
        self.origin = base_url[: base_url.index("/", len("http://"))]
        self.screenshots = screenshots
        self._contexts: dict[tuple, object] = {}
        self._lock = asyncio.Lock()

    async def new_context(self, view: str, scheme: str):
        """A fresh context: no cache, no stored palette choice."""
        context = await self.chromium.new_context(**VIEWS[view], color_scheme=scheme, device_scale_factor=1)
        context.set_default_timeout(TIMEOUT_MS)
        return context

    async def shared_context(self, view: str, scheme: str):
        """One context per view and scheme, sharing its cache between pages like a reader's browser."""
        async with self._lock:
            if (view, scheme) not in self._contexts:
                self._contexts[view, scheme] = await self.new_context(view, scheme)
        return self._contexts[view, scheme]

    async def open(self, context, traffic: Traffic):
        """A new tab that records its console errors and requests into traffic."""
        tab = await context.new_page()

        def on_console(message):
            if message.type == "error":
                traffic.record("console_errors", f"{message.text} ({message.location.get('url')})")

        def on_request(request):
            if not request.url.startswith((self.origin + "/", "data:", "blob:", "about:")):
                traffic.record("foreign_requests", request.url)

        def on_response(response):
            if response.status >= 400:
                traffic.record("failed_requests", f"{response.url}: HTTP {response.status}")

        tab.on("console", on_console)
        tab.on("pageerror", lambda error: traffic.record("console_errors", f"uncaught: {error}"))
        tab.on("request", on_request)
        tab.on("requestfailed", lambda r: traffic.record("failed_requests", f"{r.url}: {r.failure}"))
        tab.on("response", on_response)
        return tab

    @staticmethod
    async def close(tab, traffic: Traffic):
        """Stop recording, then close the tab."""
        traffic.listening = False
        await tab.close()

    async def load(self, tab, page: SitePage) -> dict:
        """Go to a page, wait for its math, and return inspect_page.js's reading of it."""
        await tab.goto(self.base_url + page.url, wait_until="load")
        await wait_for_math(tab)
        return await tab.evaluate(INSPECT)


async def wait_for_math(tab, timeout=5000):
    """Wait until every arithmatex block holds its MathML; the math test reports it if that never happens."""
    with contextlib.suppress(PlaywrightError):
        await tab.wait_for_function(MATH_DONE, timeout=timeout)


async def visit(browser: Browser, page: SitePage, view: str, scheme: str) -> Visit:
    """Load the page, read it, run axe-core, save a full-page screenshot; on figure pages in light,
    read the figures with reduced motion and (at desktop width) after switching the palette."""
    result = Visit()
    # The palette toggle stores the reader's choice for the whole site: that tab gets its own context.
    switches = bool(page.figures) and (view, scheme) == ("desktop", "light")
    context = await (browser.new_context if switches else browser.shared_context)(view, scheme)
    tab = await browser.open(context, result)
    try:
        result.state = await browser.load(tab, page)
        if (view, scheme) in AXE_SKIPS:
            options = {"resultTypes": ["violations"],
                       "rules": {rule: {"enabled": False} for rule in AXE_SKIPS[view, scheme]}}
            found = await Axe().run(tab, options=options)
            result.axe_violations = found.response["violations"]
        # A full-page capture briefly resizes the page, which starts and cancels requests for the
        # narrow images: that traffic is not the page's, so recording stops here.
        result.listening = False
        await tab.evaluate("window.scrollTo(0, 0)")
        shot = browser.screenshots / f"{page.name}-{view}-{scheme}.png"
        await tab.screenshot(path=str(shot), full_page=True)
        if page.figures and scheme == "light":
            # A <picture> picks its source when the page loads: reload with the preference set.
            await tab.emulate_media(reduced_motion="reduce")
            await tab.reload(wait_until="load")
            result.reduced_motion = (await tab.evaluate(INSPECT))["figures"]
        if switches:
            await toggle_palette(tab, "slate")
            # A drawn player swaps its canvas once the dark atlas is in; the test reports a timeout.
            with contextlib.suppress(PlaywrightError):
                await tab.wait_for_function(PLAYERS_DARK, timeout=5000)
            result.after_palette_switch = (await tab.evaluate(INSPECT))["figures"]
    finally:
        await browser.close(tab, result)
        if switches:
            await context.close()
    return result


async def toggle_palette(tab, scheme: str):
    """Click Material's palette toggle and wait until the page shows the given scheme."""
    await tab.locator("form[data-md-component=palette] label:not([hidden])").click()
    await tab.wait_for_function(f"document.body.dataset.mdColorScheme === {scheme!r}")


async def local_sitemap(route):
    """The sitemap with the local server's origin in place of the deployed one.

    Material's instant navigation only takes over links listed in sitemap.xml, and it maps the
    listed URLs onto the current host and scheme but keeps their port: on the test server's port
    every click would otherwise fall back to a full page load."""
    response = await route.fetch()
    deployed, local = (urlsplit(url) for url in (config()["site_url"], route.request.url))
    body = (await response.text()).replace(f"{deployed.scheme}://{deployed.netloc}/",
                                           f"{local.scheme}://{local.netloc}/")
    await route.fulfill(response=response, body=body)


# A property set on window survives instant navigation and vanishes with a full page load.
MARK_WINDOW = "() => { window.vbCourseWalk = true; }"
WINDOW_MARKED = "() => window.vbCourseWalk === true"
MARK_ARTICLE = "() => { document.querySelector('article').dataset.vbLeft = ''; }"
ARTICLE_MARKED = "document.querySelector('article[data-vb-left]')"


async def course_walk(browser: Browser) -> CourseWalk:
    """From the home page, follow each footer "Next" link with Material's instant navigation."""
    result = CourseWalk()
    context = await browser.new_context("desktop", "light")
    try:
        tab = await browser.open(context, result)
        await tab.route("**/sitemap.xml", local_sitemap)
        state = await browser.load(tab, PAGES[0])
        await tab.evaluate(MARK_WINDOW)
        result.steps.append({"url": tab.url, "math": state["math"], "instant": True})
        for _ in PAGES:
            link = tab.locator("a.md-footer__link--next")
            if not await link.count():
                break
            before = tab.url
            # The address changes before the new content is swapped in: wait for the old article
            # to go, or the next round could read (and click) the page being left.
            await tab.evaluate(MARK_ARTICLE)
            await link.click()
            await tab.wait_for_function(f"location.href !== {before!r} && !{ARTICLE_MARKED}")
            await tab.wait_for_load_state("load")
            await wait_for_math(tab)
            state = await tab.evaluate(INSPECT)
            result.steps.append({"url": tab.url, "math": state["math"],
                                 "instant": await tab.evaluate(WINDOW_MARKED)})
    finally:
        result.listening = False
        await context.close()
    return result


PROBES = {probe.__name__: probe for probe in (visit, course_walk)}


def result(runs, name):
    """Scenario `name`'s result from run_scenarios(): the test fails with its error or console errors."""
    import pytest  # only the tests ask for a result

    found, errors, _ = runs[name]
    if isinstance(found, Failed):
        pytest.fail(found.message, pytrace=False)
    assert not errors, errors
    return found


def arguments(name: str) -> list[str]:
    """The parameters a probe takes after the browser, which tests supply through parametrize."""
    return list(inspect.signature(PROBES[name]).parameters)[1:]


@dataclass(frozen=True)
class Failed:
    """A probe that raised: its tests fail with this message instead of the whole run stopping."""

    message: str


class SharedChromium:
    """The one Chromium of a test run, driven from its own event loop in a background thread, so
    that every test module can hand it work (`run(coroutine)`) and wait for the result."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.playwright = self.run(async_playwright().start())
        self.browser = self.run(self.playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS))

    def run(self, coroutine):
        """Run a coroutine on the browser's loop and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self):
        self.run(self.browser.close())
        self.run(self.playwright.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()


SCENARIO_WAIT_MS = 15_000


async def run_scenarios(browser, scenarios: dict, start_url=None) -> dict:
    """Run each scenario in a fresh context of the shared Chromium, a few at a time.

    `scenarios` maps a name to (scenario, view, scheme, context options); each scenario gets a tab,
    on `start_url` when one is given, and returns what its tests read. Returns
    {name: (result or Failed, console errors, requested URLs)}."""
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(name, scenario, view, scheme, options):
        async with limit:
            context = await browser.new_context(**VIEWS[view], color_scheme=scheme, device_scale_factor=1,
                                                **options)
            context.set_default_timeout(SCENARIO_WAIT_MS)
            errors, requests = [], []
            tab = await context.new_page()
            tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
            tab.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
            tab.on("request", lambda r: requests.append(r.url))
            await tab.route("**/sitemap.xml", local_sitemap)
            try:
                if start_url:
                    await tab.goto(start_url, wait_until="load")
                result = await scenario(tab)
            except Exception as error:  # the scenario's tests fail with this message
                result = Failed(f"{name}: {type(error).__name__}: {error}")
            finally:
                await context.close()
            return name, result, errors, requests

    done = await asyncio.gather(*(one(name, *spec) for name, spec in scenarios.items()))
    return {name: (result, errors, requests) for name, result, errors, requests in done}


async def run(chromium, base_url: str, screenshots: Path, keys: set[tuple]) -> dict[tuple, object]:
    """Run every probe call in keys, (name, *arguments), a few at a time in the given Chromium."""
    browser = Browser(chromium, base_url, screenshots)
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(key):
        async with limit:
            try:
                probe = PROBES[key[0]](browser, *key[1:])
                return key, await asyncio.wait_for(probe, 3 * TIMEOUT_MS / 1000)
            except (PlaywrightError, TimeoutError) as error:
                return key, Failed(f"{key[0]}{key[1:]} failed: {error}")

    # The course walk (the longest probe) first, so the last ones running are short page loads.
    order = sorted(keys, key=lambda k: (k[0] != "course_walk", str(k)))
    return dict(await asyncio.gather(*(one(key) for key in order)))
