"""MkDocs hook: the data and font a live figure fetches when a reader presses "Change the inputs".

For every graph animation that declares `explore=`, figures/NAME/live.json holds what the browser
needs to redraw that figure from the engine (docs/javascripts/explorer/live.js): its nodes in
forward order as [label, op, parent indexes, data], its phases, its explorer expression and values,
and its wide and narrow sizes. The nodes come from the figure's own trace, so the live figure keeps
the figure's labels (L, o, s) where the explorer would name nodes itself. The font is DejaVu Sans,
the figures' font (matplotlib's copy), cut down with fontTools to the characters a graph can show,
so the browser measures and sets text as the figures do. Nothing here is fetched before the press.
"""

import functools
import importlib
import io
import json
from pathlib import Path

import matplotlib
from fontTools import subset
from fontTools.ttLib import TTFont
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import article_figures
from visual_backprop.draw import build
from visual_backprop.draw.declare import declarations

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".figures-cache"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"dejavu-sans.woff": "DejaVuSans.ttf", "dejavu-sans-bold.woff": "DejaVuSans-Bold.ttf"}
FONT_TARGET = "assets/fonts/"
# What a graph can show: ASCII, × ÷ · ², Greek, super- and subscripts, dashes, ∂ ∇ − and the legend's ●.
CHARACTERS = [(0x20, 0x7E), (0xB0, 0xB7), (0xD7, 0xD7), (0xF7, 0xF7), (0x391, 0x3C9), (0x2010, 0x2027),
              (0x2070, 0x209C), (0x2202, 0x2202), (0x2207, 0x2207), (0x2212, 0x2212), (0x221A, 0x221A),
              (0x25CF, 0x25CF)]

_live = {}  # figure name -> its live.json bytes


def live_data(spec, link, sizes):
    """The live figure's data for a GraphAnimation `spec` with explorer `link` and meta.json's `sizes`."""
    trace = spec.trace
    index = {node.id: k for k, node in enumerate(trace.nodes)}
    if trace.nodes[-1].id != trace.root:
        raise ValueError("the output is not the last node of the forward order")
    nodes = [[n.label, n.op, [index[p] for p in n.parents], n.data] for n in trace.nodes]
    # meta.json sorts its keys: the fields come in the graph's order, the order of first use.
    values = {n.label: link["values"][n.label] for n in trace.nodes if not n.op and n.label in link["values"]}
    return {"expr": link["expr"], "values": values, "phases": list(spec.phases), "nodes": nodes,
            "sizes": {layout: sizes[f"{layout}-light"] for layout in ("wide", "narrow")}}


def on_pre_build(config):
    """live.json for every figure that declares explore=, from its declaration's own trace."""
    _live.clear()
    for job in build.plan(package=article_figures.__name__, cache=CACHE, discover=False) or ():
        meta = build.read_meta(job.name, CACHE)
        if not meta or not meta.get("explore"):
            continue
        try:
            spec = declarations(importlib.import_module(job.module))[job.name].build()
            data = live_data(spec, meta["explore"], meta["sizes"])
        except Exception as exc:
            raise PluginError(f"live figures: {job.name}: {type(exc).__name__}: {exc}") from None
        _live[job.name] = (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


@functools.cache
def font(file_name):
    """matplotlib's DejaVu Sans file cut down to CHARACTERS, as WOFF."""
    face = TTFont(FONTS / FONT_FILES[file_name])
    options = subset.Options()
    options.hinting = False  # browsers scale the outlines; the figures' widths need no hints
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes={code for first, last in CHARACTERS for code in range(first, last + 1)})
    cutter.subset(face)
    face.flavor = "woff"
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


def on_files(files, config):
    """Add each live.json beside its figure's files, and the two fonts."""
    for name, data in _live.items():
        files.append(File.generated(config, f"figures/{name}/live.json", content=data))
    for file_name in FONT_FILES:
        files.append(File.generated(config, FONT_TARGET + file_name, content=font(file_name)))
    return files
