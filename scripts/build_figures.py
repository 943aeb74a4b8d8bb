"""Render the site's figures into the git-ignored cache .figures-cache/, incrementally and in parallel.

    python scripts/build_figures.py [NAMES...] [--force] [--jobs N] [--cache DIR]

Each figure is rebuilt only when its key changes: the figure's own code plus its
module's shared code, all of visual_backprop/, this script, and the versions of
matplotlib, numpy, imageio and Pillow. Each figure becomes four variants (light
and dark, wide and narrow), rendered across processes. A figure's files are
written to temporary names and renamed into place only when all its variants
succeeded, meta.json last, so a failure leaves the last good output untouched.
"""

import argparse
import contextlib
import hashlib
import importlib.metadata
import json
import os
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.figures import FIGURES_DIR, figure_sources, import_module, modules  # noqa: E402

CACHE = ROOT / ".figures-cache"
PACKAGE = ROOT / "visual_backprop"
LIBRARIES = ("matplotlib", "numpy", "imageio", "pillow")
VARIANTS = (("wide", "light"), ("wide", "dark"), ("narrow", "light"), ("narrow", "dark"))
FORMAT = 2  # bump when the files or player.json change shape


class FigureError(RuntimeError):
    """A figure could not be built; the message names it and the cause."""


@dataclass(frozen=True)
class Job:
    """One declared figure: its name, module file and content key."""

    name: str
    module: Path
    key: str


