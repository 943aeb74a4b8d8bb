"""The step player over every animation (docs/javascripts/player.js), driven in Chromium: its
frames are checked pixel for pixel against the GIF the figure build wrote, which the player
never reads. All scenarios run together in one browser before the first test asserts."""

import base64
import html
import io

import probes
import pytest
from axe_playwright_python.async_playwright import Axe
from PIL import Image, ImageSequence
from site_pages import PAGES

pytestmark = pytest.mark.browser

PAGE = next(page for page in PAGES if page.source == "chain-rule.md")
FIGURE = "chain-rule/backward"  # the page's first animation
FIRST = f'figure[data-vb-figure="{FIGURE}"]'
PLAYER = f"{FIRST} .vb-player"

# What one player shows: step and state from the DOM, the canvas as a PNG data URL.
READ = """(figure) => {
  const f = document.querySelector(figure), p = f.querySelector('.vb-player'), c = f.querySelector('canvas');
  const box = c.getBoundingClientRect();
  return {
    step: c.dataset.step === undefined ? null : +c.dataset.step, variant: c.dataset.variant ?? null,
    playing: p.dataset.playing === 'true', count: p.querySelector('.vb-player__count').textContent,
    caption: p.querySelector('.vb-player__caption').textContent,
    live: p.querySelector('[aria-live]')?.getAttribute('aria-live') ?? null,
    playLabel: p.querySelector('.vb-player__play').getAttribute('aria-label'),
    pixels: c.dataset.step === undefined ? null : c.toDataURL(),
    box: [box.width, box.height], canvas: [c.width, c.height],
  };
}"""
DRAWN = "([figure, step]) => document.querySelector(figure + ' canvas')?.dataset.step === String(step)"


async def read(tab, figure=FIRST) -> dict:
    return await tab.evaluate(READ, figure)


async def drawn(tab, step, figure=FIRST):
    await tab.wait_for_function(DRAWN, arg=[figure, step])


async def playing(tab, value: str):
    await tab.wait_for_function(f"document.querySelector('{PLAYER}').dataset.playing === '{value}'")


async def stepping(tab):
    """Shown on screen it plays by itself; paused, next and previous move one step each way."""
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await tab.wait_for_function(f"+document.querySelector('{FIRST} canvas')?.dataset.step > 0")
    await tab.locator(f"{PLAYER} .vb-player__play").click()
    paused = await read(tab)
    await tab.locator(f"{PLAYER} .vb-player__next").click()
    await drawn(tab, paused["step"] + 1)
    after_next = await read(tab)
    await tab.locator(f"{PLAYER} .vb-player__prev").click()
    await drawn(tab, paused["step"])
    return {"paused": paused, "next": after_next, "prev": await read(tab)}


async def walk(tab):
    """Every step with next, first to last, then every step back with previous (each redrawn from step 1)."""
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await drawn(tab, 0)
    await tab.locator(f"{PLAYER} .vb-player__first").click()
    await drawn(tab, 0)
    frames = int(await tab.evaluate(f"document.querySelector('{FIRST}').dataset.vbFrames"))
    forward, back = [await read(tab)], []
    for step in range(1, frames):
        await tab.locator(f"{PLAYER} .vb-player__next").click()
        await drawn(tab, step)
        forward.append(await read(tab))
    for step in range(frames - 2, -1, -1):
        await tab.locator(f"{PLAYER} .vb-player__prev").click()
        await drawn(tab, step)
        back.append(await read(tab))
    return {"frames": frames, "forward": forward, "back": back}


async def scrolling(tab):
    """Off screen it waits, on screen it plays, scrolled away it pauses."""
    before = await read(tab)
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await playing(tab, "true")
    shown = await read(tab)
    await tab.evaluate("window.scrollTo(0, 0)")
    await playing(tab, "false")
    return {"before": before, "shown": shown, "away": await read(tab)}


async def keyboard(tab):
    """Focus on the player: space pauses and plays, arrows step, Home and End jump."""
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await playing(tab, "true")
    await tab.locator(PLAYER).focus()
    seen = {"focused": await tab.evaluate(f"document.activeElement === document.querySelector('{PLAYER}')")}
    await tab.keyboard.press("Space")
    seen["space"] = await read(tab)
    start = seen["space"]["step"]
    for key, step in (("ArrowRight", start + 1), ("ArrowLeft", start), ("End", None), ("Home", 0)):
        await tab.keyboard.press(key)
        if step is None:
            step = int(await tab.evaluate(f"document.querySelector('{FIRST}').dataset.vbFrames")) - 1
        await drawn(tab, step)
        seen[key] = await read(tab)
    await tab.keyboard.press("Space")
    seen["space again"] = await read(tab)
    return seen


