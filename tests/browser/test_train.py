"""The training playground (docs/train.md, docs/javascripts/train/) driven in Chromium: an address with
epoch=N against the Python engine's loss and parameters after N epochs, the keyboard alone, axe in
light and dark, a phone in dark mode, reduced motion, nothing playing by itself, the live region's
pace, every bad address's alert, and no request to another host. All scenarios run together in the
shared Chromium before the first test asserts."""

import functools
import itertools
import math
from pathlib import Path

import probes
import pytest
from axe_playwright_python.async_playwright import Axe
from probes import result
from site_pages import PAGES

from visual_backprop.format import MINUS, num
from visual_backprop.nn import MLP, SGD, mse

pytestmark = pytest.mark.browser

PAGE = next(page for page in PAGES if page.source == "train.md")
ROOT = Path(__file__).resolve().parents[2]
READY = "() => document.getElementById('vbt')?.dataset.started === 'true'"
# (address, data, hidden sizes, activation, lr, seed, epochs): checked against nn.py.
TRAINED = {
    "moons": ("#data=moons&layers=4,4&act=tanh&lr=0.1&seed=1&epoch=50", "moons", [4, 4], "tanh", 0.1, 1, 50),
    "xor": ("#data=xor&layers=3,5&act=sigmoid&lr=0.3&seed=7&epoch=40", "xor", [3, 5], "sigmoid", 0.3, 7, 40),
    "circles": (
        "#data=circles&layers=8&act=relu&lr=0.05&seed=3&epoch=120",
        "circles",
        [8],
        "relu",
        0.05,
        3,
        120,
    ),
}
DEFAULT = "#data=moons&layers=4,4&act=tanh&lr=0.1&seed=1&epoch=0"


def _train_data():
    import train_data as module

    return module


def python_engine(data, hidden, act, lr, seed, epochs):
    """nn.py's MLP from the page's initial weights after `epochs` updates: loss, accuracy, parameters."""
    train_data = _train_data()
    points = train_data.moons()[0] if data == "moons" else train_data.draw_data(data)
    weights, biases = train_data.initial_weights([2, *hidden, 1], seed)
    net = MLP([2, *hidden, 1], [act] * len(hidden) + ["tanh"], weights=weights, biases=biases)
    opt = SGD(net.parameters(), lr)
    inputs, targets = [[x1, x2] for x1, x2, _ in points], [float(t) for *_, t in points]
    for epoch in range(epochs + 1):
        opt.zero_grad()
        predictions = [net(x)[0] for x in inputs]
        loss = mse(predictions, targets)
        loss.backward()
        if epoch < epochs:
            opt.step()
    correct = sum((p.data > 0) == (t > 0) for p, t in zip(predictions, targets))
    return loss.data, correct, [(p.label, p.data, p.grad) for p in net.parameters()], points


READ = """() => {
  const root = document.getElementById('vbt');
  const rows = (selector) => [...root.querySelectorAll(selector + ' tbody tr')].map((tr) =>
    [...tr.children].map((c) => [c.textContent, c.dataset.value ?? null]));
  const loss = root.querySelector('#vbt-loss');
  return {
    weights: rows('.vbt__weights'), data: rows('.vbt__data'),
    captions: [...root.querySelectorAll('table caption')].map((c) => c.textContent),
    loss: loss.dataset.loss, epoch: Number(loss.dataset.epoch), lossText: loss.textContent,
    lossLabel: document.getElementById(loss.getAttribute('aria-labelledby')).textContent,
    live: root.querySelector('.vbt__live').textContent,
    liveMode: root.querySelector('.vbt__live').getAttribute('aria-live'),
    alerts: [...root.querySelectorAll('[role=alert] p')].map((p) => p.textContent),
    alertHidden: root.querySelector('[role=alert]').hidden,
    playing: root.dataset.playing === 'true', hash: location.hash,
    play: root.querySelector('.vbt__play').textContent,
    controls: Object.fromEntries([...root.querySelectorAll('select, input')].map((c) =>
      [c.id, c.type === 'checkbox' ? c.checked : c.value])),
    dataOpen: root.querySelector('details.vbt__data').open,
  };
}"""


