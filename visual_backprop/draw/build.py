"""Build a package's figures: plan, cache and store. One call: build(package=..., cache=Path(...)).

Figures are declared with @figure in the modules of a figure package, which the
caller names (discover.py finds the modules). A module's figures are rebuilt
when their key changes: the module's file, the package's shared files (its
__init__.py and modules starting with "_"), every file of visual_backprop/ and
the versions of the drawing libraries. Each figure becomes four variants
(variants.py renders them across forked processes). A figure's files are written
to temporary names and renamed into place only when all its variants succeeded,
meta.json last, so a failure leaves the last good output untouched.
scripts/build_figures.py is the site's command line over it.
"""

import hashlib
import importlib.metadata
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .discover import FigureError, figure_folder, import_figures, module_files
from .variants import VARIANTS, render_all

__all__ = ["VARIANTS", "FigureError", "Job", "build", "plan", "is_fresh", "read_meta", "write_atomic",
           "environment_digest", "ENGINE"]

LIBRARIES = ("matplotlib", "numpy", "imageio", "pillow")
FORMAT = 3  # bump when the files or player.json change shape
ENGINE = Path(__file__).resolve().parent.parent  # visual_backprop/


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


def _read_index(cache):
    try:
        return json.loads((cache / "index.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def plan(names=None, *, package, cache, discover=True):
    """Every declared figure (or those named) with its key; None if an import is needed and not allowed.

    A module unchanged since the last build is read from the cache's index.json; a changed
    or new one is imported to learn its figures, unless discover=False (the hook's quick check).
    """
    folder = figure_folder(package)
    modules, shared = module_files(folder)
    env = environment_digest()
    known = _read_index(cache).get("modules", {})
    jobs, entries = {}, {}
    for stem, path in modules.items():
        digest = _digest([env, *shared, stem, path.read_bytes()])
        entry = known.get(stem)
        if entry is None or entry.get("digest") != digest:
            if not discover:
                return None
            entry = {"digest": digest, "figures": sorted(import_figures(f"{package}.{stem}", digest, folder))}
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
    figure = next(part["figure"] for part in parts if "figure" in part)
    frames = parts[0]["frames"]
    folder = cache / job.name
    files = {}
    for part in parts:
        files.update(part["files"])
    variants = {part["variant"]: part["info"] for part in parts}
    meta = {"name": job.name, "key": job.key, "alt": figure["alt"], "caption": figure["caption"],
            "kind": "animation" if figure["animated"] else "still",
            "sizes": {v: [i["width"], i["height"]] for v, i in variants.items()}}
    if figure["animated"]:
        # What the player reads, and no more: the captions are the page's own step list.
        player = {"frames": len(frames["captions"]), "durations": frames["durations"], "variants": variants}
        files["player.json"] = _to_json(player, compact=True)  # every reader downloads it: no indents
        meta |= {"frames": player["frames"], **frames}
    if figure["explore"]:
        meta["explore"] = figure["explore"]
    meta["files"] = sorted(files)
    for file_name, data in sorted(files.items()):
        write_atomic(folder / file_name, data)
    write_atomic(folder / "meta.json", _to_json(meta))
    for old in folder.iterdir():  # files a previous version of this figure made
        if old.name not in files and old.name != "meta.json" and not old.name.startswith("."):
            old.unlink()
    return meta


def build(names=None, *, package, cache, force=False, jobs=None, log=print):
    """Build stale figures (all, or those named) of `package` into `cache`; {name: meta} of all planned.

    Raises FigureError naming every figure that failed, after storing the ones that worked.
    """
    cache = Path(cache)
    planned = plan(names, package=package, cache=cache)
    stale = [job for job in planned if force or not is_fresh(job, cache)]
    folder = figure_folder(package)
    for module, source in sorted({(job.module, job.source) for job in stale}):  # forked workers inherit it
        import_figures(module, source, folder)
    processes = max(1, min(jobs or os.cpu_count() or 1, len(stale) * len(VARIANTS) or 1))
    if stale:
        log(f"figures: rendering {len(stale)} of {len(planned)} ({', '.join(j.name for j in stale)}) "
            f"with {processes} process{'es' if processes > 1 else ''}")
    results = render_all(stale, processes)
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