async def reduced(tab):
    """Asked for reduced motion: still on step 1 well after step 1's duration."""
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await drawn(tab, 0)
    player_json = await tab.evaluate(f"document.querySelector('{FIRST}').dataset.vbPlayer")
    durations = await tab.evaluate("u => fetch(u).then(r => r.json()).then(d => d.durations)", player_json)
    await tab.wait_for_timeout(durations[0] + 700)
    players = await tab.evaluate("[...document.querySelectorAll('.vb-player')].map(p => p.dataset.playing)")
    return {"state": await read(tab), "players": players}


async def palette(tab):
    """Step 3, then Material's palette toggle: the same step in the dark frames."""
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await drawn(tab, 0)
    await tab.locator(f"{PLAYER} .vb-player__first").click()
    for _ in range(3):
        await tab.locator(f"{PLAYER} .vb-player__next").click()
    await drawn(tab, 3)
    light = await read(tab)
    await tab.locator("form[data-md-component=palette] label:not([hidden])").click()
    await tab.wait_for_function(f"document.querySelector('{FIRST} canvas').dataset.variant === 'wide-dark'")
    return {"light": light, "dark": await read(tab)}


async def clean(tab):
    """Every player on the page loaded and drawn, then axe-core, the targets' sizes, and the console."""
    for figure in await tab.locator("figure[data-vb-player]").all():
        await figure.scroll_into_view_if_needed()
    await tab.wait_for_function("""[...document.querySelectorAll('figure[data-vb-player] canvas')]
                                   .every(c => c.dataset.step !== undefined)""", )
    await tab.evaluate("window.scrollTo(0, 0)")
    # The players only: the rest of each page is test_pages.py's to check.
    players_only = {"include": [["figure[data-vb-player]"]]}
    violations = (await Axe().run(tab, context=players_only)).response["violations"]
    targets = await tab.evaluate("""[...document.querySelectorAll('.vb-player button, .vb-player input')]
        .map(b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; })""")
    counts = await tab.evaluate("""[document.querySelectorAll('figure[data-vb-player]').length,
                                    document.querySelectorAll('.vb-player').length]""")
    return {"violations": violations, "targets": targets, "counts": counts}


async def instant(tab):
    """Away with Material's instant navigation and back: one player per figure, and it still steps."""
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await drawn(tab, 0)
    await tab.evaluate("window.vbSameDocument = true")
    for link in ("a.md-footer__link--next", "a.md-footer__link--prev"):
        before = tab.url
        await tab.locator(link).click()
        await tab.wait_for_function(f"location.href !== {before!r}")
    await tab.wait_for_selector(PLAYER)
    counts = await tab.evaluate("""[...document.querySelectorAll('figure[data-vb-player]')]
                                   .map(f => f.querySelectorAll('.vb-player').length)""")
    same_document = await tab.evaluate("window.vbSameDocument === true")
    await tab.locator(FIRST).scroll_into_view_if_needed()
    await drawn(tab, 0)
    await tab.locator(f"{PLAYER} .vb-player__last").click()
    frames = int(await tab.evaluate(f"document.querySelector('{FIRST}').dataset.vbFrames"))
    await drawn(tab, frames - 1)
    return {"counts": counts, "same_document": same_document, "state": await read(tab)}


async def no_script(tab):
    """Without JavaScript: the figure's own GIF, decoded and shown, and no player."""
    image = tab.locator(f"{FIRST} img:visible")
    await image.scroll_into_view_if_needed()
    await image.evaluate("img => img.decode()")
    return await tab.evaluate(f"""() => {{
        const f = document.querySelector('{FIRST}');
        const shown = [...f.querySelectorAll('img')].filter(i => i.checkVisibility());
        const box = shown[0].getBoundingClientRect();
        return {{ shown: shown.map(i => [i.currentSrc, i.naturalWidth]), box: [box.width, box.height],
                 players: [...f.querySelectorAll('.vb-player')].filter(p => p.checkVisibility()).length,
                 steps: f.querySelectorAll('.vb-figure__steps li').length }};
    }}""")