def _digest(parts):
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def environment_digest(package=PACKAGE):
    """Hash of the package code, this script and the drawing libraries' versions."""
    parts = [f"format {FORMAT}", Path(__file__).read_bytes()]
    for path in sorted(Path(package).rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    parts += [f"{lib} {importlib.metadata.version(lib)}" for lib in LIBRARIES]
    parts += [f"python {sys.version_info[:2]}"]
    return _digest(parts)


def _dynamic(text):
    """True when the module may declare a figure whose name is not a plain string literal."""
    import ast

    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "figure" and not (
                node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            return True
    return False


def _read_index(cache):
    try:
        return json.loads((cache / "index.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def plan(names=None, cache=CACHE, discover=True, figures=FIGURES_DIR):
    """Every declared figure (or those named) with its key; None if discovery is needed and not allowed.

    Modules unchanged since the last build are read from the cache's index.json;
    a changed module is parsed with ast, and imported only when it declares
    figures under computed names. With discover=False nothing is imported.
    """
    env = environment_digest()
    index = _read_index(cache)
    known = index.get("modules", {})
    jobs, entries = {}, {}
    for path in modules(figures):
        literal, text = figure_sources(path)
        digest = _digest([env, path.name, text])
        entry = known.get(path.name)
        if entry is None or entry.get("digest") != digest:
            declared = sorted(literal)
            if _dynamic(text):
                if not discover:
                    return None
                try:
                    declared = import_module(path)
                except Exception as exc:
                    raise FigureError(f"{path.name} failed to import{_where(exc, figures)}: "
                                      f"{type(exc).__name__}: {exc}") from None
            entry = {"digest": digest, "figures": {
                name: _digest([env, path.name, literal[name]] if name in literal else [env, path.name, text])
                for name in declared}}
        entries[path.name] = entry
        for name, key in entry["figures"].items():
            if name in jobs:
                raise FigureError(
                    f"figure {name!r} is declared in both {jobs[name].module.name} and {path.name}")
            jobs[name] = Job(name, path, key)
    if discover and entries != known:
        cache.mkdir(parents=True, exist_ok=True)
        write_atomic(cache / "index.json", _to_json({"modules": entries}))
    if names:
        unknown = sorted(set(names) - set(jobs))
        if unknown:
            raise FigureError(
                f"no figure named {', '.join(map(repr, unknown))}; declared: {', '.join(sorted(jobs))}")
        return [jobs[n] for n in sorted(set(names))]
    return [jobs[n] for n in sorted(jobs)]


def read_meta(name, cache=CACHE):
    """The stored meta.json of figure `name`, or None."""
    try:
        return json.loads((cache / name / "meta.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def is_fresh(job, cache=CACHE):
    """True when the cache holds every file of `job` built from the same key."""
    meta = read_meta(job.name, cache)
    return bool(meta) and meta.get("key") == job.key and all(
        (cache / job.name / f).is_file() for f in meta.get("files", ()))


# --- rendering (in worker processes) ---------------------------------------


def _where(exc, folder=FIGURES_DIR):
    """file:line of the deepest frame in a figure module, if the error came from one."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(Path(folder).resolve()):
            return f" at {Path(frame.filename).name}:{frame.lineno}"
    return ""


def render_variant(name, module, layout, theme):
    """Render one variant of figure `name` from `module`; returns {file name: bytes} and the frame data."""
    from visual_backprop.draw.encode import encode_gif, encode_png, patch_atlas, quantize
    from visual_backprop.draw.render import render

    try:
        import_module(module)
        from visual_backprop.draw import declarations

        declaration = declarations().get(name)
        if declaration is None:
            raise FigureError(f"figure {name!r}: its module did not register it with @figure")
        spec = declaration.build()
        rendered = render(spec, theme, layout)
        indexed = quantize(rendered.frames)
    except FigureError:
        raise
    except Exception as exc:
        raise FigureError(f"figure {name!r} ({layout}, {theme}) failed{_where(exc, Path(module).parent)}: "
                          f"{type(exc).__name__}: {exc}") from None
    stem = f"{layout}-{theme}"
    width, height = rendered.size
    info = {"width": width, "height": height}
    files = {}
    if spec.animated:
        files[f"{stem}.gif"] = encode_gif(indexed, rendered.durations)
        files[f"{stem}-poster.png"] = encode_png(indexed.indices[-1], indexed.palette)
        atlas, patches = patch_atlas(indexed)
        files[f"{stem}-atlas.png"] = atlas
        info |= {"gif": f"{stem}.gif", "poster": f"{stem}-poster.png", "atlas": f"{stem}-atlas.png",
                 "patches": patches}
    else:
        files[f"{stem}.png"] = encode_png(indexed.indices[0], indexed.palette)
        info |= {"png": f"{stem}.png"}
    frames = {"captions": rendered.captions, "phases": rendered.phases, "durations": rendered.durations}
    return {"name": name, "variant": stem, "files": files, "info": info, "frames": frames,
            "animated": spec.animated, "alt": declaration.alt, "caption": declaration.caption}


def _render_unit(unit):
    name, module, layout, theme = unit
    try:
        return render_variant(name, module, layout, theme)
    except FigureError as exc:
        return {"name": name, "error": str(exc)}
    except Exception as exc:  # a bug outside the figure itself still names the figure
        return {"name": name, "error": f"figure {name!r} failed: {type(exc).__name__}: {exc}"}


# --- writing ----------------------------------------------------------------


def write_atomic(path, data):
    """Write bytes to `path` through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _to_json(data, compact=False):
    layout = {"separators": (",", ":")} if compact else {"indent": 1}
    return (json.dumps(data, **layout, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n").encode()


def _store(job, parts, cache):
    """Write one figure's variants, its player.json (animations) and finally its meta.json."""
    first = parts[0]
    folder = cache / job.name
    files = {}
    for part in parts:
        files.update(part["files"])
    variants = {part["variant"]: part["info"] for part in parts}
    meta = {"name": job.name, "key": job.key, "alt": first["alt"], "caption": first["caption"],
            "kind": "animation" if first["animated"] else "still",
            "sizes": {v: [i["width"], i["height"]] for v, i in variants.items()}}
    if first["animated"]:
        player = {"version": FORMAT, "name": job.name, "frames": len(first["frames"]["captions"]),
                  **first["frames"], "variants": variants}
        files["player.json"] = _to_json(player, compact=True)  # every reader downloads it: no indents
        meta |= {"frames": player["frames"], "captions": player["captions"], "phases": player["phases"],
                 "durations": player["durations"]}
    meta["files"] = sorted(files)
    for file_name, data in sorted(files.items()):
        write_atomic(folder / file_name, data)
    write_atomic(folder / "meta.json", _to_json(meta))
    for old in folder.iterdir():  # files a previous version of this figure made
        if old.name not in files and old.name != "meta.json" and not old.name.startswith("."):
            old.unlink()
    return meta


def build(names=None, *, force=False, jobs=None, cache=CACHE, figures=FIGURES_DIR, log=print):
    """Build stale figures (all, or those named) into `cache`; returns {name: meta} of all planned.

    Raises FigureError naming every figure that failed, after storing the ones that worked.
    """
    planned = plan(names, cache, figures=figures)
    stale = [job for job in planned if force or not is_fresh(job, cache)]
    units = [(job.name, job.module, layout, theme) for job in stale for layout, theme in VARIANTS]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(units) or 1))
    results = {}
    if units:
        log(f"figures: rendering {len(stale)} of {len(planned)} ({', '.join(j.name for j in stale)}) "
            f"with {jobs} process{'es' if jobs > 1 else ''}")
        if jobs == 1:
            outputs = map(_render_unit, units)
        else:
            for path in sorted({job.module for job in stale}):  # once here, inherited by forked workers
                with contextlib.suppress(Exception):  # a worker reports it against its figure
                    import_module(path)
            pool = ProcessPoolExecutor(jobs, mp_context=get_context("fork"))
            outputs = pool.map(_render_unit, units)
        try:
            for out in outputs:
                results.setdefault(out["name"], []).append(out)
        finally:
            if jobs > 1:
                pool.shutdown()
    errors = []
    for job in stale:
        parts = results[job.name]
        failed = [p["error"] for p in parts if "error" in p]
        if failed:
            errors.append(failed[0])
            continue
        _store(job, parts, cache)
    if errors:
        raise FigureError("\n".join(errors))
    return {job.name: read_meta(job.name, cache) for job in planned}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="figures to build (default: all)")
    parser.add_argument("--force", action="store_true", help="rebuild even when the cache is fresh")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: one per core)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="output folder (default .figures-cache)")
    args = parser.parse_args(argv)
    try:
        metas = build(args.names or None, force=args.force, jobs=args.jobs, cache=args.cache)
    except FigureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"figures: {len(metas)} up to date in {args.cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
