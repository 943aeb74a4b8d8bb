"""Live figures (docs/javascripts/explorer/live.js), driven in Chromium: "Change the inputs" turns a
figure into the browser's drawing of the same graph. Its numbers after an edit are checked against the
Python engine on the figure's own nodes; at the figure's values, every explorable figure's node
positions (within 1 px), edge colours, captions and the headline under the graph (its lines, colour
and each line's start within 1 px) are checked against the Python figure's frames,
laid out in the figure's font, DejaVu Sans, which the live figure loads (hooks/live_figures.py)."""

import operator

import probes
import pytest
from axe_playwright_python.async_playwright import Axe
from matplotlib.colors import to_rgb
from site_pages import PAGES

import article_figures
from visual_backprop.draw import declared
from visual_backprop.draw.graph import GraphPainter
from visual_backprop.draw.scenes import scenes_for
from visual_backprop.draw.theme import get_theme
from visual_backprop.engine import Value
from visual_backprop.format import num

pytestmark = pytest.mark.browser

FONT = "VB DejaVu Sans"  # DejaVu Sans, the figures' font, served by the site (assets/fonts/)
EXPLORABLE = {name: d for name, d in declared(article_figures.__name__).items() if d.explore}
PAGE_OF = {name: page for page in PAGES for name in page.figures if name in EXPLORABLE}
# Three pages, one figure each, and the values the reader types.
EDITS = {"accumulation/two-paths": {"a": -1.5, "b": 0.25}, "engine/neuron": {"x1": 0.5, "b": -0.25},
         "local-gradients/neuron-gates": {"w0": 0.5, "x1": 1.0}}
LOADED_ON_PRESS = ("explorer/live.js", "explorer/live.css", "stylesheets/explorer.css", "dejavu-sans.woff",
                   "live.json", "explorer/widget.js")

# The live figure's state: its trace, scenes, drawing and player, read through live.js's own module.
READ = """async (name) => {
  const figure = document.querySelector(`figure[data-vb-figure="${name}"]`);
  const player = document.querySelector('script[src$="javascripts/player.js"]').src;
  const { liveOf } = await import(player.replace('player.js', 'explorer/live.js'));
  const live = liveOf(figure);
  if (!live) return null;
  const { widget } = live, painter = widget.painter, rgb = (e) => getComputedStyle(e).stroke;
  const centre = (c) => [+c.getAttribute('cx'), +c.getAttribute('cy')];
  return {
    trace: widget.good.trace, captions: widget.scenes.map((s) => s.caption),
    cards: Object.fromEntries([...painter.cards].map(([id, card]) => [id, centre(card.ring)])),
    edges: Object.fromEntries([...painter.edges].map(([key, e]) => [key, rgb(e.lines[0])])),
    headline: { colour: getComputedStyle(painter.caption).fill,
      lines: [...painter.caption.children].map((line) => {
        const { x, y } = line.getStartPositionOfChar(0);
        return { text: line.textContent, start: [x, y] };
      }) },
    font: getComputedStyle(figure.querySelector('svg.vbx__graph')).fontFamily,
    fontReady: document.fonts.check(`14px "${'""" + FONT + """'}"`),
    status: figure.querySelector('.vb-live__status').textContent,
    alert: figure.querySelector('.vbx__error').textContent,
    stale: figure.classList.contains('vbx__figure--stale'),
    link: figure.querySelector('.vb-figure__explore a').getAttribute('href'),
    caption: figure.querySelector('.vb-player__caption').textContent,
    note: figure.querySelector('figcaption').textContent,
    svgBox: (({ x, y, width, height }) => [x, y, width, height])(
      figure.querySelector('svg.vbx__graph').getBoundingClientRect()),
  };
}"""
FIG = 'figure[data-vb-figure="{}"]'
# Layout shifts from here on that no input explains: what CLS counts.
SHIFTS = """() => { window.vbShift = 0; new PerformanceObserver((list) => list.getEntries()
  .forEach((e) => e.hadRecentInput || (window.vbShift += e.value))).observe({ type: 'layout-shift' }); }"""