# Every layout shift the page has had, read after half a second with none left to report.
LAYOUT_SHIFTS = """() => new Promise((done) => {
  const shifts = [];
  new PerformanceObserver((list) => shifts.push(...list.getEntries().map((e) => ({
    value: e.value, input: e.hadRecentInput,
    moved: e.sources.map((s) => s.node?.className || s.node?.nodeName || "?"),
  })))).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(shifts), 500);
})"""


async def steady(tab):
    """The home page on a phone, its first animation near the top: nothing on the page moves while
    the player starts, loads its atlas, swaps the GIF for its canvas and plays."""
    await tab.goto(tab.url.removesuffix(PAGE.url), wait_until="load")
    await tab.wait_for_function("document.querySelector('figure[data-vb-player] canvas')?.dataset.step")
    await tab.wait_for_timeout(2000)
    return {"shifts": await tab.evaluate(LAYOUT_SHIFTS)}


# name -> (scenario, view, scheme, context options)
SCENARIOS = {
    "stepping": (stepping, "desktop", "light", {}),
    "walk": (walk, "phone", "dark", {}),
    "scrolling": (scrolling, "desktop", "light", {}),
    "keyboard": (keyboard, "desktop", "light", {}),
    "reduced": (reduced, "desktop", "light", {"reduced_motion": "reduce"}),
    "palette": (palette, "desktop", "light", {}),
    "clean-desktop-light": (clean, "desktop", "light", {}),
    "clean-phone-dark": (clean, "phone", "dark", {}),
    "instant": (instant, "desktop", "light", {}),
    "no-script": (no_script, "desktop", "light", {"java_script_enabled": False}),
    "steady": (steady, "phone", "light", {}),
}


@pytest.fixture(scope="module")
def player_runs(chromium, base_url):
    """Every scenario's result and console errors, run at once in the shared Chromium."""
    return chromium.run(probes.run_scenarios(chromium.browser, SCENARIOS, base_url + PAGE.url))


def result(player_runs, name):
    found, _, _ = player_runs[name]
    if isinstance(found, probes.Failed):
        pytest.fail(found.message, pytrace=False)
    return found


@pytest.fixture(scope="module")
def gif_frames(built_site):
    """Every frame of the figure's GIFs, composited, as RGB images: {"wide-light": [...], ...}."""
    frames = {}
    for variant in ("wide-light", "wide-dark", "narrow-dark"):
        with Image.open(built_site / "figures" / FIGURE / f"{variant}.gif") as gif:
            frames[variant] = [frame.convert("RGB") for frame in ImageSequence.Iterator(gif)]
    return frames


def pixels(state) -> Image.Image:
    """The canvas of a read player state as an RGB image."""
    data = base64.b64decode(state["pixels"].split(",", 1)[1])
    return Image.open(io.BytesIO(data)).convert("RGB")


def assert_shows(state, gif_frames):
    """The canvas shows exactly the GIF's frame for the player's step, in the player's variant."""
    frame = gif_frames[state["variant"]][state["step"]]
    shown = pixels(state)
    assert shown.size == frame.size
    assert shown.tobytes() == frame.tobytes(), f"not GIF frame {state['step']} of {state['variant']}"


def test_next_changes_caption_and_frame_and_previous_restores_them(player_runs, gif_frames):
    run = result(player_runs, "stepping")
    paused, after_next, after_prev = run["paused"], run["next"], run["prev"]
    assert not paused["playing"] and paused["playLabel"] == "Play"
    assert after_next["step"] == paused["step"] + 1
    assert after_next["caption"] != paused["caption"]
    assert pixels(after_next).tobytes() != pixels(paused).tobytes()
    assert (after_prev["caption"], after_prev["count"]) == (paused["caption"], paused["count"])
    assert pixels(after_prev).tobytes() == pixels(paused).tobytes()
    for state in run.values():
        assert_shows(state, gif_frames)


def test_every_step_forward_and_back_is_the_gifs_frame(player_runs, gif_frames):
    """The narrow dark frames on a phone: each composed from patches equals the GIF's frame exactly."""
    run = result(player_runs, "walk")
    assert len(gif_frames["narrow-dark"]) == run["frames"] > 2
    assert [state["step"] for state in run["forward"]] == list(range(run["frames"]))
    assert [state["step"] for state in run["back"]] == list(range(run["frames"] - 2, -1, -1))
    for state in run["forward"] + run["back"]:
        assert state["variant"] == "narrow-dark"
        assert_shows(state, gif_frames)


