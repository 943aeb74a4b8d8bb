"""The floor: the site as a plain Material author would publish it from the same Markdown.

The same Markdown pages, `markdown_extensions`, nav (notebooks left out) and site_url, built with
a bare Material theme: no hooks, no plugins but search, no extra CSS or JavaScript, math left as
the TeX text arithmatex writes. Each `[[figure NAME]]` line becomes one lazy <img> of the figure's
wide light GIF (or PNG, for a still) with its width and height, taken from our own build. The
theme's fonts are off (`font: false`) as on our site: no page may fetch from another host.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIGURE_LINE = re.compile(r"^\[\[figure\s+([^\]\s]+)\s*\]\]\s*$", re.M)


def _config() -> dict:
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as stream:
        return yaml_load(stream)


def _without_notebooks(nav):
    """The nav with every notebook entry (and any section left empty) removed."""
    if isinstance(nav, str):
        return None if nav.endswith(".ipynb") else nav
    if isinstance(nav, dict):
        kept = {key: value for key, value in ((k, _without_notebooks(v)) for k, v in nav.items()) if value}
        return kept or None
    kept = [item for item in (_without_notebooks(entry) for entry in nav) if item]
    return kept or None


def plain_figure(name: str, figures: Path, depth: int) -> str:
    """One lazy <img> of the figure's wide light image, sized, linked relative to a page `depth` deep."""
    for suffix in ("gif", "png"):
        image = figures / name / f"wide-light.{suffix}"
        if image.is_file():
            with Image.open(image) as opened:
                width, height = opened.size
            src = "../" * depth + f"figures/{name}/wide-light.{suffix}"
            return f'<img src="{src}" alt="{name}" width="{width}" height="{height}" loading="lazy">'
    raise FileNotFoundError(f"the floor needs {figures / name}/wide-light.gif or .png: build our site first")


def write_sources(ours: Path, target: Path) -> Path:
    """The floor's mkdocs config and docs in target, figures taken from our built site `ours`."""
    config = _config()
    docs = target / "docs"
    for source in (ROOT / "docs").rglob("*.md"):
        relative = source.relative_to(ROOT / "docs")
        stem = relative.with_suffix("").as_posix()
        depth = 0 if stem == "index" or stem.endswith("/index") else stem.count("/") + 1
        text = FIGURE_LINE.sub(lambda m, depth=depth: plain_figure(m.group(1), ours / "figures", depth),
                               source.read_text(encoding="utf-8"))
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    shutil.copytree(ours / "figures", docs / "figures",
                    ignore=shutil.ignore_patterns("*.json", "*narrow*", "*poster*"))
    floor = {
        "site_name": config["site_name"], "site_url": config["site_url"], "docs_dir": str(docs),
        "theme": {"name": "material", "font": False, "language": config["theme"].get("language", "en")},
        "plugins": ["search"], "markdown_extensions": config["markdown_extensions"],
        "nav": _without_notebooks(config["nav"]),
    }
    path = target / "mkdocs.yml"
    path.write_text(json.dumps(floor, indent=1), encoding="utf-8")  # JSON is YAML
    return path


def build_floor(ours: Path, work: Path, site: Path):
    """Write the floor's sources into work and build them into site (run from the repository, so
    snippets resolve as on our site)."""
    config = write_sources(ours, work)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the floor's mkdocs build failed:\n{(done.stdout + done.stderr)[-6000:]}")