BOX = """(f) => (({ x, y, width, height }) => [x, y, width, height])(
  document.querySelector(f + ' .vb-player__canvas').getBoundingClientRect())"""


async def open_figure(tab, base_url, name):
    """The figure's page, scrolled to it, its player drawn; the requests made so far."""
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    await tab.goto(base_url + PAGE_OF[name].url, wait_until="domcontentloaded", timeout=60_000)
    await tab.locator(FIG.format(name)).scroll_into_view_if_needed()
    drawn = f"document.querySelector('{FIG.format(name)} canvas')?.dataset.step !== undefined"
    await tab.wait_for_function(drawn, timeout=60_000)
    return requests


async def press(tab, name):
    await tab.locator(f"{FIG.format(name)} .vb-figure__live").click()
    await tab.wait_for_function(f"document.querySelector('{FIG.format(name)}').dataset.vbLive === 'true'")


async def type_values(tab, name, values):
    for variable, value in values.items():
        await tab.locator(f"{FIG.format(name)} .vbx__variable input[data-name='{variable}']").fill(str(value))
    await tab.wait_for_timeout(100)


def edit(base_url):
    async def scenario(tab, name):
        before = await open_figure(tab, base_url, name)
        box = await tab.evaluate(BOX, FIG.format(name))
        loaded = list(before)
        await tab.evaluate(SHIFTS)
        await press(tab, name)
        await tab.wait_for_timeout(600)
        fresh = await tab.evaluate(READ, name)
        fresh["shift"] = await tab.evaluate("window.vbShift")
        await type_values(tab, name, EDITS[name])
        return {"before": loaded, "box": box, "fresh": fresh, "edited": await tab.evaluate(READ, name),
                "labels": await tab.evaluate(
                    f"[...document.querySelectorAll('{FIG.format(name)} .vbx__variable')].map(v => "
                    "[v.querySelector('label').textContent, v.querySelector('input').id, "
                    "v.querySelector('label').htmlFor])")}
    return scenario


def visual(base_url, names):
    async def scenario(tab):
        seen = {}
        for name in names:
            await open_figure(tab, base_url, name)
            await press(tab, name)
            frames = {}
            for at, button in (("first", "first"), ("last", "last")):
                await tab.locator(f"{FIG.format(name)} .vb-player__{button}").click()
                frames[at] = await tab.evaluate(READ, name)
            seen[name] = frames
        return seen
    return scenario


def bad_and_back(base_url):
    """x = -800 makes exp overflow: the engine's words in the figure, the last good drawing kept; back."""
    name = "computation-graphs/backward"

    async def scenario(tab):
        await open_figure(tab, base_url, name)
        link = f"{FIG.format(name)} .vb-figure__explore a"
        original = await tab.evaluate(f"document.querySelector('{link}').href")
        await press(tab, name)
        await type_values(tab, name, {"x": 2})
        good = await tab.evaluate(READ, name)
        await type_values(tab, name, {"x": -800})
        bad = await tab.evaluate(READ, name)
        await tab.locator(f"{FIG.format(name)} .vb-figure__live").click()
        await tab.wait_for_function(f"!document.querySelector('{FIG.format(name)}').dataset.vbLive")
        back = await tab.evaluate("""(f) => { const fig = document.querySelector(f); return {
          canvas: getComputedStyle(fig.querySelector('canvas')).display,
          live: !!fig.querySelector('.vb-live'), link: fig.querySelector('.vb-figure__explore a').href,
          note: fig.querySelector('figcaption').textContent,
          button: fig.querySelector('.vb-figure__live').textContent } }""", FIG.format(name))
        return {"good": good, "bad": bad, "back": back, "original": original}
    return scenario


def checked(base_url, view, scheme):
    """Live on a phone or in dark mode: axe on the figure, and nothing wider than the screen."""
    name = "accumulation/two-paths"

    async def scenario(tab):
        await open_figure(tab, base_url, name)
        await press(tab, name)
        await type_values(tab, name, {"a": 3})
        violations = (await Axe().run(tab, context=FIG.format(name))).response["violations"]
        wide = await tab.evaluate("(e => e.scrollWidth - e.clientWidth)(document.documentElement)")
        return {"violations": [v["id"] for v in violations], "overflow": wide}
    return scenario


