"""The explorer page (docs/playground.md, docs/javascripts/explorer/) driven in Chromium: its table
against the Python engine, stepping by keyboard alone, axe, a phone in dark mode, reduced motion,
every bad input's message with the last good graph kept, instant navigation, and no JavaScript.
All scenarios run together in one browser before the first test asserts.

Self-contained on purpose: it needs only the `base_url` fixture of conftest.py and the launch
settings of probes.py."""

import functools
import math
from urllib.parse import quote

import probes
import pytest
from axe_playwright_python.async_playwright import Axe
from probes import result
from site_pages import PAGES

from visual_backprop.engine import Value
from visual_backprop.format import MINUS, num

pytestmark = pytest.mark.browser

PAGE = next(page for page in PAGES if page.source == "playground.md")
BEFORE = PAGES[PAGES.index(PAGE) - 1]  # the page before it in the nav: its footer's Next leads here
HASH_WRITTEN_MS = 400  # the page writes the address 150 ms after the last change

# The hash address: a reused variable, a constant, every kind of node the table has to get right.
EXPRESSION = "tanh(a*b + b) / max(a, 0.5) - a^2"
VALUES = {"a": 1.5, "b": -0.75}


def python_engine():
    """The same expression built with the Python engine by hand: {name: (value, gradient)}."""
    a, b = Value(VALUES["a"], label="a"), Value(VALUES["b"], label="b")
    f = (a * b + b).tanh() / a.max(0.5) - a ** 2
    f.backward()
    return {"a": (a.data, a.grad), "b": (b.data, b.grad), "output": (f.data, 1.0)}


def address(expr, values, step=None):
    parts = [f"expr={quote(expr, safe='')}", *(f"{k}={v}" for k, v in values.items())]
    return "#" + "&".join(parts + ([f"step={step}"] if step else []))


READ = """() => {
  const root = document.getElementById('vbx');
  const rows = [...root.querySelectorAll('table tbody tr')].map((tr) =>
    [...tr.children].map((c) => [c.textContent, c.dataset.value ?? null]));
  const player = root.querySelector('.vb-player');
  return {
    rows, caption: root.querySelector('table caption')?.textContent,
    count: player?.querySelector('.vb-player__count').textContent,
    text: player?.querySelector('.vb-player__caption').textContent,
    playing: player?.dataset.playing, live: player?.querySelector('[aria-live]').getAttribute('aria-live'),
    alert: root.querySelector('[role=alert]').textContent,
    alertPre: root.querySelector('[role=alert] pre')?.textContent,
    stale: root.querySelector('.vbx__figure').classList.contains('vbx__figure--stale'),
    svg: root.querySelector('.vbx__graph').innerHTML.length,
    gradients: [...root.querySelectorAll('.vbx__graph text')]
      .filter((t) => /^∇ [^g]/.test(t.textContent)).length,
    hash: location.hash, expression: root.querySelector('#vbx-expression').value,
    fields: [...root.querySelectorAll('.vbx__variables input')].map((i) => [i.dataset.name, i.value]),
  };
}"""
READY = "() => document.querySelectorAll('#vbx table tbody tr').length > 0"


async def read(tab):
    return await tab.evaluate(READ)


async def open_at(tab, base_url, hash_=""):
    """A fresh load of the explorer at this address (a new hash alone would arrive later, by hashchange)."""
    await tab.goto("about:blank")
    await tab.goto(base_url + PAGE.url + hash_, wait_until="load")
    await tab.wait_for_function(READY)
    await tab.wait_for_timeout(HASH_WRITTEN_MS)


async def hash_address(tab, base_url):
    await open_at(tab, base_url, address(EXPRESSION, VALUES, step=3))
    return await read(tab)


