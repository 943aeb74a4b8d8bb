"""The figures hook: `[[figure NAME]]` becomes full markup; an unknown name fails naming page and figure."""

import re
from pathlib import Path
from types import SimpleNamespace

import figures as hook
import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent

SIZES = {"wide-light": [720, 300], "wide-dark": [720, 300],
         "narrow-light": [360, 520], "narrow-dark": [360, 520]}
ANIMATION = {"name": "chain-rule/backward", "kind": "animation",
             "alt": 'g = (4x + 1)² "at" x = 1 & dg/dx = 40',
             "caption": "The chain rule <step> by step.", "sizes": SIZES, "frames": 3,
             "captions": ["Forward: x = 1.", "Backward: 4 × 10 = 40.", "Done."],
             "phases": ["forward", "backward", "done"], "files": []}
STILL = {"name": "training/curves", "kind": "still", "alt": "A loss curve.", "caption": "Loss falls.",
         "sizes": SIZES, "files": []}


@pytest.fixture(autouse=True)
def declared(monkeypatch):
    monkeypatch.setattr(hook, "_figures", {"chain-rule/backward": ANIMATION, "training/curves": STILL})


def page(src="chain-rule.md", url="chain-rule/"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src, url=url))


def expand(markdown, **kw):
    return hook.on_page_markdown(markdown, page(**kw), config=None, files=None)


def test_an_animation_expands_to_light_and_dark_pictures_with_posters_and_sizes():
    html = expand("Before.\n\n[[figure chain-rule/backward]]\n\nAfter.")
    assert html.startswith("Before.\n\n") and html.endswith("\n\nAfter.")
    assert html.count("<figure ") == 1 and html.count("<picture") == 2
    assert 'src="../figures/chain-rule/backward/wide-light.gif#only-light"' in html
    assert 'src="../figures/chain-rule/backward/wide-dark.gif#only-dark"' in html
    for theme in ("light", "dark"):
        base = "../figures/chain-rule/backward"
        assert (f'<source media="(prefers-reduced-motion: reduce) and (max-width: 42em)" '
                f'srcset="{base}/narrow-{theme}-poster.png" width="360" height="520">') in html
        assert (f'<source media="(prefers-reduced-motion: reduce)" '
                f'srcset="{base}/wide-{theme}-poster.png" width="720" height="300">') in html
        assert f'srcset="{base}/narrow-{theme}.gif" width="360" height="520"' in html
    alt = "g = (4x + 1)² &#34;at&#34; x = 1 &amp; dg/dx = 40"
    assert html.count(f'width="720" height="300" alt="{alt}"') == 2
    assert "<figcaption>The chain rule &lt;step&gt; by step.</figcaption>" in html
    assert 'data-vb-player="../figures/chain-rule/backward/player.json"' in html
    assert 'data-vb-frames="3"' in html and 'id="figure-chain-rule-backward"' in html
    assert ('<li data-vb-phase="backward" data-vb-count="Step 2 of 3 — backward">Backward: 4 × 10 = 40.</li>'
            in html)


def test_a_still_has_no_poster_and_no_player():
    html = expand("[[figure training/curves]]", src="training.md", url="training/")
    assert "poster" not in html and "data-vb-player" not in html and "prefers-reduced-motion" not in html
    assert 'srcset="../figures/training/curves/narrow-light.png"' in html
    assert 'src="../figures/training/curves/wide-dark.png#only-dark"' in html


def test_urls_are_relative_to_the_page():
    assert 'src="figures/chain-rule/backward/wide-light.gif#only-light"' in expand(
        "[[figure chain-rule/backward]]", src="index.md", url="")


def test_a_figure_with_an_explorer_expression_links_to_the_explorer_page(monkeypatch):
    assert "explore" not in expand("[[figure chain-rule/backward]]")
    linked = ANIMATION | {"explore": {"expr": "(4*x + 1)**2", "values": {"x": 1.0, "w_2": -0.5}, "step": 3}}
    monkeypatch.setitem(hook._figures, "chain-rule/backward", linked)
    link = ('<p class="vb-figure__explore"><a href="{}#expr=(4*x%20%2B%201)**2&amp;x=1&amp;w_2=-0.5'
            '&amp;step=3" aria-label="Open in the explorer: (4*x + 1)**2">Open in the explorer</a>'
            '<button type="button" class="vb-figure__live" data-vb-live="{}chain-rule/backward/live.json">'
            "Change the inputs</button></p>\n<figcaption>")
    assert link.format("../playground/", "../figures/") in expand("[[figure chain-rule/backward]]")
    home = expand("[[figure chain-rule/backward]]", src="index.md", url="")
    assert link.format("playground/", "figures/") in home


