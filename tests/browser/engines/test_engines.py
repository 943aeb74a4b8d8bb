"""The scenarios of engines.py in all three engines: Chromium, Firefox ESR and WebKitGTK, each from
Debian. Every page loads without errors and shows its math and images, fits a phone without
sideways scroll, and is photographed; a step player steps and announces; the explorer computes
its table, as the Python engine does. The three engines run at once, before the first test asserts."""

import json
import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import engine_chromium
import engine_firefox
import engine_webkit
import engines
import pytest
from PIL import Image
from site_pages import site_prefix

from visual_backprop.engine import Value

pytestmark = pytest.mark.browser

ENGINES = ("chromium", "firefox", "webkit")
PAGE_CASES = [pytest.param(engine, page, id=f"{engine}-{page.name}")
              for engine in ENGINES for page in engines.ENGINE_PAGES]
SHOT_CASES = [case for case in PAGE_CASES if case.values[0] != "chromium"]
OTHERS = ("player", "explorer")  # the scenarios besides the pages, each named in its tests' names


@pytest.fixture(scope="session")
def engine_origin(built_site):
    """The built site on a second local server, the error recorder put into every page."""
    root = built_site.parents[len(Path(site_prefix().strip("/")).parts) - 1]
    server, origin = engines.serve(root)
    yield origin + site_prefix()
    server.shutdown()
    server.server_close()


def _wanted(session) -> dict[str, list[dict]]:
    """{engine: the scenarios its selected tests read}, in the list's order."""
    names: dict[str, set] = {}
    for item in session.items:
        params = getattr(item, "callspec", None) and item.callspec.params
        if params and "engine_runs" in item.fixturenames:
            page = params.get("page")
            scenario = f"page {page.name}" if page else next(n for n in OTHERS if n in item.name)
            names.setdefault(params["engine"], set()).add(scenario)
    return {engine: [s for s in engines.SCENARIOS if s["name"] in wanted] for engine, wanted in names.items()}


@pytest.fixture(scope="session")
def engine_runs(request, engine_origin, screenshot_dir) -> dict:
    """{engine: {"version", "results"} or the exception that stopped it}: all three at once, Firefox in
    its Node process, WebKit in a thread, Chromium on the shared Chromium's loop. How long each took,
    and each scenario in it, goes to test-artifacts/engine-times.json."""
    wanted, runs, took = _wanted(request.session), {}, {}
    start = time.monotonic()
    firefox = None
    if "firefox" in wanted:
        try:
            firefox = engine_firefox.FirefoxRun(engine_origin, screenshot_dir, wanted["firefox"])
        except RuntimeError as error:
            runs["firefox"] = error
    with ThreadPoolExecutor(1) as pool:
        webkit = pool.submit(engine_webkit.run, engine_origin, screenshot_dir, wanted["webkit"]) \
            if "webkit" in wanted else None
        if "chromium" in wanted:
            chromium = request.getfixturevalue("chromium")
            scenarios = engine_chromium.run(chromium.browser, engine_origin, wanted["chromium"])
            runs["chromium"] = chromium.run(scenarios)
            took["chromium"] = time.monotonic() - start
        for name, collect in (("webkit", webkit and webkit.result), ("firefox", firefox and firefox.results)):
            if collect:
                try:
                    runs[name] = collect()
                except Exception as error:  # every test of that engine fails with it
                    runs[name] = error
                took[name] = time.monotonic() - start
    times = {engine: {"wall seconds": round(took[engine], 1), "scenario seconds": {
        name: round(result["seconds"], 1) for name, result in run["results"].items()}}
        for engine, run in runs.items() if not isinstance(run, Exception)}
    (screenshot_dir.parent / "engine-times.json").write_text(json.dumps(times, indent=1), encoding="utf-8")
    return runs


def answers(engine_runs, engine: str, scenario: str) -> dict:
    """A scenario's answers in an engine, after checking that it ran through without an error."""
    run = engine_runs[engine]
    if isinstance(run, Exception):
        pytest.fail(f"{engine} did not run: {run}", pytrace=False)
    result = run["results"][scenario]
    if result["failure"]:
        pytest.fail(f"{engine} {run['version']}: {result['failure']}", pytrace=False)
    assert result["errors"] == [], f"errors in {engine} {run['version']}"
    return result["answers"]