async def open_at(tab, base_url, hash_=""):
    await tab.goto("about:blank")
    await tab.goto(base_url + PAGE.url + hash_, wait_until="load")
    await tab.wait_for_function(READY)


async def trained(tab, base_url):
    seen = {}
    for name, (hash_, *_) in TRAINED.items():
        await open_at(tab, base_url, hash_)
        seen[name] = await tab.evaluate(READ)
    return seen


async def focus(tab, check, limit=80):
    """Tab from the top of the page until `check` (a JavaScript expression) holds; returns the presses."""
    presses = 0
    while presses < limit and not await tab.evaluate(check):
        await tab.keyboard.press("Tab")
        presses += 1
    return presses


async def keyboard(tab, base_url):
    """Play, pause, step, a data set, a width and the learning rate, all from the keyboard."""
    await open_at(tab, base_url)
    await tab.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)")
    out = {"to_play": await focus(tab, "document.activeElement?.classList.contains('vbt__play')")}
    await tab.keyboard.press("Space")
    await tab.wait_for_timeout(800)
    out["playing"] = await tab.evaluate(READ)
    await tab.keyboard.press("Space")
    out["paused"] = await tab.evaluate(READ)
    await tab.keyboard.press("Tab")
    await tab.keyboard.press("Enter")
    out["stepped"] = await tab.evaluate(READ)
    for control, key in (
        ("vbt-data", "ArrowDown"),
        ("vbt-width-2", "ArrowDown"),
        ("vbt-lr", "ArrowRight"),
        ("vbt-gradients", "Space"),
    ):
        out[f"to_{control}"] = await focus(tab, f"document.activeElement?.id === '{control}'")
        await tab.keyboard.press(key)
    await tab.wait_for_timeout(100)
    out["changed"] = await tab.evaluate(READ)
    return out


async def axe(tab, base_url):
    """axe-core on the playground after some training, with the data table open and an alert showing."""
    await open_at(tab, base_url, "#data=xor&layers=3,3&act=relu&lr=0.5&seed=2&epoch=30&bad=1")
    await tab.evaluate("document.querySelector('details.vbt__data').open = true")
    return (await Axe().run(tab, context={"include": [["#vbt"]]})).response["violations"]


async def phone(tab, base_url):
    """The widest network on a phone in dark mode: nothing scrolls sideways; the views use dark colours."""
    await open_at(tab, base_url, "#data=circles&layers=8,8,8,8,8,8&act=tanh&lr=0.1&seed=1&epoch=20")
    await tab.evaluate("document.querySelector('details.vbt__data').open = true")
    await tab.screenshot(path=str(ROOT / "test-artifacts" / "train-phone-dark.png"), full_page=True)
    return {
        "widths": await tab.evaluate("[document.documentElement.scrollWidth, innerWidth]"),
        "background": await tab.evaluate(
            "getComputedStyle(document.getElementById('vbt')).getPropertyValue('--vbt-background').trim()"
        ),
        "corner": await tab.evaluate("""() => {
                const c = document.querySelector('.vbt__curve');
                return [...c.getContext('2d').getImageData(c.width - 2, 2, 1, 1).data];
            }"""),
    }


async def motion(tab, base_url):
    """Nothing plays by itself; Play advances, with no transitions under reduced motion."""
    await open_at(tab, base_url)
    await tab.wait_for_timeout(1500)
    still = await tab.evaluate(READ)
    await tab.click(".vbt__play")
    await tab.wait_for_timeout(1500)
    moving = await tab.evaluate(READ)
    transitions = await tab.evaluate("""() => [...document.querySelectorAll('#vbt button, #vbt select')]
        .map((e) => getComputedStyle(e).transitionDuration)""")
    return {"still": still, "moving": moving, "transitions": transitions}


