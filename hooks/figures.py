"""MkDocs hook: build the figures incrementally, add them to the site, expand `[[figure NAME]]` lines.

Before each build it re-renders only the figures whose key changed (in a child
process, so edited figure modules are imported afresh), then adds the cached
files as generated files under figures/NAME/. Nothing is written into docs/, so
`mkdocs serve` never loops. A line `[[figure page/name]]` on its own becomes a
<figure> with light and dark variants, wide and narrow sources, a reduced-motion
poster, width/height, alt text, a caption, and the step player's markup. An
unknown name fails the build naming the page and the figure.
"""

import difflib
import html
import importlib.util
import logging
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "scripts" / "build_figures.py"
TARGET = "figures"
NARROW_MEDIA = "(max-width: 42em)"
REDUCED = "(prefers-reduced-motion: reduce)"
LINE = re.compile(r"^\[\[figure\s+([^\]\s]+)\s*\]\]\s*$")
FENCE = re.compile(r"^\s*(```+|~~~+)")

log = logging.getLogger("mkdocs.hooks.figures")
_figures = {}  # name -> meta.json of the current build
_cache = [ROOT / ".figures-cache"]


def _builder():
    spec = importlib.util.spec_from_file_location("vb_build_figures", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_pre_build(config):
    """Render the figures whose sources changed (in a child process); load every figure's metadata."""
    builder = _builder()
    cache = _cache[0]
    try:
        planned = builder.plan(cache=cache, discover=False)
        if planned is None or not all(builder.is_fresh(job, cache) for job in planned):
            done = subprocess.run([sys.executable, str(BUILD_SCRIPT), "--cache", str(cache)],
                                  capture_output=True, text=True, cwd=ROOT, check=False)
            if done.stdout.strip():
                log.info(done.stdout.strip())
            if done.returncode:
                report = (done.stderr or done.stdout).strip()
                raise PluginError(f"figures: the figure build failed:\n{report}")
            planned = builder.plan(cache=cache, discover=False)
    except builder.FigureError as exc:
        raise PluginError(f"figures: {exc}") from None
    _figures.clear()
    for job in planned or ():
        meta = builder.read_meta(job.name, cache)
        if meta is None or meta.get("key") != job.key:
            raise PluginError(f"figures: {job.name} has no fresh output in {cache}")
        _figures[job.name] = meta


def on_files(files, config):
    """Add every figure file from the cache as a generated file under figures/."""
    cache = _cache[0]
    for name, meta in _figures.items():
        for file_name in meta["files"]:
            files.append(File.generated(config, f"{TARGET}/{name}/{file_name}",
                                        abs_src_path=str(cache / name / file_name)))
    return files


def on_page_markdown(markdown, page, config, files):
    """Replace each `[[figure NAME]]` line (outside code fences) with the figure's HTML."""
    out, fence, first = [], None, True
    for line in markdown.split("\n"):
        opener = FENCE.match(line)
        if opener:
            marker = opener.group(1)
            if fence is None:
                fence = marker
            elif marker.startswith(fence[0]) and len(marker) >= len(fence):
                fence = None
        match = LINE.match(line) if fence is None else None
        if not match:
            out.append(line)
            continue
        name = match.group(1)
        if name not in _figures:
            close = difflib.get_close_matches(name, list(_figures), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else "; declare it in scripts/figures/"
            raise PluginError(f"{page.file.src_uri}: unknown figure '{name}' in `{line.strip()}`{hint}")
        base = get_relative_url(f"{TARGET}/{name}/", page.file.url)
        out += ["", figure_html(_figures[name], base.rstrip("/") + "/", first=first), ""]
        first = False
    return "\n".join(out)


def _loading(meta, first):
    """How the browser should load a figure's images.

    Every image loads lazily: an eager one is fetched even while hidden, so the other theme's
    copy would always be downloaded too (and a first animation's GIF, which the step player
    replaces by its canvas). The first still of a page may be what a reader sees first: when
    it is on screen, it is fetched ahead of other images.
    """
    if first and meta["kind"] == "still":
        return 'loading="lazy" fetchpriority="high" decoding="async"'
    return 'loading="lazy" decoding="async"'


def _picture(meta, base, theme, first=False):
    """One <picture> for a theme: narrow and reduced-motion sources, the wide image last."""
    e = html.escape
    sizes = meta["sizes"]
    animated = meta["kind"] == "animation"
    wide, narrow = f"wide-{theme}", f"narrow-{theme}"
    sources = []
    if animated:
        sources.append((f"{REDUCED} and {NARROW_MEDIA}", f"{narrow}-poster.png", sizes[narrow]))
        sources.append((REDUCED, f"{wide}-poster.png", sizes[wide]))
        sources.append((NARROW_MEDIA, f"{narrow}.gif", sizes[narrow]))
        main = f"{wide}.gif"
    else:
        sources.append((NARROW_MEDIA, f"{narrow}.png", sizes[narrow]))
        main = f"{wide}.png"
    lines = [f'<picture class="vb-figure__picture" data-vb-theme="{theme}">']
    for media, file_name, (w, h) in sources:
        lines.append(f'<source media="{media}" srcset="{e(base + file_name)}" width="{w}" height="{h}">')
    w, h = sizes[wide]
    lines.append(f'<img src="{e(base + main)}#only-{theme}" width="{w}" height="{h}" alt="{e(meta["alt"])}" '
                 f"{_loading(meta, first)}>")
    lines.append("</picture>")
    return "\n".join(lines)


# The player's buttons: class suffix, label, SVG path on a 24 px grid.
BUTTONS = (
    ("first", "First step", "M4 5h2v14H4zm9 0v14l-7-7zm8 0v14l-7-7z"),
    ("prev", "Previous step", "M15 5v14l-9-7zm1 0h2v14h-2z"),
    ("play", "Play", "M7 5v14l12-7z"),
    ("next", "Next step", "M6 5h2v14H6zm3 0v14l9-7z"),
    ("last", "Last step", "M3 5v14l7-7zm7 0v14l7-7zm8 0h2v14h-2z"),
)


def step_label(step, frames, phase):
    """The counter's text: "Step 3 of 12 — backward" ("step", the default phase, is left out)."""
    return f"Step {step} of {frames}" + (f" — {phase}" if phase and phase != "step" else "")


def _player(meta):
    """The step player's canvas, controls and captions, laid out with the page so nothing moves when
    docs/javascripts/player.js brings them to life; shown only when scripts run (site.css)."""
    e = html.escape
    frames, captions = meta["frames"], meta["captions"]
    w, h = meta["sizes"]["wide-light"]
    buttons = "".join(f'<button type="button" class="vb-player__{name}" title="{label}" aria-label="{label}">'
                      f'<svg viewBox="0 0 24 24" aria-hidden="true"><path d="{path}"/></svg></button>'
                      for name, label, path in BUTTONS)
    # Hidden copies of every caption under the shown one keep the height of the tallest.
    sizers = "".join(f'<div class="vb-player__sizer" aria-hidden="true">{e(c)}</div>' for c in captions)
    # The canvas sits beside the controls, not in their box: when it takes the GIF's place, the
    # box holding the controls does not grow upwards (which browsers count as a layout shift).
    return (f'<canvas class="vb-player__canvas" role="img" aria-label="{e(meta["alt"])}" '
            f'width="{w}" height="{h}"></canvas>'
            '<div class="vb-player" tabindex="0" role="group" '
            f'aria-label="Step player: {e(meta["caption"])}" '
            'aria-keyshortcuts="ArrowLeft ArrowRight Home End Space">'
            f'<div class="vb-player__bar">{buttons}<input type="range" class="vb-player__range" min="1" '
            f'max="{frames}" value="1" aria-label="Step"></div>'
            '<div class="vb-player__live" aria-live="polite" aria-atomic="true">'
            f'<div class="vb-player__count">{e(step_label(1, frames, meta["phases"][0]))}</div>'
            '<div class="vb-player__text">'
            f'<div class="vb-player__caption">{e(captions[0])}</div>{sizers}</div>'
            "</div></div>")


def figure_html(meta, base, first=False):
    """The <figure> markup of one figure whose files live at `base`; `first` for a page's first figure."""
    e = html.escape
    name = meta["name"]
    anchor = "figure-" + name.replace("/", "-")
    attrs = [f'class="vb-figure vb-figure--{meta["kind"]}"', f'id="{anchor}"', f'data-vb-figure="{e(name)}"']
    if meta["kind"] == "animation":
        attrs += [f'data-vb-player="{e(base)}player.json"', f'data-vb-frames="{meta["frames"]}"']
    pictures = [_picture(meta, base, theme, first) for theme in ("light", "dark")]
    parts = [f"<figure {' '.join(attrs)}>", *pictures]
    if meta["kind"] == "animation":
        parts.append(_player(meta))
        steps = "".join(f'<li data-vb-phase="{e(p)}">{e(c)}</li>'
                        for c, p in zip(meta["captions"], meta["phases"]))
        parts.append(f'<details class="vb-figure__steps"><summary>The {meta["frames"]} steps in words'
                     f"</summary><ol>{steps}</ol></details>")
    parts.append(f'<figcaption>{e(meta["caption"])}</figcaption>')
    parts.append("</figure>")
    return "\n".join(parts)


def on_serve(server, config, builder):
    """Rebuild when a figure module or the package changes; the cache itself is not watched."""
    server.watch(str(ROOT / "scripts" / "figures"))
    server.watch(str(ROOT / "visual_backprop"))
    return server
