"""The one list of scenarios that every engine runs (Chromium, Firefox ESR, WebKitGTK), and the
local server they load the site from, which puts the error recorder first into every page.

A scenario is plain JSON: a page to open and steps to take there, each one of three kinds that
every runner knows: ["view", NAME] sizes the viewport, ["check", KEY, JS] evaluates a page-side
check (engine_checks.js) and keeps its JSON answer under KEY, ["shot", STEM] saves a full-page
screenshot as STEM-ENGINE.png. Runners return {"version", "results": {scenario name: {"answers",
"errors", "failure", "seconds"}}}."""

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

from site_pages import PAGES

HERE = Path(__file__).parent
HOST = "127.0.0.1"
VIEWS = {"desktop": (1280, 900), "phone": (390, 844)}
CHECKS = (HERE / "engine_checks.js").read_text(encoding="utf-8")
INSPECT = (HERE.parent / "inspect_page.js").read_text(encoding="utf-8")
RECORDER = (HERE / "engine_recorder.js").read_text(encoding="utf-8")
ERRORS = "JSON.stringify(window.vbEngineErrors ?? ['the error recorder never ran on this page'])"

# The pages under code/ share one layout (a heading, a paragraph and a listing): the three engines
# read the first of them, and Chromium's own suite (tests/browser/test_pages.py) reads them all.
FIRST_CODE_PAGE = next(page for page in PAGES if page.source.startswith("code/"))
ENGINE_PAGES = [page for page in PAGES if not page.source.startswith("code/") or page == FIRST_CODE_PAGE]
PLAYER_PAGE = next(page for page in PAGES if page.source == "chain-rule.md")
EXPLORER_PAGE = next(page for page in PAGES if page.source == "playground.md")
# The explorer opens on a neuron from its address, then a second expression is typed in.
NEURON = "tanh(x1*w1 + x2*w2 + b)"
NEURON_VALUES = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}
TYPED = "x*y + tanh(x) / y"


def check(name: str, argument=None) -> str:
    """A JS expression for one page-side check: a promise of its answer as a JSON string."""
    if name == "page":
        call = f"(async (checks) => (await checks.settle(), checks.page(await ({INSPECT})())))({CHECKS})"
    else:
        call = f"({CHECKS})[{json.dumps(name)}]({json.dumps(argument)})"
    return f"Promise.resolve().then(() => {call}).then((answer) => JSON.stringify(answer))"


def explorer_address() -> str:
    """The explorer's address for the neuron: its expression and the value of each variable."""
    values = "&".join(f"{name}={value!r}" for name, value in NEURON_VALUES.items())
    return f"#expr={quote(NEURON, safe='')}&{values}"


def scenarios() -> list[dict]:
    """Every page of ENGINE_PAGES at desktop and phone width (read, then photographed), one step
    player stepped, and the explorer computing its table."""
    listed = []
    for page in ENGINE_PAGES:
        steps = []
        for view in VIEWS:
            steps += [["view", view], ["check", view, check("page")], ["shot", f"{page.name}-{view}-light"]]
        listed.append({"name": f"page {page.name}", "path": page.url, "steps": steps})
    listed.append({"name": "player", "path": PLAYER_PAGE.url,
                   "steps": [["view", "desktop"], ["check", "player", check("player")]]})
    listed.append({"name": "explorer", "path": EXPLORER_PAGE.url + explorer_address(),
                   "steps": [["view", "desktop"], ["check", "explorer", check("explorer", TYPED)]]})
    return listed


SCENARIOS = scenarios()
HEAD = re.compile(rb"<head[^>]*>", re.IGNORECASE)


class RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """The built site as a host serves it, with engine_recorder.js first in every page's <head>."""

    extensions_map: ClassVar = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                ".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2",
                                ".woff": "font/woff", ".json": "application/json", ".svg": "image/svg+xml"}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().do_GET()
        body = HEAD.sub(lambda m: m.group(0) + b"<script>" + RECORDER.encode() + b"</script>",
                        path.read_bytes(), count=1)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start the recording server on a free port over root; returns it and its origin."""
    handler = functools.partial(RecordingHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{HOST}:{server.server_port}"