async def keyboard(tab, base_url):
    """From the top of the page, Tab to the player, then ArrowRight until the last step."""
    await open_at(tab, base_url, address("(a + b) * (b + 1)", {"a": 2, "b": 1}, step=1))
    await tab.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)")
    tabs = 0
    while tabs < 60 and not await tab.evaluate("document.activeElement?.classList.contains('vb-player')"):
        await tab.keyboard.press("Tab")
        tabs += 1
    presses = 0
    while presses < 40 and "Step 12 of 12" not in (await read(tab))["count"]:
        await tab.keyboard.press("ArrowRight")
        presses += 1
    await tab.wait_for_timeout(HASH_WRITTEN_MS)
    end = await read(tab)
    await tab.keyboard.press("Home")
    home = await read(tab)
    await tab.keyboard.press("End")
    return {"tabs": tabs, "presses": presses, "end": end, "home": home, "again": await read(tab)}


async def motion(tab, base_url):
    """Without a step in the address it plays by itself, unless the reader asked for reduced motion."""
    await open_at(tab, base_url)
    await tab.locator("#vbx .vb-player").scroll_into_view_if_needed()
    await tab.wait_for_timeout(300)
    first = await read(tab)
    await tab.wait_for_timeout(3500)
    return {"first": first, "later": await read(tab)}


async def axe(tab, base_url):
    """axe-core on the explorer mid-way through the backward pass, and again showing an error."""
    await open_at(tab, base_url, address("(a + b) * (b + 1)", {"a": 2, "b": 1}, step=8))
    context = {"include": [["#vbx"]]}
    stepping = (await Axe().run(tab, context=context)).response["violations"]
    await tab.fill("#vbx-expression", "(a+")
    await tab.wait_for_function("document.querySelector('#vbx [role=alert]').textContent !== ''")
    erring = (await Axe().run(tab, context=context)).response["violations"]
    return {"stepping": stepping, "erring": erring}


async def phone(tab, base_url):
    """The widest things the explorer shows, on a phone in dark mode: nothing scrolls sideways."""
    widths = {}
    wide = " + ".join(f"tanh(w{i}*x{i})" for i in range(6))
    for name, hash_ in (("neuron", address("tanh(x1*w1 + x2*w2 + b)", {"x1": 2, "x2": 0, "w1": -3, "w2": 1,
                                                                         "b": 6.8813735870195432}, 9)),
                        ("wide", address(wide, {}, 30))):
        await open_at(tab, base_url, hash_)
        widths[name] = await tab.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    await tab.fill("#vbx-expression", wide + " + (")
    await tab.wait_for_function("document.querySelector('#vbx [role=alert] pre')")
    widths["error"] = await tab.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    dark = await tab.evaluate("getComputedStyle(document.getElementById('vbx'))"
                              ".getPropertyValue('--vbx-card')")
    return {"widths": widths, "card": dark.strip(), "state": await read(tab)}


# What a reader types, the field to change after it (or None), and the words of the message.
BAD = {
    "open parenthesis": ("(a+", None, "ends too early"),
    "variable exponent": ("a**b", None, "must be a plain number"),
    "missing operator": ("2x", None, "write * to multiply"),
    "max of one": ("max(a)", None, "max takes two arguments"),
    "typo": ("sigmod(x)", None, "did you mean sigmoid?"),
    "too large": (" + ".join(f"v{i}" for i in range(31)), None, "the explorer draws at most 60"),
    "log": ("log(x)", ("x", "-1"), None),
    "division": ("1 / (x - x)", ("x", "2"), None),
    "zero power": ("x ** -1", ("x", "0"), None),
    "exp overflow": ("exp(x)", ("x", "1000"), None),
}


def engine_message(name):
    """The Python engine's own words for the domain errors above."""
    build = {"log": lambda: Value(-1.0).log(), "division": lambda: Value(1.0) / (Value(2.0) - Value(2.0)),
             "zero power": lambda: Value(0.0) ** -1.0, "exp overflow": lambda: Value(1000.0).exp()}[name]
    try:
        build()
    except (ValueError, ZeroDivisionError, OverflowError) as error:
        return str(error)
    raise AssertionError(f"{name}: the Python engine accepted it")


