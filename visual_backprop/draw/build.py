"""Build the site's figures: plan, cache, render, store. One call: build(cache=Path(".figures-cache")).

Figures are declared with @figure in the modules of a package (the site's is
article_figures, the folder scripts/figures/). A module's figures are rebuilt
when their key changes: the module's file, the package's shared files (its
__init__.py and modules starting with "_"), every file of visual_backprop/ and
the versions of the drawing libraries. Each figure becomes four variants (light
and dark, wide and narrow), rendered across forked processes. A figure's files
are written to temporary names and renamed into place only when all its variants
succeeded, meta.json last, so a failure leaves the last good output untouched.

    python -m visual_backprop.draw.build [NAMES...] [--force] [--jobs N] [--cache DIR] [--package NAME]
"""

import argparse
import contextlib
import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import pkgutil
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from .declare import declarations

__all__ = ["PACKAGE", "VARIANTS", "FigureError", "Job", "build", "plan", "is_fresh", "read_meta",
           "figure_folder", "figure_modules", "environment_digest", "main"]

PACKAGE = "article_figures"  # the site's figure modules: scripts/figures/, installed under this name
LIBRARIES = ("matplotlib", "numpy", "imageio", "pillow")
VARIANTS = (("wide", "light"), ("wide", "dark"), ("narrow", "light"), ("narrow", "dark"))
FORMAT = 2  # bump when the files or player.json change shape
ENGINE = Path(__file__).resolve().parent.parent  # visual_backprop/


class FigureError(RuntimeError):
    """A figure could not be built; the message names it and the cause."""


@dataclass(frozen=True)
class Job:
    """One declared figure: its name, the module declaring it, that module's digest, and its key."""

    name: str
    module: str
    source: str
    key: str


def _digest(parts):
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def environment_digest(engine=ENGINE):
    """Hash of the package's code (this build included) and the drawing libraries' versions."""
    parts = [f"format {FORMAT}"]
    for path in sorted(Path(engine).rglob("*.py")):
        parts += [path.relative_to(engine).as_posix(), path.read_bytes()]
    parts += [f"{lib} {importlib.metadata.version(lib)}" for lib in LIBRARIES]
    parts += [f"python {sys.version_info[:2]}"]
    return _digest(parts)


def figure_folder(package=PACKAGE):
    """The folder of the figure package `package`, found without running any of its code."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FigureError(f"no figure package {package!r} can be imported")
    return Path(next(iter(spec.submodule_search_locations)))


def figure_modules(package=PACKAGE):
    """The names of the figure modules in `package`, without importing them."""
    return list(_modules(figure_folder(package))[0])


def _modules(folder):
    """{module name: file} of the figure modules in `folder`, and the bytes of its shared files."""
    importlib.invalidate_caches()  # a module written a moment ago is listed and found
    found, shared = {}, [f"{p.name}\0".encode() + p.read_bytes() for p in sorted(Path(folder).glob("_*.py"))]
    for info in pkgutil.iter_modules([str(folder)]):
        if not info.name.startswith("_"):
            found[info.name] = Path(folder) / f"{info.name}.py"
    return dict(sorted(found.items())), shared


def _read_index(cache):
    try:
        return json.loads((cache / "index.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _where(exc, folder):
    """file:line of the deepest frame in a figure module, if the error came from one."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(Path(folder).resolve()):
            return f" at {Path(frame.filename).name}:{frame.lineno}"
    return ""


def _load(module, digest, folder):
    """Import `module`, again if its file changed since (in a long-lived process); its declarations."""
    try:
        loaded = sys.modules.get(module)
        if loaded is None:
            loaded = importlib.import_module(module)
        elif getattr(loaded, "__figure_digest__", None) != digest:
            loaded = importlib.reload(loaded)
        loaded.__figure_digest__ = digest
        return declarations(loaded)
    except Exception as exc:
        raise FigureError(f"{module.rpartition('.')[2]}.py failed to import{_where(exc, folder)}: "
                          f"{type(exc).__name__}: {exc}") from None


def plan(names=None, *, cache, package=PACKAGE, discover=True):
    """Every declared figure (or those named) with its key; None if an import is needed and not allowed.

    A module unchanged since the last build is read from the cache's index.json; a changed
    or new one is imported to learn its figures, unless discover=False (the hook's quick check).
    """
    folder = figure_folder(package)
    modules, shared = _modules(folder)
    env = environment_digest()
    known = _read_index(cache).get("modules", {})
    jobs, entries = {}, {}
    for stem, path in modules.items():
        digest = _digest([env, *shared, stem, path.read_bytes()])
        entry = known.get(stem)
        if entry is None or entry.get("digest") != digest:
            if not discover:
                return None
            entry = {"digest": digest, "figures": sorted(_load(f"{package}.{stem}", digest, folder))}
        entries[stem] = entry
        for name in entry["figures"]:
            if name in jobs:
                raise FigureError(f"figure {name!r} is declared in both "
                                  f"{jobs[name].module.rpartition('.')[2]}.py and {stem}.py")
            jobs[name] = Job(name, f"{package}.{stem}", digest, _digest([digest, name]))
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