@pytest.fixture(scope="module")
def live_runs(chromium, base_url):
    scenarios = {f"edit {name}": (lambda tab, n=name: edit(base_url)(tab, n), "desktop", "light", {})
                 for name in EDITS}
    names = sorted(EXPLORABLE)
    for k in range(3):
        scenarios[f"visual {k}"] = (visual(base_url, names[k::3]), "desktop", "light", {})
    scenarios["bad and back"] = (bad_and_back(base_url), "desktop", "light", {})
    for view, scheme in (("phone", "light"), ("desktop", "dark"), ("phone", "dark")):
        scenarios[f"checked {view} {scheme}"] = (checked(base_url, view, scheme), view, scheme, {})
    return chromium.run(probes.run_scenarios(chromium.browser, scenarios))


def result(live_runs, key):
    found, errors, _ = live_runs[key]
    if isinstance(found, probes.Failed):
        pytest.fail(found.message, pytrace=False)
    assert errors == [], errors
    return found


BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "max": Value.max}


def python_graph(name, values):
    """The figure's own graph rebuilt by the Python engine from its trace, with `values` on its leaves."""
    made = {}
    for node in EXPLORABLE[name].build().trace.nodes:
        inputs = [made[p] for p in node.parents]
        if not node.op:
            out = Value(values.get(node.label, node.data), node.label)
        elif node.op.startswith("**"):
            out = inputs[0] ** float(node.op[2:])
        elif node.op in BINARY:
            out = BINARY[node.op](*inputs)
        else:
            out = -inputs[0] if node.op == "neg" else getattr(inputs[0], node.op)()
        made[node.id] = out
    out.backward()
    return out, {v.label: v for v in made.values() if not v.op}


@pytest.mark.parametrize("name", EDITS)
def test_an_edit_gives_the_python_engines_output_and_gradients(live_runs, name):
    seen = result(live_runs, f"edit {name}")["edited"]
    values = {**_figure_values(name), **EDITS[name]}
    out, leaves = python_graph(name, values)
    root = next(n for n in seen["trace"]["nodes"] if n["id"] == seen["trace"]["root"])
    assert root["data"] == pytest.approx(out.data, rel=1e-12, abs=1e-15)
    for node in seen["trace"]["nodes"]:
        if not node["op"] and node["label"] in values:
            assert node["data"] == values[node["label"]]
            grad = leaves[node["label"]].grad
            assert node["grad"] == pytest.approx(grad, rel=1e-12, abs=1e-15), node["label"]
    said = f"{root['label']} = {num(out.data)}; " + ", ".join(
        f"∂{root['label']}/∂{v} = {num(leaves[v].grad)}" for v in _figure_values(name)) + "."
    assert seen["status"] == said
    for variable, value in EDITS[name].items():
        assert f"&{variable}={value:g}" in seen["link"].replace("%20", " ")


def _figure_values(name):
    """The figure's own values of its named leaves, from its explorer link (meta.json)."""
    from visual_backprop.draw.explore import explorer_link

    declaration = EXPLORABLE[name]
    return explorer_link(declaration.explore, declaration.build())["values"]


@pytest.mark.parametrize("name", EDITS)
def test_nothing_loads_before_the_press_and_the_box_stays(live_runs, name):
    seen = result(live_runs, f"edit {name}")
    assert not [url for url in seen["before"] if url.endswith(LOADED_ON_PRESS)]
    assert seen["fresh"]["svgBox"] == pytest.approx(seen["box"], abs=0.5)
    assert seen["fresh"]["shift"] <= 0.02
    assert seen["fresh"]["status"] == ""
    assert "for the figure's own inputs" in seen["fresh"]["note"]


@pytest.mark.parametrize("name", EDITS)
def test_each_field_is_labelled_by_its_variable(live_runs, name):
    labels = result(live_runs, f"edit {name}")["labels"]
    assert [text for text, _, _ in labels] == list(_figure_values(name))
    assert all(field == target for _, field, target in labels)