async def bad_inputs(tab, base_url):
    """Each bad input after a good graph: its message, and the good graph and table still there."""
    seen = {}
    for name, (expr, field, _) in BAD.items():
        await open_at(tab, base_url, address("(a + b) * (b + 1)", {"a": 2, "b": 1}, step=12))
        good = await read(tab)
        if field:  # a good expression first (its graph is the last good one), then the bad value
            await tab.fill("#vbx-expression", expr)
            await tab.wait_for_function(f"document.querySelector('#vbx-var-{field[0]}')")
            await tab.wait_for_timeout(HASH_WRITTEN_MS)
            good = await read(tab)
            await tab.fill(f"#vbx-var-{field[0]}", field[1])
        else:
            await tab.fill("#vbx-expression", expr)
        await tab.wait_for_function("document.querySelector('#vbx [role=alert]').textContent !== ''")
        await tab.wait_for_timeout(HASH_WRITTEN_MS)
        seen[name] = {"good": good, "bad": await read(tab)}
    return seen


async def instant(tab, base_url):
    """Reached from the previous page by Material's instant navigation, the explorer starts."""
    await tab.goto(base_url + BEFORE.url, wait_until="networkidle")  # Material has read the sitemap
    await tab.evaluate("window.vbSameDocument = true")
    await tab.locator("a.md-footer__link--next").click()
    await tab.wait_for_function(READY)
    return {"same_document": await tab.evaluate("window.vbSameDocument === true"), "state": await read(tab)}


async def no_script(tab, base_url):
    await tab.goto(base_url + PAGE.url, wait_until="load")
    return await tab.evaluate("""() => ({
        explorer: document.getElementById('vbx').checkVisibility(),
        message: [...document.querySelectorAll('.vbx__noscript')].map((p) => p.textContent),
        links: [...document.querySelectorAll('.vbx__noscript a')].map((a) => a.getAttribute('href')),
    })""")


LINKED = "local-gradients/neuron-gates"  # a backward-only figure: its link also names a step


async def article_link(tab, base_url):
    """Clicking "Open in the explorer" under an article's figure opens the explorer on its graph."""
    source = LINKED.split("/")[0] + ".md"
    article = next(page for page in PAGES if page.source == source)
    await tab.goto(base_url + article.url, wait_until="load")
    link = tab.locator(f"#figure-{LINKED.replace('/', '-')} .vb-figure__explore a")
    await link.click()
    await tab.wait_for_function(READY)
    return {"url": tab.url, "state": await read(tab)}


# name -> (scenario, view, scheme, context options)
SCENARIOS = {
    "hash": (hash_address, "desktop", "light", {}),
    "keyboard": (keyboard, "desktop", "light", {}),
    "motion": (motion, "desktop", "light", {}),
    "reduced": (motion, "desktop", "light", {"reduced_motion": "reduce"}),
    "axe-light": (axe, "desktop", "light", {}),
    "axe-dark": (axe, "desktop", "dark", {}),
    "phone-dark": (phone, "phone", "dark", {}),
    "bad": (bad_inputs, "desktop", "light", {}),
    "instant": (instant, "desktop", "light", {}),
    "no-script": (no_script, "desktop", "light", {"java_script_enabled": False}),
    "article-link": (article_link, "desktop", "light", {}),
}


@pytest.fixture(scope="module")
def explorer_runs(chromium, base_url):
    """Every scenario's result, console errors and requests, run at once in the shared Chromium."""
    scenarios = {name: (functools.partial(scenario, base_url=base_url), *rest)
                 for name, (scenario, *rest) in SCENARIOS.items()}
    return chromium.run(probes.run_scenarios(chromium.browser, scenarios))


def test_a_hash_address_shows_its_graph_and_the_engines_numbers(explorer_runs):
    state = result(explorer_runs, "hash")
    expected = python_engine()
    assert state["expression"] == EXPRESSION and state["caption"] == "Values and gradients"
    assert [row[0][0] for row in state["rows"]] == ["a", "b", "output"]
    for row in state["rows"]:
        name = row[0][0]
        for (text, exact), want in zip(row[1:], expected[name]):
            assert math.isclose(float(exact), want, rel_tol=1e-12, abs_tol=1e-15), (name, exact, want)
            assert text == num(want, digits=6)
            assert math.isclose(float(text.replace(MINUS, "-")), want, rel_tol=5e-6)
    assert state["count"].startswith("Step 3 of ") and state["playing"] == "false"


