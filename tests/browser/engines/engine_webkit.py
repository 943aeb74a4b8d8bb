"""WebKitGTK's runner: selenium drives Debian's WebKitWebDriver, which starts WebKitGTK's MiniBrowser
on a private Xvfb display. WebKitWebDriver speaks WebDriver classic only, with no console log:
errors come from the recorder the test server puts into every page (engine_recorder.js).

Two details make MiniBrowser fit: its toolbar is shrunk by a GTK stylesheet (its own widgets only,
never the page), else the window cannot be narrower than 447 px, and a full-page screenshot is
taken by making the window as tall as the page for a moment (WebDriver classic captures only the
viewport)."""

import glob
import json
import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from engines import ERRORS, VIEWS

DRIVER = Path("/usr/bin/WebKitWebDriver")
MINIBROWSER = "/usr/lib/*/webkit2gtk-4.1/MiniBrowser"
# MiniBrowser's toolbar at its smallest, so that a 390 px window holds a 390 px viewport.
GTK_CSS = "* { min-width: 0; min-height: 0; padding: 0; margin: 0; border-width: 0; font-size: 1px; }\n"
SCREEN = "1280x16384x24"  # the tallest full-page screenshot Xvfb's screen leaves room for
TIMEOUT_S = 60
SESSIONS = 2  # MiniBrowsers at once: most of a page's time is waiting, not computing


class Display:
    """A private Xvfb display (it picks a free number itself), closed with the runner."""

    def __init__(self):
        read, write = os.pipe()
        command = ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"]
        self.process = subprocess.Popen(command, pass_fds=[write], stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as told:
            number = told.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start (apt-get install xvfb; scripts/dev test does it)")
        self.name = f":{number}"

    def close(self):
        self.process.terminate()
        self.process.wait(10)


def start():
    """A MiniBrowser session on its own display: (driver, closer)."""
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    browsers = glob.glob(MINIBROWSER)
    if not DRIVER.is_file() or not browsers:
        raise RuntimeError("no WebKitWebDriver or MiniBrowser: apt-get install webkit2gtk-driver "
                           "(scripts/dev test does it)")
    display = Display()
    config = tempfile.TemporaryDirectory()
    (Path(config.name) / "gtk-3.0").mkdir()
    (Path(config.name) / "gtk-3.0" / "gtk.css").write_text(GTK_CSS, encoding="utf-8")
    options = Options()
    options.binary_location = browsers[0]
    options.add_argument("--automation")
    environment = {**os.environ, "DISPLAY": display.name, "XDG_CONFIG_HOME": config.name}
    service = Service(str(DRIVER), env=environment)
    try:
        driver = webdriver.WebKitGTK(options=options, service=service)
    except Exception:
        display.close()
        config.cleanup()
        raise
    driver.set_page_load_timeout(TIMEOUT_S)
    driver.set_script_timeout(TIMEOUT_S)

    def close():
        driver.quit()
        display.close()
        config.cleanup()

    return driver, close


def evaluate(driver, script: str):
    """The value of a JS expression that promises a JSON string; a rejection raises with its message."""
    answer = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"Promise.resolve().then(() => {script})"
        ".then(done, (e) => done({failed: String(e && e.stack || e)}));")
    if isinstance(answer, dict):
        raise RuntimeError(answer["failed"])
    return json.loads(answer)


# Resolves once the viewport is the given size and the page has painted at it (a resize arrives late).
RESIZED = """const [width, height, done] = arguments, end = Date.now() + 5000;
const fits = () => innerWidth === width && (height === null || innerHeight === height);
const settled = () => fits() || Date.now() > end
  ? requestAnimationFrame(() => requestAnimationFrame(() => done([innerWidth, innerHeight])))
  : setTimeout(settled, 20);
settled();"""


def size(driver, width: int, height: int):
    """Make the viewport width x height: the window, plus what MiniBrowser's toolbar takes."""
    driver.set_window_rect(width=width + driver.toolbar[0], height=height + driver.toolbar[1])
    inner = driver.execute_async_script(RESIZED, width, height)
    if inner != [width, height]:
        raise RuntimeError(f"MiniBrowser's viewport is {inner[0]} x {inner[1]}, not {width} x {height}")


def measure_toolbar(driver):
    """What MiniBrowser's window holds besides the viewport, once, on a blank page."""
    driver.set_window_rect(width=800, height=600)
    inner = driver.execute_async_script(RESIZED, 800, None)  # the toolbar takes no width
    outer = driver.get_window_rect()
    driver.toolbar = (outer["width"] - inner[0], outer["height"] - inner[1])


def full_page(driver, path: Path, view: tuple[int, int]):
    """A screenshot of the whole page: the window as tall as the page for a moment, then back."""
    driver.execute_script("window.scrollTo(0, 0)")
    tall = driver.execute_script("return document.documentElement.scrollHeight")
    size(driver, view[0], min(tall, int(SCREEN.split("x")[1]) - 100))
    driver.save_screenshot(str(path))
    size(driver, *view)


def run(origin: str, screenshots: Path, scenarios: list[dict]) -> dict:
    """Every scenario, in SESSIONS MiniBrowsers at once, each taking the next one left: {"version",
    "results"}."""
    queue, results, versions = list(scenarios), {}, set()

    def session():
        driver, close = start()
        try:
            measure_toolbar(driver)
            versions.add(driver.capabilities.get("browserVersion", "?"))
            while queue:
                scenario = queue.pop(0)
                results[scenario["name"]] = one(driver, origin, screenshots, scenario)
        finally:
            close()

    with ThreadPoolExecutor(SESSIONS) as pool:
        for done in [pool.submit(session) for _ in range(min(SESSIONS, len(queue)))]:
            done.result()
    return {"version": " ".join(sorted(versions)), "results": results}


def one(driver, origin: str, screenshots: Path, scenario: dict) -> dict:
    result = {"answers": {}, "errors": [], "failure": None, "seconds": 0}
    start = time.monotonic()
    view = VIEWS[scenario["steps"][0][1]]
    try:
        size(driver, *view)
        driver.get(origin + scenario["path"])
        for kind, key, *script in scenario["steps"]:
            if kind == "view":
                view = VIEWS[key]
                size(driver, *view)
            elif kind == "check":
                result["answers"][key] = evaluate(driver, script[0])
            elif kind == "shot":
                full_page(driver, screenshots / f"{key}-webkit.png", view)
        result["errors"] = json.loads(driver.execute_script(f"return {ERRORS}"))
    except Exception as error:  # the scenario's tests fail with this message
        result["failure"] = f"{scenario['name']}: {type(error).__name__}: {error}"
    result["seconds"] = time.monotonic() - start
    return result