def test_a_player_line_is_the_figures_own_controls_with_no_steps():
    """The explorer's player comes from the same macro as every figure's: one source for its markup."""
    alone = expand("[[player the explorer's graph]]")
    figure = expand("[[figure chain-rule/backward]]")
    assert alone.startswith('<div class="vb-player" tabindex="0" role="group" aria-label="Step player: the')
    bar = re.search(r'<div class="vb-player__bar">.*?</div>', figure).group(0)
    assert bar.replace('max="3"', 'max="1"') in alone
    assert '<div class="vb-player__count"></div>' in alone and "vb-player__sizer" not in alone


def test_unknown_figure_fails_naming_the_page_and_the_figure():
    with pytest.raises(PluginError) as failure:
        expand("text\n[[figure chain-rule/forwards]]\n", src="chain-rule.md")
    assert "chain-rule.md" in str(failure.value) and "chain-rule/forwards" in str(failure.value)
    assert "did you mean chain-rule/backward?" in str(failure.value)


def test_only_whole_lines_outside_code_fences_expand():
    text = "```markdown\n[[figure chain-rule/nope]]\n```\nsee [[figure chain-rule/backward]] inline\n"
    assert expand(text) == text


def test_files_come_from_the_cache_as_generated_files(tmp_path, monkeypatch):
    (tmp_path / "chain-rule" / "backward").mkdir(parents=True)
    (tmp_path / "chain-rule" / "backward" / "wide-light.gif").write_bytes(b"GIF89a")
    monkeypatch.setattr(hook, "_cache", [tmp_path])
    monkeypatch.setattr(hook, "_figures", {"chain-rule/backward": ANIMATION | {"files": ["wide-light.gif"]}})
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path), "site_dir": str(tmp_path / "site")})
    config.validate()
    config.plugins._current_plugin = None  # set by MkDocs while it runs an event
    files = hook.on_files(Files([]), config)
    added = files.get_file_from_path("figures/chain-rule/backward/wide-light.gif")
    assert added is not None and added.generated_by and added.abs_src_path == str(
        tmp_path / "chain-rule" / "backward" / "wide-light.gif")


def test_every_image_loads_lazily_and_a_pages_first_still_comes_first():
    html = expand("[[figure training/curves]]\n\n[[figure training/curves]]\n\n"
                  "[[figure chain-rule/backward]]")
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 6 and all('loading="lazy"' in img for img in images)
    assert all('fetchpriority="high"' in img for img in images[:2])
    assert not any("fetchpriority" in img for img in images[2:])


def test_a_first_animation_gets_no_priority_for_the_player_draws_it():
    html = expand("[[figure chain-rule/backward]]\n\n[[figure training/curves]]")
    assert html.count('loading="lazy"') == 4 and "fetchpriority" not in html


def test_an_animation_carries_its_player_laid_out_with_the_first_step():
    """The controls and captions come with the page (so nothing moves when the script starts)."""
    html = expand("[[figure chain-rule/backward]]")
    player = html[html.index('<canvas'):html.index('<details')]
    assert player.index("</canvas>") < player.index('<div class="vb-player"')
    assert 'aria-label="Step player: The chain rule &lt;step&gt; by step."' in player
    for label in ("First step", "Previous step", "Play", "Next step", "Last step"):
        assert f'title="{label}" aria-label="{label}"' in player
    assert 'min="1" max="3" value="1" aria-label="Step"' in player
    assert '<div class="vb-player__count">Step 1 of 3 — forward</div>' in player
    assert '<div class="vb-player__caption">Forward: x = 1.</div>' in player
    sizers = re.findall(r'<div class="vb-player__sizer" aria-hidden="true">([^<]*)</div>', player)
    assert sizers == ANIMATION["captions"]
    assert 'width="720" height="300"></canvas>' in player
    # What player.js swaps in while playing comes with the page too.
    play = re.search(r'<button [^>]*class="vb-player__play"[^>]*>', player).group(0)
    assert 'data-vb-play="Play" data-vb-play-icon="M7 5v14l12-7z"' in play
    assert 'data-vb-pause="Pause" data-vb-pause-icon="M6 5h4v14H6zm8 0h4v14h-4z"' in play
    assert "vb-player" not in expand("[[figure training/curves]]", src="training.md", url="training/")


def test_the_counter_leaves_out_the_default_phase():
    assert hook.step_label(2, 9, "step") == "Step 2 of 9"
    assert hook.step_label(7, 18, "backward") == "Step 7 of 18 — backward"
