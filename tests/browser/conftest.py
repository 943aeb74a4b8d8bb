"""Fixtures for the browser tests: the site built once from the current sources, served on
127.0.0.1 under its deployed path, one Debian Chromium for the whole run (`chromium`), and the
probes (probes.py) that the selected tests need, all run together in it before the first browser
test asserts anything.

A test asks for a probe by naming it as a fixture (`visit`, `course_walk`); the probe's other
arguments (page, view, scheme) come from the test's parametrize. A module with scenarios of its
own (test_player.py) hands them to `chromium.run`. New pages come in through mkdocs.yml's nav."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import probes
import pytest
from site_pages import ROOT, site_prefix

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TYPES = {".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2", ".svg": "image/svg+xml",
         ".json": "application/json", ".gif": "image/gif", ".png": "image/png", ".webp": "image/webp",
         ".ipynb": "application/json", ".xml": "application/xml"}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` of the working tree into a private directory; returns the site root.

    VISUAL_BACKPROP_SITE=DIR tests a site already built into DIR instead (to re-run checks quickly)."""
    site = tmp_path_factory.mktemp("served") / site_prefix().strip("/")
    if os.environ.get("VISUAL_BACKPROP_SITE"):
        shutil.copytree(os.environ["VISUAL_BACKPROP_SITE"], site)
        return site
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
    server = http.server.ThreadingHTTPServer((probes.HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{probes.HOST}:{server.server_port}{site_prefix()}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def screenshot_dir():
    """test-artifacts/screenshots/, emptied once per run so no stale page lingers there."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def _key(name: str, item) -> tuple:
    """The probe call a test needs: (probe name, *the test's values for the probe's arguments)."""
    params = item.callspec.params if hasattr(item, "callspec") else {}
    return (name, *(params[argument] for argument in probes.arguments(name)))


@pytest.fixture(scope="session")
def chromium():
    """The run's one Chromium (probes.SharedChromium); its absence fails the tests, never skips them."""
    if not probes.CHROMIUM.is_file():
        pytest.fail(f"the browser tests need Debian's Chromium at {probes.CHROMIUM}: "
                    "apt-get install chromium (scripts/dev test does it when run as root)", pytrace=False)
    shared = probes.SharedChromium()
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def probe_results(request, chromium, base_url, screenshot_dir) -> dict:
    """Every probe call the selected tests need, run at once in the shared Chromium."""
    keys = {_key(name, item) for item in request.session.items for name in probes.PROBES
            if name in getattr(item, "fixturenames", ())}
    return chromium.run(probes.run(chromium.browser, base_url, screenshot_dir, keys))


def _result(request, name):
    """This test's probe result; a probe that failed fails the test with its message."""
    result = request.getfixturevalue("probe_results")[_key(name, request.node)]
    if isinstance(result, probes.Failed):
        pytest.fail(result.message, pytrace=False)
    return result


@pytest.fixture
def visit(request, page, view, scheme) -> probes.Visit:
    """One load of the test's page at its view and scheme."""
    return _result(request, "visit")


@pytest.fixture
def course_walk(request) -> probes.CourseWalk:
    """The course, followed page by page through the footer's Next links."""
    return _result(request, "course_walk")