def read_meta(name, cache):
    """The stored meta.json of figure `name`, or None."""
    try:
        return json.loads((cache / name / "meta.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def is_fresh(job, cache):
    """True when the cache holds every file of `job` built from the same key."""
    meta = read_meta(job.name, cache)
    return bool(meta) and meta.get("key") == job.key and all(
        (cache / job.name / f).is_file() for f in meta.get("files", ()))


# --- rendering (in worker processes) ---------------------------------------


def render_variant(job, layout, theme):
    """Render one variant of `job`'s figure; returns {file name: bytes}, sizes and the frame data."""
    from .encode import encode_gif, encode_png, patch_atlas, quantize
    from .explore import explorer_link
    from .render import render

    module = sys.modules[job.module]  # imported by plan(), here or before the fork
    declaration = declarations(module).get(job.name)
    if declaration is None:
        raise FigureError(f"figure {job.name!r}: {job.module} no longer declares it")
    try:
        spec = declaration.build()
        rendered = render(spec, theme, layout)
        indexed = quantize(rendered.frames)
        alt, caption = declaration.alt, declaration.caption
        explore = declaration.explore and explorer_link(declaration.explore, spec)
    except Exception as exc:
        where = _where(exc, Path(module.__file__).parent)
        raise FigureError(f"figure {job.name!r} ({layout}, {theme}) failed{where}: "
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
    return {"name": job.name, "variant": stem, "files": files, "info": info, "frames": frames,
            "animated": spec.animated, "alt": alt, "caption": caption, "explore": explore}


def _render_unit(unit):
    job, layout, theme = unit
    try:
        return render_variant(job, layout, theme)
    except FigureError as exc:
        return {"name": job.name, "error": str(exc)}
    except Exception as exc:  # a bug outside the figure itself still names the figure
        return {"name": job.name, "error": f"figure {job.name!r} failed: {type(exc).__name__}: {exc}"}


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
    if first["explore"]:
        meta["explore"] = first["explore"]
    meta["files"] = sorted(files)
    for file_name, data in sorted(files.items()):
        write_atomic(folder / file_name, data)
    write_atomic(folder / "meta.json", _to_json(meta))
    for old in folder.iterdir():  # files a previous version of this figure made
        if old.name not in files and old.name != "meta.json" and not old.name.startswith("."):
            old.unlink()
    return meta


def build(names=None, *, cache, package=PACKAGE, force=False, jobs=None, log=print):
    """Build stale figures (all, or those named) into `cache`; returns {name: meta} of all planned.

    Raises FigureError naming every figure that failed, after storing the ones that worked.
    """
    cache = Path(cache)
    planned = plan(names, cache=cache, package=package)
    stale = [job for job in planned if force or not is_fresh(job, cache)]
    folder = figure_folder(package)
    for module, source in sorted({(job.module, job.source) for job in stale}):  # forked workers inherit it
        _load(module, source, folder)
    units = [(job, layout, theme) for job in stale for layout, theme in VARIANTS]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(units) or 1))
    results = {}
    if units:
        log(f"figures: rendering {len(stale)} of {len(planned)} ({', '.join(j.name for j in stale)}) "
            f"with {jobs} process{'es' if jobs > 1 else ''}")
        with contextlib.ExitStack() as stack:
            if jobs == 1:
                outputs = map(_render_unit, units)
            else:
                pool = stack.enter_context(ProcessPoolExecutor(jobs, mp_context=get_context("fork")))
                outputs = pool.map(_render_unit, units)
            for out in outputs:
                results.setdefault(out["name"], []).append(out)
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


def main(argv=None, *, cache=Path(".figures-cache")):
    """The command line: build the figures named (default: all); 0 on success, 1 with the errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="figures to build (default: all)")
    parser.add_argument("--force", action="store_true", help="rebuild even when the cache is fresh")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: one per core)")
    parser.add_argument("--cache", type=Path, default=cache, help=f"output folder (default {cache})")
    parser.add_argument("--package", default=PACKAGE, help=f"the figure modules (default {PACKAGE})")
    args = parser.parse_args(argv)
    try:
        metas = build(args.names or None, force=args.force, jobs=args.jobs, cache=args.cache,
                      package=args.package)
    except FigureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"figures: {len(metas)} up to date in {args.cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
