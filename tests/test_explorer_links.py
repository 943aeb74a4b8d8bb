""""Open in the explorer" under the articles' graph animations: the same graph, the same values.

For every figure declaring `explore=`, the explorer's own parser (under Node) reads the
expression; the Python engine builds a graph from that parse tree with the values the link
carries, and that graph must be the figure's: the same operations on the same operands in the
same order, the same value and gradient at every node. The link a page shows is read back from
the rendered markup and must carry exactly that expression, the figure's leaf values, and the
step at which the explorer shows the figure's first frame.
"""

import html
import re
from pathlib import Path
from urllib.parse import unquote

import figures as hook
import pytest
from explorer_cases import build, close, python_trace, run_node

import article_figures
from visual_backprop.draw import declared
from visual_backprop.draw.explore import explorer_link
from visual_backprop.draw.scenes import scenes_for
from visual_backprop.trace import record

ROOT = Path(__file__).resolve().parent.parent

LINKED = {name: d for name, d in declared(article_figures.__name__).items() if d.explore}
HREF = re.compile(r'<p class="vb-figure__explore"><a href="([^"]+)"')


def graph_differences(figure, explorer):
    """Where two traces differ: operations, operands and their order exactly; values and gradients closely."""
    out = []
    if (figure.forward, figure.edges, figure.root) != (explorer.forward, explorer.edges, explorer.root):
        out.append("graph structure")
    for f, e in zip(figure.nodes, explorer.nodes, strict=True):
        if (f.op, f.parents) != (e.op, e.parents):
            out.append(f"node {f.id}: {f.op!r} of {f.parents} vs {e.op!r} of {e.parents}")
        if not f.op and not re.fullmatch(r"[A-Za-z_]\w*", f.label or "") and f.data != e.data:
            out.append(f"constant {f.id}: {f.data!r} vs {e.data!r}")
        for key in ("data", "grad"):
            if not close(getattr(f, key), getattr(e, key)):
                out.append(f"node {f.id} ({f.label}) {key}: {getattr(f, key)!r} vs {getattr(e, key)!r}")
    return out


def shown_link(declaration, spec):
    """The expression, values and step of the link the figure's markup shows on its article's page."""
    meta = {"name": declaration.name, "kind": "animation", "alt": "a", "caption": "c", "frames": 1,
            "captions": ["c"], "phases": ["forward"], "files": [],
            "sizes": {key: [720, 300] for key in ("wide-light", "wide-dark", "narrow-light", "narrow-dark")},
            "explore": explorer_link(declaration.explore, spec)}
    markup = hook.figure_html(meta, f"../figures/{declaration.name}/", explorer="../playground/")
    assert markup.count("Open in the explorer</a>") == 1
    href = html.unescape(HREF.search(markup).group(1))
    address, _, fragment = href.partition("#")
    assert address == "../playground/"
    fields = [part.split("=", 1) for part in fragment.split("&")]
    assert fields[0][0] == "expr"
    values = {unquote(k): float(v) for k, v in fields[1:] if k != "step"}
    step = [int(v) for k, v in fields[1:] if k == "step"]
    return unquote(fields[0][1]), values, step[0] if step else 1


@pytest.fixture(scope="module")
def explored(node_modules_dir, request):
    """Per linked figure: its spec, the link's expression, values and step, and the explorer's answer."""
    shown = {}
    for name, declaration in LINKED.items():
        spec = declaration.build()
        shown[name] = (spec, *shown_link(declaration, spec))
    cases = [{"expr": expr, "values": values} for _, expr, values, _ in shown.values()]
    answers = run_node(node_modules_dir, request.config.rootpath, {"cases": cases})["cases"]
    return {name: (*shown[name], answer) for name, answer in zip(shown, answers, strict=True)}


def test_the_articles_graph_animations_link_to_the_explorer():
    assert len(LINKED) >= 15
    assert {"home/hero", "computation-graphs/forward", "local-gradients/neuron-gates"} <= set(LINKED)


@pytest.mark.parametrize("name", sorted(LINKED))
def test_the_link_opens_the_figures_graph_with_its_values(explored, name):
    spec, expr, values, _, answer = explored[name]
    assert expr == LINKED[name].explore
    assert "error" not in answer, answer.get("error")
    leaves = {n.label: n.data for n in spec.trace.nodes if not n.op and n.label in values}
    assert values == leaves and len(values) == len(set(re.findall(r"[A-Za-z_]\w*", expr)) - {
        "exp", "log", "tanh", "sigmoid", "relu", "gelu", "max"}), (values, leaves)
    explorer = record(build(answer["tree"], values, {}))
    assert not graph_differences(spec.trace, explorer), graph_differences(spec.trace, explorer)[:4]
    js_root = next(n for n in answer["trace"]["nodes"] if n["id"] == answer["trace"]["root"])
    assert close(js_root["data"], spec.trace.node(spec.trace.root).data)


@pytest.mark.parametrize("name", sorted(LINKED))
def test_the_link_starts_where_the_figure_starts(explored, name):
    """From the link's step on, the explorer's steps are the figure's frames, phase for phase.

    Only the names differ: the explorer calls the output f and names intermediates by expression.
    """
    spec, _, values, step, answer = explored[name]
    explorer, _ = python_trace(answer["tree"], values)
    steps = scenes_for(explorer)
    assert [s.caption for s in steps] == answer["captions"]  # the explorer's steps, worded in Python
    frames = scenes_for(spec.trace, spec.phases)
    shown = steps[step - 1:step - 1 + len(frames)]
    assert [(s.phase, s.node) for s in shown] == [(f.phase, f.node) for f in frames], step
    if "backward" in spec.phases:  # the figure runs to the explorer's last step
        assert step - 1 + len(frames) == len(steps)
