"""Fixtures for the browser tests: the site built once from the current sources, served on
127.0.0.1 under its deployed path, one Debian Chromium for every test, and one visit per page,
view and colour scheme whose findings the tests share."""

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from site_pages import ROOT, SitePage, site_prefix

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
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
INSPECT = (Path(__file__).with_name("inspect_page.js")).read_text(encoding="utf-8")
TYPES = {".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2", ".svg": "image/svg+xml",
         ".json": "application/json", ".gif": "image/gif", ".png": "image/png", ".webp": "image/webp",
         ".ipynb": "application/json", ".xml": "application/xml"}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` of the working tree into a private directory; returns the site root."""
    root = tmp_path_factory.mktemp("served")
    site = root / site_prefix().strip("/")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    if run.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{(run.stdout + run.stderr)[-8000:]}", pytrace=False)
    return site


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the types a host gives them, and no log lines in the test output."""

    extensions_map: ClassVar = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(built_site):
    """The site's URL on a local server, under the same path as when deployed (so 404.html works)."""
    serve_root = built_site.parents[len(Path(site_prefix().strip("/")).parts) - 1]
    handler = functools.partial(_Handler, directory=str(serve_root))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{HOST}:{server.server_port}{site_prefix()}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, started once; nothing downloads a browser."""
    if not CHROMIUM.is_file():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium",
                    pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """What one load of one page showed: problems seen on the way, then the page's state."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    axe_violations: list[dict] = field(default_factory=list)


def open_page(browser, base_url, view, scheme, visit, **options):
    """A new context and page for one view and scheme, recording console errors and requests into visit."""
    context = browser.new_context(**VIEWS[view], color_scheme=scheme, device_scale_factor=1, **options)
    page = context.new_page()
    page.on("console", lambda m: visit.console_errors.append(f"{m.text} ({m.location.get('url')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    origin = base_url[: base_url.index("/", len("http://"))]

    def on_request(request):
        if not request.url.startswith((origin + "/", "data:", "blob:", "about:")):
            visit.foreign_requests.append(request.url)

    page.on("request", on_request)
    page.on("requestfailed", lambda r: visit.failed_requests.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: visit.failed_requests.append(f"{r.url}: HTTP {r.status}")
            if r.status >= 400 else None)
    return context, page


def wait_for_math(page, timeout=5000):
    """Wait until KaTeX has typeset every arithmatex block; the math test reports it if that never happens."""
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function("""() => [...document.querySelectorAll('.arithmatex')]
                                  .every(el => el.querySelector('.katex, .katex-error'))""", timeout=timeout)


@pytest.fixture(scope="session")
def screenshot_dir():
    """test-artifacts/screenshots/, emptied once per run so no stale page lingers there."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def visits(browser, base_url, screenshot_dir):
    """visits(page, view, scheme) -> Visit: loads the page once, runs axe, saves a full-page screenshot."""

    @functools.cache
    def visit(page: SitePage, view: str, scheme: str) -> Visit:
        result = Visit()
        context, tab = open_page(browser, base_url, view, scheme, result)
        try:
            tab.goto(base_url + page.url, wait_until="load")
            wait_for_math(tab)
            result.state = tab.evaluate(INSPECT)
            result.axe_violations = Axe().run(tab).response["violations"]
            tab.evaluate("window.scrollTo(0, 0)")
            tab.screenshot(path=str(screenshot_dir / f"{page.name}-{view}-{scheme}.png"), full_page=True)
        finally:
            context.close()
        return result

    return visit