def test_caption_and_counter_are_the_steps_text(player_runs, built_site):
    run = result(player_runs, "stepping")
    page_text = html.unescape((built_site / PAGE.url / "index.html").read_text(encoding="utf-8"))
    state = run["next"]
    assert state["count"].startswith(f"Step {state['step'] + 1} of ")
    assert state["caption"] and f">{state['caption']}</li>" in page_text


def test_caption_is_announced_politely_when_paused(player_runs):
    run = result(player_runs, "stepping")
    assert run["paused"]["live"] == "polite"


def test_plays_only_on_screen_and_pauses_when_scrolled_away(player_runs):
    run = result(player_runs, "scrolling")
    assert not run["before"]["playing"]
    assert run["shown"]["playing"]
    assert not run["away"]["playing"]


def test_keyboard_steps_and_plays(player_runs):
    seen = result(player_runs, "keyboard")
    assert seen["focused"]
    assert not seen["space"]["playing"]
    start = seen["space"]["step"]
    assert seen["ArrowRight"]["step"] == start + 1
    assert seen["ArrowLeft"]["step"] == start
    assert seen["ArrowLeft"]["caption"] == seen["space"]["caption"]
    assert seen["End"]["count"].startswith(f"Step {seen['End']['step'] + 1} of {seen['End']['step'] + 1} ")
    assert seen["Home"]["step"] == 0
    assert seen["space again"]["playLabel"] == "Pause"


def test_reduced_motion_starts_paused_on_the_first_step(player_runs, gif_frames):
    run = result(player_runs, "reduced")
    state = run["state"]
    assert state["step"] == 0 and state["count"].startswith("Step 1 of ")
    assert not state["playing"] and state["playLabel"] == "Play"
    assert run["players"] and all(playing == "false" for playing in run["players"])
    assert_shows(state, gif_frames)


def test_palette_switch_swaps_the_frames(player_runs, gif_frames):
    run = result(player_runs, "palette")
    light, dark = run["light"], run["dark"]
    assert (light["variant"], dark["variant"]) == ("wide-light", "wide-dark")
    assert light["step"] == dark["step"] == 3
    assert pixels(light).tobytes() != pixels(dark).tobytes()
    assert_shows(light, gif_frames)
    assert_shows(dark, gif_frames)


def test_without_javascript_the_gif_is_shown(player_runs):
    run = result(player_runs, "no-script")
    assert run["players"] == 0
    [(source, width)] = run["shown"]
    assert source.split("#")[0].endswith("/wide-light.gif") and width > 0
    assert run["steps"] > 1


def test_nothing_moves_while_the_player_starts_and_plays(player_runs):
    """Its controls and captions are laid out with the page and the canvas takes the GIF's box:
    no layout shift at all (Lighthouse's CLS target is 0)."""
    assert result(player_runs, "steady")["shifts"] == []


def test_canvas_takes_the_gifs_box(player_runs):
    """Same size as the GIF it replaces, at the same width: nothing below it moves."""
    gif_box = result(player_runs, "no-script")["box"]
    canvas_box = result(player_runs, "stepping")["paused"]["box"]
    assert canvas_box == pytest.approx(gif_box, abs=1)


def test_instant_navigation_keeps_one_working_player_per_figure(player_runs):
    run = result(player_runs, "instant")
    assert run["same_document"], "the page was reloaded, not swapped by instant navigation"
    assert run["counts"] and all(count == 1 for count in run["counts"])
    assert run["state"]["count"].startswith(f"Step {run['state']['step'] + 1} of {run['state']['step'] + 1} ")
    assert player_runs["instant"][1] == []


@pytest.mark.parametrize("name", ["clean-desktop-light", "clean-phone-dark"])
def test_players_load_cleanly_and_axe_finds_nothing(player_runs, name):
    run = result(player_runs, name)
    figures, players = run["counts"]
    assert figures > 0 and players == figures
    assert player_runs[name][1] == [], "console errors"
    found = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in run["violations"]]
    assert found == []


def test_touch_targets_are_44_px_on_a_phone(player_runs):
    run = result(player_runs, "clean-phone-dark")
    assert run["targets"]
    assert [size for size in run["targets"] if min(size) < 44] == []


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_console_errors(player_runs, name):
    assert player_runs[name][1] == []