def test_no_request_leaves_the_site(explorer_runs, base_url):
    origin = "/".join(base_url.split("/", 3)[:3])
    for name in SCENARIOS:
        _, _, requests = explorer_runs[name]
        assert all(url.startswith((origin, "data:")) for url in requests), name


def test_the_keyboard_alone_steps_to_the_end(explorer_runs):
    run = result(explorer_runs, "keyboard")
    assert run["tabs"] < 60, "Tab never reached the step player"
    assert run["end"]["count"] == "Step 12 of 12 — done" and run["presses"] == 11
    assert run["end"]["text"] == "Done: every gradient is known. ∂f/∂a = 2, ∂f/∂b = 5."
    assert run["end"]["gradients"] == 6 and run["end"]["hash"].endswith("&step=12")
    assert run["home"]["count"] == "Step 1 of 12 — forward" and run["home"]["gradients"] == 0
    assert run["again"]["count"] == "Step 12 of 12 — done"
    assert run["end"]["live"] == "polite" and run["end"]["playing"] == "false"


def test_it_plays_by_itself_but_never_under_reduced_motion(explorer_runs):
    moving, still = result(explorer_runs, "motion"), result(explorer_runs, "reduced")
    assert moving["first"]["playing"] == "true" and moving["later"]["count"] != moving["first"]["count"]
    assert still["first"]["playing"] == "false" and still["later"]["playing"] == "false"
    assert still["later"]["count"] == still["first"]["count"] == "Step 1 of 12 — forward"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(explorer_runs, scheme):
    run = result(explorer_runs, f"axe-{scheme}")
    assert not run["stepping"], [v["id"] for v in run["stepping"]]
    assert not run["erring"], [v["id"] for v in run["erring"]]


def test_a_phone_in_dark_mode_never_scrolls_sideways(explorer_runs):
    run = result(explorer_runs, "phone-dark")
    for name, (scroll, width) in run["widths"].items():
        assert scroll <= width, f"{name}: {scroll} px wide in a {width} px window"
    assert run["card"].lower() == "#272b35"


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_gets_its_message_and_the_last_good_graph_stays(explorer_runs, name):
    seen = result(explorer_runs, "bad")[name]
    good, bad = seen["good"], seen["bad"]
    words = BAD[name][2] or engine_message(name)
    assert words in bad["alert"], bad["alert"]
    assert bad["rows"] == good["rows"] and bad["svg"] == good["svg"] and bad["count"] == good["count"]
    assert bad["stale"] and bad["hash"] == good["hash"]
    if name in ("open parenthesis", "variable exponent", "missing operator", "max of one", "typo"):
        line, caret = bad["alertPre"].split("\n")
        assert line == BAD[name][0] and caret.endswith("^") and f"Column {len(caret)}:" in bad["alert"]


def test_instant_navigation_starts_it(explorer_runs):
    run = result(explorer_runs, "instant")
    assert run["same_document"], "the footer link made a full page load"
    assert [row[0][0] for row in run["state"]["rows"]] == ["a", "b", "output"]


def test_without_javascript_it_says_so_and_links_the_articles(explorer_runs):
    run = result(explorer_runs, "no-script")
    assert not run["explorer"]
    assert run["message"] and "needs JavaScript" in run["message"][0]
    assert run["links"] == ["../computation-graphs/", "../accumulation/", "../engine/"]


def test_an_articles_link_opens_the_figures_graph_with_its_values(explorer_runs, base_url):
    import article_figures
    from visual_backprop.draw import declared
    from visual_backprop.draw.explore import explorer_link

    run = result(explorer_runs, "article-link")
    declaration = declared(article_figures.__name__)[LINKED]
    spec = declaration.build()
    link = explorer_link(declaration.explore, spec)
    state = run["state"]
    assert run["url"].split("#")[0] == base_url + PAGE.url
    assert state["expression"] == declaration.explore
    assert {name: float(value) for name, value in state["fields"]} == link["values"]
    assert state["count"].startswith(f"Step {link['step']} of ") and state["playing"] == "false"
    output = float(state["rows"][-1][1][1])
    assert math.isclose(output, spec.trace.node(spec.trace.root).data, rel_tol=1e-12)