@pytest.mark.parametrize(("engine", "page"), PAGE_CASES)
def test_page_loads_with_math_and_images(engine_runs, engine, page):
    """No error on the console; every formula MathML with a box and no raw TeX; every image decoded."""
    for view, state in answers(engine_runs, engine, f"page {page.name}").items():
        where = f"{page.name} at {view} width in {engine}"
        assert state["math"]["errors"] == [], f"{where}: Temml could not typeset these"
        assert state["math"]["typeset"] == state["math"]["blocks"], f"{where}: math never typeset"
        assert state["math"]["leftovers"] == [], f"{where}: raw TeX in the visible text"
        assert state["math"]["empty"] == [], f"{where}: formulas with no size"
        assert state["math"]["malformed"] == [], f"{where}: MathML with the wrong number of children"
        assert state["math"]["shown"] > 0 or state["math"]["blocks"] == 0, where
        undecoded = [i["currentSrc"] for i in state["images"] if i["visible"] and i["naturalWidth"] == 0]
        assert undecoded == [], f"{where}: images not decoded"


@pytest.mark.parametrize(("engine", "page"), PAGE_CASES)
def test_no_sideways_scroll_on_a_phone(engine_runs, engine, page):
    phone = answers(engine_runs, engine, f"page {page.name}")["phone"]
    overflow = phone["overflow"]
    phone_width = engines.VIEWS["phone"][0]
    assert phone_width - 20 <= phone["width"] <= phone_width, "not a phone's width (scrollbar aside)"
    assert overflow["elements"] == []
    assert overflow["scrollWidth"] <= overflow["width"]


@pytest.mark.parametrize(("engine", "page"), SHOT_CASES)
def test_screenshots_of_the_whole_page(engine_runs, engine, page, screenshot_dir):
    """PAGE-VIEW-light-ENGINE.png beside Chromium's PAGE-VIEW-light.png, the page's full width."""
    for view, state in answers(engine_runs, engine, f"page {page.name}").items():
        with Image.open(screenshot_dir / f"{page.name}-{view}-light-{engine}.png") as shot:
            assert shot.width == pytest.approx(state["width"], abs=20)
            assert shot.height >= min(state["height"], 16000) - 50


@pytest.mark.parametrize("engine", ENGINES)
def test_the_step_player_steps_and_announces(engine_runs, engine):
    """Paused with its button, "Next step" shows and announces the next step of the page's list
    and redraws; the left arrow key goes back to the same words and picture."""
    run = answers(engine_runs, engine, "player")["player"]
    steps, before, after, back = run["steps"], run["before"], run["next"], run["back"]
    assert len(steps) > 2 and min(run["box"]) > 0
    assert before["says"] in steps[:-1], before["says"]
    assert after["says"] == steps[steps.index(before["says"]) + 1]
    assert back["says"] == before["says"]
    assert {state["politeness"] for state in (before, after, back)} == {"polite"}, "not announced when paused"
    assert before["button"] == "Play"
    assert run["nextRedrew"] and run["backRestored"]


def neuron(v):
    return (v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]).tanh()


def typed(v):
    return v["x"] * v["y"] + v["x"].tanh() / v["y"]


PYTHON_TWINS = {engines.NEURON: neuron, engines.TYPED: typed}


def python_table(expression: str, values: dict[str, float]) -> dict[str, tuple[float, float]]:
    """{name: (value, gradient)} from the Python engine, the output's under "output"."""
    variables = {name: Value(value, label=name) for name, value in values.items()}
    output = PYTHON_TWINS[expression](variables)
    output.backward()
    return {**{name: (v.data, v.grad) for name, v in variables.items()}, "output": (output.data, 1.0)}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_explorer_computes_the_pythons_table(engine_runs, engine):
    """From its address, then with an expression typed in: each row's exact value and gradient are the
    Python engine's at the values its fields show (engines round their elementary functions alike
    only to the last bits)."""
    run = answers(engine_runs, engine, "explorer")["explorer"]
    for expression, table in ((engines.NEURON, run["loaded"]), (engines.TYPED, run["typed"])):
        values = {name: float(text) for name, text in table["fields"]}
        expected = python_table(expression, values)
        assert [row[0][0] for row in table["rows"]] == list(expected)
        for (name, _), (_, value), (_, grad) in table["rows"]:
            for shown, want in ((value, expected[name][0]), (grad, expected[name][1])):
                assert math.isclose(float(shown), want, rel_tol=1e-12, abs_tol=1e-15), (expression, name)


@pytest.mark.parametrize("engine", [
    "chromium",
    "firefox",  # its valueAsNumber keeps 15 significant digits: the widget reads Number(field.value)
    "webkit",
])
def test_the_explorer_takes_the_addresss_values_exactly(engine_runs, engine):
    """The address's numbers reach the engine unrounded, so a shared link computes the same everywhere."""
    rows = answers(engine_runs, engine, "explorer")["explorer"]["loaded"]["rows"]
    taken = {name: float(value) for (name, _), (_, value), _ in rows if name in engines.NEURON_VALUES}
    assert taken == engines.NEURON_VALUES
