"""The PyTorch notebook: the one notebook committed WITH its outputs, so the site needs no PyTorch.

Every other notebook is committed empty and run at build time (tests/test_notebooks.py).
docs/notebooks/pytorch.ipynb is the exception: mkdocs.yml lists it under
mkdocs-jupyter's execute_ignore, and the site shows its stored outputs. So its outputs
are held to two checks here:
- always: every number it prints, for the engine and for PyTorch alike, is recomputed
  with the engine in this file and must match;
- where torch is installed (pip install -r requirements-torch.txt): the notebook is
  re-executed and must print exactly what is stored. Without torch that test is
  SKIPPED, and says so.
"""

import re
from pathlib import Path

import pytest
import yaml
from graphs import tiny_network

from visual_backprop import MLP, SGD, Value, mse
from visual_backprop.format import fmt

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "pytorch.ipynb"


def load():
    return nbformat.read(NOTEBOOK, as_version=4)


def printed(book):
    """The stdout of each code cell, streams joined."""
    return ["".join(o.text for o in c.outputs if o.output_type == "stream" and o.name == "stdout")
            for c in book.cells if c.cell_type == "code"]


def all_outputs(book):
    """Each code cell's outputs, as comparable plain data (streams joined per cell)."""
    cells = []
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        streams = {}
        rest = []
        for out in cell.outputs:
            if out.output_type == "stream":
                streams[out.name] = streams.get(out.name, "") + out.text
            else:
                rest.append((out.output_type, dict(out.get("data", {}))))
        cells.append((streams, rest))
    return cells


def test_the_one_notebook_committed_with_its_outputs():
    book = load()
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code)
    assert all(p for p in printed(book)[1:]), "every cell after the imports prints something"
    assert not [o for c in code for o in c.outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert '<a href="pytorch.ipynb" download>' in book.cells[0].source


def test_the_site_renders_it_without_running_it():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    plugins = [p for p in config["plugins"] if isinstance(p, dict)]
    jupyter = next(p["mkdocs-jupyter"] for p in plugins if "mkdocs-jupyter" in p)
    assert "notebooks/pytorch.ipynb" in jupyter["execute_ignore"]


def test_every_printed_number_is_the_engines():
    _, expression, tiny, sequential, training = printed(load())

    x = Value(2.0)
    y = x**3 + 2 * x
    y.backward()
    for who in ("engine: ", "PyTorch:"):
        assert f"{who} y = {fmt(y.data)}   dy/dx = {fmt(x.grad)}\n" in expression
    assert (fmt(y.data), fmt(x.grad)) == ("12", "14")  # the reference values

    net = tiny_network()
    xs = [Value(1.0), Value(-1.0)]
    hidden = net.layers[0](xs)
    z = [a.parents[0] for a in hidden]  # the pre-activations under each ReLU
    loss = mse(net.layers[1](hidden), [0.25])
    loss.backward()
    grads = str([fmt(v.grad) for v in xs])
    assert f"L         engine {fmt(loss.data)}   PyTorch {fmt(loss.data)}\n" in tiny
    assert f"dL/dx     engine {grads}   PyTorch {grads}\n" in tiny
    assert f"dL/dz     PyTorch {[fmt(v.grad) for v in z]} (kept by retain_grad)" in tiny
    rows = re.findall(r"^(L\d\.\S+) +engine +(\S+) +PyTorch +(\S+)$", tiny, re.M)
    assert len(rows) == len(net.parameters()) == 9
    by_label = {p.label: p.grad for p in net.parameters()}
    assert all(e == t == fmt(by_label[label]) for label, e, t in rows)

    engine_net = MLP([2, 3, 1], ["relu", "linear"], seed=0)
    assert f"parameters: engine {len(engine_net.parameters())}   PyTorch 13\n" in sequential
    assert len(engine_net.parameters()) == 13
    loss = mse(engine_net([Value(0.5), Value(-1.5)]), [1.0])
    loss.backward()
    assert f"L: engine {fmt(loss.data)}   PyTorch {fmt(loss.data)}\n" in sequential
    for layer in engine_net.layers:
        for n in layer.neurons:
            both = str([fmt(w.grad) for w in n.w] + [fmt(n.b.grad)])
            assert f"{n.b.label.rsplit('.', 1)[0]} engine {both}   PyTorch {both}\n" in sequential

    w, b = Value(0.0), Value(0.0)
    opt = SGD([w, b], lr=0.01)
    X, Y = [1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0]
    rows = {int(r[0]): r[1:] for r in (line.split() for line in training.splitlines()[1:])}
    assert sorted(rows) == [0, 50, 100, 150, 200]
    for epoch in range(201):
        opt.zero_grad()
        loss = mse([w * x + b for x in X], Y)
        loss.backward()
        if epoch in rows:
            mine = [fmt(w.data), fmt(b.data), fmt(loss.data)]
            assert rows[epoch] == mine + mine, epoch
        opt.step()


@pytest.mark.slow
def test_reexecuted_with_torch_it_prints_what_is_stored():
    pytest.importorskip("torch", reason="torch is not installed, so the PyTorch notebook was not re-run "
                                        "(pip install -r requirements-torch.txt to run it)")
    nbclient = pytest.importorskip("nbclient")
    stored = load()
    fresh = load()
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(fresh, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    assert all_outputs(fresh) == all_outputs(stored)