async def live(tab, base_url):
    """While playing, the live region changes at most once a second."""
    await open_at(tab, base_url, "#data=moons&layers=2&act=tanh&lr=0.01&seed=1&epoch=0")
    await tab.click(".vbt__play")
    # A MutationObserver's callback runs right after the change, so its clock is the change's.
    texts = await tab.evaluate("""async () => {
        const region = document.querySelector('.vbt__live'), seen = [[performance.now(), region.textContent]];
        const watch = new MutationObserver(() => seen.push([performance.now(), region.textContent]));
        watch.observe(region, { childList: true, characterData: true, subtree: true });
        await new Promise((done) => setTimeout(done, 4500));
        watch.disconnect();
        return seen;
    }""")
    return {"texts": texts, "state": await tab.evaluate(READ)}


BAD = {  # address -> the words its alert must contain
    "data=spiral": ["data=spiral", "moons, circles, xor, linear"],
    "layers=1,1,1,1,1,1,1,1,1": ["layers=1,1,1,1,1,1,1,1,1", "1 to 6 hidden layers of 1 to 8 units"],
    "layers=9": ["layers=9", "1 to 6 hidden layers of 1 to 8 units"],
    "lr=-1": ["lr=-1", "a number from 0.001 to 1"],
    "lr=fast": ["lr=fast", "a number from 0.001 to 1"],
    "seed=1.5": ["seed=1.5", "a whole number from 1 to 100"],
    "epoch=5001": ["epoch=5001", "a whole number from 0 to 5000"],
    "act=gelu": ["act=gelu", "one of tanh, relu, sigmoid"],
}


async def bad(tab, base_url):
    seen = {}
    for part in BAD:
        await open_at(tab, base_url, "#" + part)
        seen[part] = await tab.evaluate(READ)
    await open_at(tab, base_url, DEFAULT)
    seen["good"] = await tab.evaluate(READ)
    return seen


async def instant(tab, base_url):
    """Reached from the Training article by Material's instant navigation, the playground starts, styled."""
    before = next(page for page in PAGES if page.source == "training.md")
    await tab.goto(base_url + before.url, wait_until="networkidle")
    await tab.evaluate("window.vbSameDocument = true")
    await tab.locator("a.md-footer__link--next").click()
    await tab.wait_for_function(READY)
    return {
        "same_document": await tab.evaluate("window.vbSameDocument === true"),
        "state": await tab.evaluate(READ),
        "background": await tab.evaluate(
            "getComputedStyle(document.getElementById('vbt')).getPropertyValue('--vbt-background').trim()"
        ),
    }


SCENARIOS = {
    "trained": (trained, "desktop", "light", {}),
    "keyboard": (keyboard, "desktop", "light", {}),
    "axe-light": (axe, "desktop", "light", {}),
    "axe-dark": (axe, "desktop", "dark", {}),
    "phone-dark": (phone, "phone", "dark", {}),
    "motion": (motion, "desktop", "light", {}),
    "reduced": (motion, "desktop", "light", {"reduced_motion": "reduce"}),
    "live": (live, "desktop", "light", {}),
    "bad": (bad, "desktop", "light", {}),
    "instant": (instant, "desktop", "light", {}),
}


@pytest.fixture(scope="module")
def train_runs(chromium, base_url):
    scenarios = {
        name: (functools.partial(scenario, base_url=base_url), *rest)
        for name, (scenario, *rest) in SCENARIOS.items()
    }
    return chromium.run(probes.run_scenarios(chromium.browser, scenarios))


@pytest.mark.parametrize("name", list(TRAINED))
def test_an_address_with_an_epoch_shows_the_python_engines_numbers(train_runs, name):
    state = result(train_runs, "trained")[name]
    hash_, *setup = TRAINED[name]
    loss, correct, params, points = python_engine(*setup)
    assert state["epoch"] == setup[-1] and state["hash"] == hash_ and not state["playing"]
    assert math.isclose(float(state["loss"]), loss, rel_tol=1e-12)
    assert state["lossLabel"] == "Loss" and num(loss, digits=6) in state["lossText"]
    assert f"accuracy {num(100 * correct / len(points), digits=6)}%" in " ".join(state["lossText"].split())
    assert state["captions"] == ["Data", "Weights and gradients"]
    assert [row[0][0] for row in state["weights"]] == [label for label, *_ in params]
    for row, (label, value, grad) in zip(state["weights"], params):
        for (text, exact), want in zip(row[1:], (value, grad)):
            assert math.isclose(float(exact), want, rel_tol=1e-12, abs_tol=1e-300), (label, exact, want)
            assert text == num(want, digits=6), (label, text, want)
    assert [[float(x1), float(x2), int(t)] for (_, x1), (_, x2), (_, t) in state["data"]] == [
        [x1, x2, t] for x1, x2, t in points
    ]
    assert not state["dataOpen"]


