"""MkDocs hook: build the figures incrementally, add them to the site, expand `[[figure NAME]]` lines.

Before each build it asks visual_backprop.draw.build whether every figure of the site's
package article_figures is fresh (reading file digests only). If not, it runs that build in
a child process (`scripts/build_figures.py`), which stays because it is the simplest
correct way: figure modules edited during `mkdocs serve` and whatever they import
are imported afresh, and the build forks its workers from a process with no server
threads. The cached files are added as generated files under figures/NAME/.
Nothing is written into docs/, so `mkdocs serve` never loops. A line
`[[figure page/name]]` on its own becomes the markup written once in
overrides/partials/vb-figure.html: a <figure> with light and dark variants, wide
and narrow sources, a reduced-motion poster, width/height, alt text, a caption,
and the step player's controls and steps. An unknown name fails the build naming
the page and the figure.
"""

import difflib
import functools
import logging
import re
import subprocess
import sys
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

import article_figures
from visual_backprop.draw import build, discover
from visual_backprop.draw.explore import explorer_hash
from visual_backprop.draw.steps import NARROW_MEDIA, step_label

ROOT = Path(__file__).resolve().parent.parent
FIGURES = article_figures.__name__  # the site's figure modules, scripts/figures/
BUILD = ROOT / "scripts" / "build_figures.py"
TARGET = "figures"
TEMPLATE = "partials/vb-figure.html"
EXPLORER = "playground/"  # the explorer page, docs/playground.md
REDUCED = "(prefers-reduced-motion: reduce)"
LINE = re.compile(r"^\[\[figure\s+([^\]\s]+)\s*\]\]\s*$")
PLAYER = re.compile(r"^\[\[player\s+([^\]]+?)\s*\]\]\s*$")  # a step player's controls alone (the explorer's)
FENCE = re.compile(r"^\s*(```+|~~~+)")

log = logging.getLogger("mkdocs.hooks.figures")
_figures = {}  # name -> meta.json of the current build
_cache = [ROOT / ".figures-cache"]


def on_pre_build(config):
    """Render the figures whose sources changed (in a child process); load every figure's metadata."""
    cache = _cache[0]
    try:
        planned = build.plan(package=FIGURES, cache=cache, discover=False)
        if planned is None or not all(build.is_fresh(job, cache) for job in planned):
            done = subprocess.run([sys.executable, str(BUILD), "--cache", str(cache)],
                                  capture_output=True, text=True, check=False)
            if done.stdout.strip():
                log.info(done.stdout.strip())
            if done.returncode:
                report = (done.stderr or done.stdout).strip()
                raise PluginError(f"figures: the figure build failed:\n{report}")
            planned = build.plan(package=FIGURES, cache=cache, discover=False)
    except build.FigureError as exc:
        raise PluginError(f"figures: {exc}") from None
    _figures.clear()
    for job in planned or ():
        meta = build.read_meta(job.name, cache)
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
    """Replace each `[[figure NAME]]` line (outside code fences) with the figure's HTML, and each
    `[[player LABEL]]` line with a step player's controls labelled "Step player: LABEL"."""
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
        controls = PLAYER.match(line) if fence is None else None
        if controls:
            out.append(str(_template().controls(controls.group(1), [])))
            continue
        if not match:
            out.append(line)
            continue
        name = match.group(1)
        if name not in _figures:
            close = difflib.get_close_matches(name, list(_figures), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else "; declare it in scripts/figures/"
            raise PluginError(f"{page.file.src_uri}: unknown figure '{name}' in `{line.strip()}`{hint}")
        base = get_relative_url(f"{TARGET}/{name}/", page.file.url)
        explorer = get_relative_url(EXPLORER, page.file.url).rstrip("/") + "/"
        out += ["", figure_html(_figures[name], base.rstrip("/") + "/", first=first, explorer=explorer), ""]
        first = False
    return "\n".join(out)


def _ahead(meta, first):
    """True when the figure's images are fetched ahead of others: a page's first still only.

    Every image loads lazily: an eager one is fetched even while hidden, so the other theme's
    copy would always be downloaded too (and a first animation's GIF, which the step player
    replaces by its canvas). The first still of a page may be what a reader sees first.
    """
    return first and meta["kind"] == "still"


def _picture(meta, base, theme, first=False):
    """One theme's <picture>: narrow and reduced-motion sources, the wide image last."""
    sizes = meta["sizes"]
    wide, narrow = f"wide-{theme}", f"narrow-{theme}"
    if meta["kind"] == "animation":
        sources = [(f"{REDUCED} and {NARROW_MEDIA}", f"{narrow}-poster.png", narrow),
                   (REDUCED, f"{wide}-poster.png", wide), (NARROW_MEDIA, f"{narrow}.gif", narrow)]
        main = f"{wide}.gif"
    else:
        sources, main = [(NARROW_MEDIA, f"{narrow}.png", narrow)], f"{wide}.png"
    return {"theme": theme, "src": f"{base}{main}#only-{theme}", "width": sizes[wide][0],
            "height": sizes[wide][1], "ahead": _ahead(meta, first),
            "sources": [{"media": media, "src": base + file_name, "width": sizes[v][0], "height": sizes[v][1]}
                        for media, file_name, v in sources]}


def figure_html(meta, base, first=False, explorer=EXPLORER):
    """The <figure> markup of one figure whose files live at `base`; `first` for a page's first figure.

    A figure whose meta.json has an "explore" link gets "Open in the explorer", to the page `explorer`.
    """
    animated = meta["kind"] == "animation"
    steps = [{"caption": c, "phase": p, "count": step_label(k, meta["frames"], p)}
             for k, (c, p) in enumerate(zip(meta["captions"], meta["phases"]), 1)] if animated else []
    return str(_template().figure({
        "name": meta["name"], "kind": meta["kind"], "anchor": "figure-" + meta["name"].replace("/", "-"),
        "alt": meta["alt"], "caption": meta["caption"], "player": f"{base}player.json",
        "pictures": [_picture(meta, base, theme, first) for theme in ("light", "dark")],
        "canvas": meta["sizes"]["wide-light"], "steps": steps,
        "explore": meta.get("explore") and {"href": explorer + explorer_hash(meta["explore"]),
                                            "expr": meta["explore"]["expr"], "live": f"{base}live.json"}}))


@functools.cache
def _template():
    """overrides/partials/vb-figure.html, whose macros write the markup."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
    return env.get_template(TEMPLATE).module


def on_serve(server, config, builder):
    """Rebuild when a figure module or the package changes; the cache itself is not watched."""
    server.watch(str(discover.figure_folder(FIGURES)))
    server.watch(str(build.ENGINE))
    return server