def python_frames(name):
    """The Python figure's painter (wide, light) at its first and last frame: card centres, edge colours,
    and the headline: its colour and each line's text and start (left end of its baseline), as matplotlib
    lays it out."""
    spec = EXPLORABLE[name].build()
    scenes = scenes_for(spec.trace, spec.phases)
    painter = GraphPainter(spec.trace, get_theme("light"), spec.title, [s.headline for s in scenes],
                           gradients="backward" in spec.phases)
    frames, headlines = {}, {}
    renderer = painter.fig.canvas.get_renderer()
    for at, scene in (("first", scenes[0]), ("last", scenes[-1])):
        painter.paint(scene)
        frames[at] = {"|".join(map(str, key)): to_rgb(artists[0].get_color())
                      for key, (artists, _, _, _) in painter.edges.items()}
        box = painter.caption.get_window_extent(renderer)  # y up from the bottom of the frame
        top = painter.size[1] - box.y1
        # Per line: its text, (width, ascent, descent) and its baseline's offset from the top left.
        _, lines, _ = painter.caption._get_layout(renderer)
        headlines[at] = {"colour": to_rgb(painter.caption.get_color()),
                         "lines": [(text, (box.x0 + x, top - y)) for text, _, (x, y) in lines]}
    return scenes, painter.centers, frames, headlines


def css_rgb(text):
    return tuple(int(v) / 255 for v in text.removeprefix("rgb(").removesuffix(")").split(","))


@pytest.mark.parametrize("name", sorted(EXPLORABLE))
def test_the_live_drawing_is_the_python_figure(live_runs, name):
    k = sorted(EXPLORABLE).index(name) % 3
    scenes, centers, frames, headlines = python_frames(name)
    for at in ("first", "last"):
        seen = result(live_runs, f"visual {k}")[name][at]
        assert seen["font"].startswith(f'"{FONT}"') and seen["fontReady"]
        assert seen["captions"] == [s.caption for s in scenes]
        assert seen["caption"] == (scenes[0] if at == "first" else scenes[-1]).caption
        assert set(seen["cards"]) == {n.id for n in EXPLORABLE[name].build().trace.nodes}
        for node_id, position in seen["cards"].items():
            assert position == pytest.approx(list(centers[node_id]), abs=1.0), f"{at} frame, node {node_id}"
        edges = {key: css_rgb(colour) for key, colour in seen["edges"].items()}
        assert edges.keys() == frames[at].keys()
        for key, colour in edges.items():
            assert colour == pytest.approx(frames[at][key], abs=0.5 / 255), f"{at} frame, edge {key}"
        headline = headlines[at]
        assert css_rgb(seen["headline"]["colour"]) == pytest.approx(headline["colour"], abs=0.5 / 255)
        assert [line["text"] for line in seen["headline"]["lines"]] == [text for text, _ in headline["lines"]]
        for line, (text, start) in zip(seen["headline"]["lines"], headline["lines"]):
            assert line["start"] == pytest.approx(list(start), abs=1.0), f"{at} frame, headline line {text!r}"


def test_bad_input_says_the_engines_words_and_keeps_the_last_drawing(live_runs):
    seen = result(live_runs, "bad and back")
    assert seen["bad"]["alert"].startswith("The engine refuses: exp overflows")
    assert seen["bad"]["alert"].endswith("The graph below is the last one that worked.")
    assert seen["bad"]["stale"] and seen["bad"]["trace"] == seen["good"]["trace"]


def test_the_way_back_restores_the_original_figure(live_runs):
    seen = result(live_runs, "bad and back")
    assert seen["back"] == {"canvas": "block", "live": False, "link": seen["original"],
                            "note": seen["back"]["note"], "button": "Change the inputs"}
    assert "own inputs" not in seen["back"]["note"]


@pytest.mark.parametrize("where", ["phone light", "desktop dark", "phone dark"])
def test_axe_finds_nothing_and_nothing_overflows(live_runs, where):
    seen = result(live_runs, f"checked {where}")
    assert seen["violations"] == [] and seen["overflow"] <= 0
