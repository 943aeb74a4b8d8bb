"""The pages under docs/code/: one for each figure module, each in the nav."""

import re

from page_text import DOCS, FIGURES, ROOT

INCLUDED = re.compile(r'^--8<-- "scripts/figures/(\w+)\.py"$', re.M)


def test_every_figure_module_has_exactly_one_code_page():
    shown = {}
    for code_page in sorted((DOCS / "code").glob("*.md")):
        modules = INCLUDED.findall(code_page.read_text(encoding="utf-8"))
        assert len(modules) == 1, f"{code_page.name} should include one figure module, not {modules}"
        module = modules[0]
        assert module not in shown, f"{module}.py is shown twice: {shown.get(module)}, {code_page.name}"
        shown[module] = code_page.name
    modules = {path.stem for path in FIGURES.glob("*.py") if path.stem != "__init__"}
    assert set(shown) == modules


def test_every_code_page_is_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n")[1]
    for code_page in (DOCS / "code").glob("*.md"):
        assert f": code/{code_page.name}\n" in nav, f"docs/code/{code_page.name} is not in mkdocs.yml's nav"
