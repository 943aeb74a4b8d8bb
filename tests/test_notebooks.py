"""The course notebooks: committed without outputs, and run top to bottom on a fresh kernel.

Each notebook is executed with nbclient in a new kernel, from docs/notebooks, the
way mkdocs-jupyter runs it at build time. It must raise no error, and nothing it
prints may depend on the machine: no file paths, no memory addresses, no
timings. Both carry a download link to their own file, which mkdocs-jupyter's
include_source copies next to the rendered page.
"""

import base64
import functools
import re
from pathlib import Path

import pytest
from graphs import tiny_network

from visual_backprop import Value, mse
from visual_backprop.format import fmt

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "docs" / "notebooks"
NAMES = ["visual-backprop", "first-engine"]
MACHINE = [
    (re.compile(r"(/home/|/tmp/|/work/|/usr/|/root/|site-packages|[A-Z]:\\\\)"), "a file path"),
    (re.compile(r"\b0x[0-9a-f]{6,}\b"), "a memory address"),
    (re.compile(r"\b(Wall time|CPU times|\d+(\.\d+)? ?(ms|µs|seconds|sec)\b)"), "a timing"),
]


def load(name):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


@functools.cache
def executed(name):
    book = load(name)
    client = nbclient.NotebookClient(book, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return book


def texts(book):
    """Every text a reader sees in the outputs: streams and plain-text or HTML results."""
    for cell in book.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                yield out.text
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                html = data.get("text/html", "")
                yield re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,…", html)
                yield data.get("text/plain", "") if not html else ""
            elif out.output_type == "error":
                yield f"{out.ename}: {out.evalue}"


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name):
    for cell in load(name).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: {cell.source[:40]!r}"


@pytest.mark.parametrize("name", NAMES)
def test_has_a_download_link_to_itself(name):
    first = load(name).cells[0]
    assert first.cell_type == "markdown"
    assert f'<a href="{name}.ipynb" download>' in first.source


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_runs_top_to_bottom_without_errors_or_machine_output(name):
    book = executed(name)
    outputs = [o for c in book.cells for o in c.get("outputs", [])]
    assert outputs, f"{name} printed nothing"
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], "stderr output"
    for text in texts(book):
        for pattern, what in MACHINE:
            found = pattern.search(text)
            assert not found, f"{name} prints {what}: {found.group(0)!r}"


@pytest.mark.slow
def test_visual_backprop_prints_the_engines_table_and_shows_the_animation():
    book = executed("visual-backprop")
    printed = "".join(o.text for c in book.cells for o in c.get("outputs", []) if o.output_type == "stream")
    net = tiny_network()
    x = [Value(1.0), Value(-1.0)]
    loss = mse(net(x), [0.25])
    loss.backward()
    for p in net.parameters():
        assert re.search(rf"^{re.escape(p.label)} +{re.escape(fmt(p.data))} +{re.escape(fmt(p.grad))}$",
                         printed, re.M), p.label
    assert re.search(rf"^x1 +1 +{re.escape(fmt(x[0].grad))}$", printed, re.M)
    assert re.search(rf"^L +{re.escape(fmt(loss.data))} +1$", printed, re.M)
    images = [o.data["text/html"] for c in book.cells for o in c.get("outputs", [])
              if o.output_type == "execute_result" and "text/html" in o.get("data", {})]
    assert len(images) == 1
    alt = re.search(r'alt="([^"]+)"', images[0]).group(1)
    assert f"L = {fmt(loss.data)}" in alt
    gif = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", images[0]).group(1))
    assert gif[:6] == b"GIF89a"
    assert len(gif) <= 400_000, f"the notebook's GIF is {len(gif)} bytes, over the figures' 400 KB budget"


@pytest.mark.slow
def test_first_engine_agrees_with_visual_backprop_and_central_differences():
    printed = "".join(o.text for c in executed("first-engine").cells for o in c.get("outputs", [])
                      if o.output_type == "stream")
    assert "dc/da = 1.0   dc/db = 2.0" in printed
    ours = re.findall(r"^(\w+): ours +(\S+) +visual_backprop +(\S+)$", printed, re.M)
    numeric = re.findall(r"^(\w+): backward +(\S+) +central differences +(\S+)$", printed, re.M)
    assert len(ours) == len(numeric) == 5
    assert all(a == b for _, a, b in ours) and all(a == b for _, a, b in numeric)
