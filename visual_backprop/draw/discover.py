"""Finding figures: the modules of a figure package, and the declarations each one makes when imported.

A figure package is any importable package whose modules declare figures with @figure; the
caller names it (the site's is article_figures, the folder scripts/figures/). Files whose
name starts with "_" are the package's shared code, not figure modules.
"""

import importlib
import importlib.util
import pkgutil
import sys
import traceback
from pathlib import Path

from .declare import declarations

__all__ = ["FigureError", "figure_folder", "figure_modules", "module_files", "import_figures",
           "error_location", "declared"]


class FigureError(RuntimeError):
    """A figure could not be found or built; the message names it and the cause."""


def figure_folder(package):
    """The folder of the figure package `package`, found without running any of its code."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FigureError(f"no figure package {package!r} can be imported")
    return Path(next(iter(spec.submodule_search_locations)))


def module_files(folder):
    """{module name: file} of the figure modules in `folder`, and the bytes of its shared files."""
    importlib.invalidate_caches()  # a module written a moment ago is listed and found
    shared = [f"{p.name}\0".encode() + p.read_bytes() for p in sorted(Path(folder).glob("_*.py"))]
    found = {info.name: Path(folder) / f"{info.name}.py"
             for info in pkgutil.iter_modules([str(folder)]) if not info.name.startswith("_")}
    return dict(sorted(found.items())), shared


def figure_modules(package):
    """The names of the figure modules in `package`, without importing them."""
    return list(module_files(figure_folder(package))[0])


def error_location(exc, folder):
    """' at file:line' of the deepest frame in `folder` that `exc` passed through, or ''."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(Path(folder).resolve()):
            return f" at {Path(frame.filename).name}:{frame.lineno}"
    return ""


def import_figures(module, digest, folder):
    """Import `module` (again if its digest changed, in a long-lived process); its declarations."""
    try:
        loaded = sys.modules.get(module)
        if loaded is None:
            loaded = importlib.import_module(module)
        elif getattr(loaded, "__figure_digest__", None) != digest:
            loaded = importlib.reload(loaded)
        loaded.__figure_digest__ = digest
        return declarations(loaded)
    except Exception as exc:
        raise FigureError(f"{module.rpartition('.')[2]}.py failed to import{error_location(exc, folder)}: "
                          f"{type(exc).__name__}: {exc}") from None


def declared(package):
    """Every figure declared in the modules of `package`, by name."""
    modules = [importlib.import_module(f"{package}.{stem}") for stem in figure_modules(package)]
    return declarations(*modules)
