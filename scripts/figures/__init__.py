"""The site's figure declarations, one module per article, and the source each figure depends on.

`modules()` lists the article modules. `figure_sources(path)` reads a module
with `ast` only: a top-level function decorated with `@figure("literal/name")`
depends on its own text plus the module's shared code (everything else), so
editing it re-renders that figure alone. Figures declared any other way (say,
in a loop) depend on the whole module; `import_module(path)` finds their names.
"""

import ast
import importlib
from pathlib import Path

__all__ = ["FIGURES_DIR", "modules", "figure_sources", "import_module", "import_all"]

FIGURES_DIR = Path(__file__).resolve().parent


def modules():
    """Paths of the article modules, in name order."""
    return sorted(p for p in FIGURES_DIR.glob("*.py") if not p.name.startswith("_"))


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


def import_module(path):
    """Import the article module at `path`; returns the names of the figures it declares."""
    from visual_backprop.draw import declarations

    module = f"scripts.figures.{Path(path).stem}"
    importlib.import_module(module)
    return sorted(name for name, d in declarations().items() if d.module == module)


def import_all(paths=None):
    """Import every article module (or those at `paths`) and return all declarations by name."""
    from visual_backprop.draw import declarations

    for path in paths if paths is not None else modules():
        import_module(path)
    return declarations()
