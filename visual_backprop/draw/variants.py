"""Rendering a figure's four variants (light and dark, wide and narrow), across forked processes.

A unit of work is (job, layout, theme). Its result holds that variant's files, sizes and
frame data; the first variant's result also holds the figure's own fields (alt text,
caption, explorer link), which do not depend on the variant, so they are worked out once.
"""

import contextlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from .declare import declarations
from .discover import FigureError, error_location

__all__ = ["VARIANTS", "render_variant", "render_all"]

VARIANTS = (("wide", "light"), ("wide", "dark"), ("narrow", "light"), ("narrow", "dark"))


def _declaration(job):
    module = sys.modules[job.module]  # imported by the build, here or before the fork
    declaration = declarations(module).get(job.name)
    if declaration is None:
        raise FigureError(f"figure {job.name!r}: {job.module} no longer declares it")
    return module, declaration


def _figure_fields(declaration, spec):
    """What the figure says whatever its variant: alt text, caption, explorer link, kind."""
    from .explore import explorer_link

    explore = declaration.explore and explorer_link(declaration.explore, spec)
    return {"alt": declaration.alt, "caption": declaration.caption, "explore": explore,
            "animated": spec.animated}


def _files(spec, rendered, stem):
    """The encoded files of one rendered variant, and what the page and the player need of them."""
    from .encode import encode_gif, encode_png, patch_atlas, quantize

    indexed = quantize(rendered.frames)
    width, height = rendered.size
    info = {"width": width, "height": height}
    if not spec.animated:
        return {f"{stem}.png": encode_png(indexed.indices[0], indexed.palette)}, info | {"png": f"{stem}.png"}
    atlas, patches = patch_atlas(indexed)
    files = {f"{stem}.gif": encode_gif(indexed, rendered.durations),
             f"{stem}-poster.png": encode_png(indexed.indices[-1], indexed.palette),
             f"{stem}-atlas.png": atlas}
    info |= {"gif": f"{stem}.gif", "poster": f"{stem}-poster.png", "atlas": f"{stem}-atlas.png",
             "patches": patches}
    return files, info


def render_variant(job, layout, theme):
    """One variant of `job`'s figure: {name, variant, files, info, frames} (+ figure on the first)."""
    from .render import render

    module, declaration = _declaration(job)
    stem = f"{layout}-{theme}"
    try:
        spec = declaration.build()
        rendered = render(spec, theme, layout)
        files, info = _files(spec, rendered, stem)
        fields = _figure_fields(declaration, spec) if (layout, theme) == VARIANTS[0] else None
    except Exception as exc:
        where = error_location(exc, Path(module.__file__).parent)
        raise FigureError(f"figure {job.name!r} ({layout}, {theme}) failed{where}: "
                          f"{type(exc).__name__}: {exc}") from None
    frames = {"captions": rendered.captions, "phases": rendered.phases, "durations": rendered.durations}
    part = {"name": job.name, "variant": stem, "files": files, "info": info, "frames": frames}
    return part | {"figure": fields} if fields else part


def _render_unit(unit):
    job, layout, theme = unit
    try:
        return render_variant(job, layout, theme)
    except FigureError as exc:
        return {"name": job.name, "error": str(exc)}
    except Exception as exc:  # a bug outside the figure itself still names the figure
        return {"name": job.name, "error": f"figure {job.name!r} failed: {type(exc).__name__}: {exc}"}


def render_all(jobs, processes=None):
    """{figure name: [its variants' results]} for `jobs`, rendered by `processes` forked workers."""
    units = [(job, layout, theme) for job in jobs for layout, theme in VARIANTS]
    processes = max(1, min(processes or os.cpu_count() or 1, len(units) or 1))
    results = {}
    with contextlib.ExitStack() as stack:
        if processes == 1:
            outputs = map(_render_unit, units)
        else:
            pool = stack.enter_context(ProcessPoolExecutor(processes, mp_context=get_context("fork")))
            outputs = pool.map(_render_unit, units)
        for out in outputs:
            results.setdefault(out["name"], []).append(out)
    return results
