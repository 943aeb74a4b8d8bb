"""The site's figure declarations, one module per article, and the source each figure depends on.

`modules()` lists the article modules. `figure_sources(path)` reads a module
with `ast` only: a top-level function decorated with `@figure("literal/name")`
depends on its own text plus the module's shared code (everything else), so
editing it re-renders that figure alone. Figures declared any other way (say,
in a loop) depend on the whole module; `import_module(path)` finds their names.
"""

import ast
import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path

__all__ = ["FIGURES_DIR", "modules", "figure_sources", "import_module", "import_all"]

FIGURES_DIR = Path(__file__).resolve().parent


def modules(folder=FIGURES_DIR):
    """Paths of the article modules in `folder`, in name order."""
    return sorted(p for p in Path(folder).glob("*.py") if not p.name.startswith("_"))


def _figure_name(decorator, path):
    if (isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "figure"
            and decorator.args and isinstance(decorator.args[0], ast.Constant)
            and isinstance(decorator.args[0].value, str)):
        return decorator.args[0].value
    return None


def figure_sources(path):
    """({literal figure name: source it depends on}, whole-module source) for the module at `path`."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    lines = text.splitlines(keepends=True)
    own, shared_lines = {}, []
    covered = set()
    for node in tree.body:
        names = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [n for n in (_figure_name(d, path) for d in node.decorator_list) if n]
        if names:
            start = min(d.lineno for d in node.decorator_list)
            segment = "".join(lines[start - 1: node.end_lineno])
            covered.update(range(start, node.end_lineno + 1))
            for name in names:
                if name in own:
                    raise ValueError(f"{path}: figure {name!r} is declared twice")
                own[name] = segment
    shared_lines = [line for i, line in enumerate(lines, 1) if i not in covered]
    shared = "".join(shared_lines)
    return {name: shared + "\0" + segment for name, segment in own.items()}, text


_loaded = {}  # module name -> digest of the source it was imported from


def import_module(path):
    """Import (or re-import, if its file changed) the module at `path`; returns its figure names."""
    from visual_backprop.draw import declarations
    from visual_backprop.draw.registry import forget

    path = Path(path).resolve()
    if path.parent == FIGURES_DIR:
        module = f"scripts.figures.{path.stem}"
    else:  # a folder of figures elsewhere, e.g. in a test
        module = f"_vb_figures_{hashlib.sha256(str(path.parent).encode()).hexdigest()[:12]}.{path.stem}"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if _loaded.get(module) != digest:
        forget(module)
        sys.modules.pop(module, None)
        if path.parent == FIGURES_DIR:
            importlib.import_module(module)
        else:
            spec = importlib.util.spec_from_file_location(module, path)
            loaded = importlib.util.module_from_spec(spec)
            sys.modules[module] = loaded
            try:
                spec.loader.exec_module(loaded)
            except BaseException:
                sys.modules.pop(module, None)
                raise
        _loaded[module] = digest
    return sorted(name for name, d in declarations().items() if d.module == module)


def import_all(paths=None):
    """Import every article module (or those at `paths`) and return all declarations by name."""
    from visual_backprop.draw import declarations

    for path in paths if paths is not None else modules():
        import_module(path)
    return declarations()