def test_the_keyboard_alone_plays_steps_and_changes_every_setting(train_runs):
    run = result(train_runs, "keyboard")
    assert run["to_play"] < 80, "Tab never reached Play"
    assert run["playing"]["playing"] and run["playing"]["play"] == "Pause"
    paused = run["paused"]
    assert not paused["playing"] and paused["play"] == "Play" and paused["epoch"] > 0
    assert paused["hash"].endswith(f"&epoch={paused['epoch']}")
    assert run["stepped"]["epoch"] == paused["epoch"] + 1
    changed = run["changed"]
    for control in ("vbt-data", "vbt-width-2", "vbt-lr", "vbt-gradients"):
        assert run[f"to_{control}"] < 80, f"Tab never reached {control}"
    assert changed["controls"]["vbt-data"] == "circles" and changed["controls"]["vbt-gradients"] is True
    assert changed["hash"].startswith("#data=circles&layers=4,5&act=tanh&lr=0.11&seed=1&epoch=0")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(train_runs, scheme):
    violations = result(train_runs, f"axe-{scheme}")
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_phone_in_dark_mode_never_scrolls_sideways(train_runs):
    run = result(train_runs, "phone-dark")
    scroll, width = run["widths"]
    assert scroll <= width, f"{scroll} px wide in a {width} px window"
    assert run["background"].lower() == "#1e2129"
    assert run["corner"][3] == 0 or run["corner"][:3] != [255, 255, 255]


@pytest.mark.parametrize("name", ["motion", "reduced"])
def test_nothing_plays_by_itself_and_play_advances(train_runs, name):
    run = result(train_runs, name)
    assert not run["still"]["playing"] and run["still"]["epoch"] == 0 and run["still"]["hash"] == DEFAULT
    assert run["moving"]["playing"] and run["moving"]["epoch"] > 0
    if name == "reduced":
        assert set(run["transitions"]) == {"0s"}, run["transitions"]


def test_the_live_region_speaks_at_most_once_a_second(train_runs):
    run = result(train_runs, "live")
    assert run["state"]["liveMode"] == "polite"
    times = [t for t, _ in run["texts"]]
    assert len(times) >= 2, run["texts"]  # it spoke while playing (at least once, on a busy machine)
    assert all(later - earlier >= 990 for earlier, later in itertools.pairwise(times[1:])), times
    assert all(text.startswith("Epoch ") and " loss " in text for _, text in run["texts"][1:])


@pytest.mark.parametrize("part", list(BAD))
def test_a_bad_address_gets_an_alert_and_the_defaults(train_runs, part):
    state = result(train_runs, "bad")[part]
    assert not state["alertHidden"] and len(state["alerts"]) == 1
    for words in BAD[part]:
        assert words in state["alerts"][0], state["alerts"][0]
    assert "is used instead" in state["alerts"][0]
    assert state["hash"] == DEFAULT and state["epoch"] == 0
    good = result(train_runs, "bad")["good"]
    assert good["alertHidden"] and not good["alerts"] and state["loss"] == good["loss"]
    assert MINUS not in state["alerts"][0] or part == "lr=-1"


def test_no_request_leaves_the_site(train_runs, base_url):
    origin = "/".join(base_url.split("/", 3)[:3])
    for name in SCENARIOS:
        _, _, requests = train_runs[name]
        assert requests and all(url.startswith((origin, "data:", "about:")) for url in requests), name


def test_instant_navigation_starts_it(train_runs):
    run = result(train_runs, "instant")
    assert run["same_document"], "the footer link made a full page load"
    assert run["state"]["epoch"] == 0 and run["state"]["weights"] and run["background"] == "#ffffff"
