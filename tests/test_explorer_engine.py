"""The explorer's JavaScript engine (docs/javascripts/explorer/) held to the Python engine under Node.

Random expressions with reused variables and every operation are written out as text; the
JavaScript parser reads them back, and Python builds its own graph from the tree it returns (no
eval: `^` is power). Both engines' traces must agree value for value and in the backward order,
the JavaScript captions worded from Python's trace must equal Python's exactly, and end to end
(each side formatting its own numbers) at least 99.9 % of the captions must match.
"""

import html
import re

import pytest
from explorer_cases import close, numbers_close, python_trace, random_cases, run_node

# The adapter: the only lines that know where the figures' wording and layout live (issue 14 may move them).
from visual_backprop.draw.layout import layered, op_id
from visual_backprop.draw.naming import op_symbol
from visual_backprop.draw.place import Geometry, place
from visual_backprop.draw.scenes import scenes_for
from visual_backprop.draw.theme import get_theme
from visual_backprop.trace import record


def python_words(trace):
    """Captions and headlines of every scene of `trace`, as the GIFs word them."""
    scenes = scenes_for(trace)
    return {"captions": [s.caption for s in scenes], "headlines": [s.headline for s in scenes]}


# --- random expressions ---------------------------------------------------------------


# --- the Python side, from the JavaScript parser's tree --------------------------------


def trace_differences(py, js):
    """Where two trace dicts disagree: structure exactly, numbers with close()."""
    out = []
    if (py["root"], py["forward"], py["edges"]) != (js["root"], js["forward"], js["edges"]):
        out.append("graph structure")
    for p, j in zip(py["nodes"], js["nodes"]):
        if (p["label"], p["op"], p["parents"]) != (j["label"], j["op"], j["parents"]):
            out.append(f"node {p['id']}: {p['label']!r} {p['op']!r} vs {j['label']!r} {j['op']!r}")
        for key in ("data", "grad"):
            if not close(p[key], j[key]):
                out.append(f"node {p['id']} {key}: {p[key]!r} vs {j[key]!r}")
    if [s["node"] for s in py["backward"]] != [s["node"] for s in js["backward"]]:
        out.append("backward visiting order")
    for p, j in zip(py["backward"], js["backward"]):
        if not close(p["upstream"], j["upstream"]):
            out.append(f"upstream at {p['node']}: {p['upstream']!r} vs {j['upstream']!r}")
        for pc, jc in zip(p["contributions"], j["contributions"]):
            if (pc["parent"], pc["slot"]) != (jc["parent"], jc["slot"]):
                out.append(f"contribution order at {p['node']}")
            out += [f"{key} of {pc['parent']} at {p['node']}: {pc[key]!r} vs {jc[key]!r}"
                    for key in ("local", "contribution", "before", "after") if not close(pc[key], jc[key])]
    return out


# --- the run ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crosscheck(node_modules_dir, request):
    """Every random case through both engines: (cases, Python results, JavaScript answer)."""
    root = request.config.rootpath
    cases = random_cases()
    asked = [{"expr": c["expr"], "values": c["values"]} for c in cases]
    first = run_node(node_modules_dir, root, {"cases": asked, "traces": []})["cases"]
    python = [python_trace(js["tree"], c["values"]) if js["tree"] else (None, None)
              for c, js in zip(cases, first, strict=True)]
    traces = [trace.to_dict() for trace, _ in python if trace]
    second = run_node(node_modules_dir, root, {"cases": [], "traces": traces})["traces"]
    return cases, python, first, iter(second)


def test_the_parser_reads_back_every_written_expression(crosscheck):
    cases, _, js, _ = crosscheck
    wrong = [(c["expr"], j.get("error")) for c, j in zip(cases, js) if j["tree"] != c["tree"]]
    assert not wrong, wrong[:5]


def test_both_engines_agree_on_values_gradients_order_and_errors(crosscheck):
    cases, python, js, _ = crosscheck
    traced = errors = 0
    problems = []
    for case, (trace, error), answer in zip(cases, python, js):
        if error is not None:
            errors += 1
            if answer.get("error", {}).get("message") != error:
                problems.append((case["expr"], error, answer.get("error")))
            continue
        traced += 1
        if "error" in answer:
            problems.append((case["expr"], "no error in Python", answer["error"]))
            continue
        found = trace_differences(trace.to_dict(), answer["trace"])
        if found:
            problems.append((case["expr"], case["values"], found[:3]))
    assert traced >= 500, f"only {traced} of {len(cases)} cases traced ({errors} domain errors)"
    assert errors >= 10, "the random cases should reach the engine's domain errors too"
    assert not problems, problems[:5]


def test_the_javascript_backward_is_the_sweep_record_records(crosscheck):
    """backward() leaves the grads record() recorded, and a second call doubles them exactly."""
    _, _, js, _ = crosscheck
    answers = [a for a in js if "trace" in a]
    assert len(answers) >= 500
    for answer in answers:
        assert answer["backward"]["once"] == [n["grad"] for n in answer["trace"]["nodes"]]
        assert answer["backward"]["twice"] == [2 * g for g in answer["backward"]["once"]]


def test_captions_from_the_same_numbers_are_worded_identically(crosscheck):
    _, python, _, from_python = crosscheck
    compared, wrong = 0, []
    for trace, _ in python:
        if trace is None:
            continue
        expected = python_words(trace)
        got = next(from_python)
        for kind in ("captions", "headlines"):
            compared += len(expected[kind])
            wrong += [(e, g) for e, g in zip(expected[kind], got[kind]) if e != g]
            if len(expected[kind]) != len(got[kind]):
                wrong.append((f"{len(expected[kind])} {kind}", f"{len(got[kind])} {kind}"))
    assert compared > 10_000
    assert not wrong, wrong[:5]


def test_captions_match_end_to_end(crosscheck, capsys):
    _, python, js, _ = crosscheck
    total, wrong = 0, []
    for (trace, _), answer in zip(python, js):
        if trace is None or "error" in answer:
            continue
        expected = python_words(trace)
        for kind in ("captions", "headlines"):
            total += len(expected[kind])
            wrong += [(e, g) for e, g in zip(expected[kind], answer[kind]) if e != g]
    with capsys.disabled():
        print(f"\nexplorer captions end to end: {total - len(wrong)} of {total} match")
        for e, g in wrong:
            print(f"  Python:     {e}\n  JavaScript: {g}")
    assert (total - len(wrong)) / total >= 0.999


BAD = [  # expression, values, error kind, column (None: not a parse error), words the message has
    ("(a+", {"a": 1}, "ParseError", 4, "ends too early"),
    ("a**b", {"a": 1, "b": 2}, "ParseError", 4, "must be a plain number, not the name “b”"),
    ("2x", {"x": 1}, "ParseError", 2, "write * to multiply"),
    ("max(a)", {"a": 1}, "ParseError", 1, "max takes two arguments"),
    ("sigmod(x)", {"x": 1}, "ParseError", 1, "did you mean sigmoid?"),
    ("a $ b", {"a": 1, "b": 1}, "ParseError", 3, "unexpected character “$”"),
    (" + ".join(f"v{i}" for i in range(31)) + " + 1", {f"v{i}": 1 for i in range(31)}, "SizeError", None,
     "This graph has 63 nodes; the explorer draws at most 60"),
]
NAMES = [  # names that an object's prototype also has are plain variables
    ("constructor * toString + __proto__", {"constructor": 2, "toString": 3, "__proto__": 4}),
]
DOMAIN = [  # expression, values: the engine refuses them, in Python's words
    ("log(x)", {"x": -1}), ("1 / (x - x)", {"x": 2}), ("x ** -1", {"x": 0}), ("exp(x)", {"x": 1000}),
    ("x ^ 0.5", {"x": -4}), ("x ** 400", {"x": 10}),
]


def test_bad_input_gets_a_message_naming_what_and_where(node_modules_dir, request):
    cases = [{"expr": e, "values": v} for e, v, *_ in BAD]
    cases += [{"expr": e, "values": v} for e, v in DOMAIN + NAMES]
    answers = run_node(node_modules_dir, request.config.rootpath, {"cases": cases, "traces": []})["cases"]
    for (expr, _, kind, column, words), answer in zip(BAD, answers):
        error = answer["error"]
        assert (error["kind"], error["column"]) == (kind, column), (expr, error)
        assert words in error["message"], (expr, error["message"])
    for (_, values), answer in zip(DOMAIN, answers[len(BAD):len(BAD) + len(DOMAIN)]):
        expected = python_trace(answer["tree"], {k: float(v) for k, v in values.items()})[1]
        assert expected and answer["error"] == {"kind": "EngineError", "message": expected, "column": None}
    for _, answer in zip(NAMES, answers[len(BAD) + len(DOMAIN):]):
        assert next(n["data"] for n in answer["trace"]["nodes"] if n["label"] == "f") == 10


# --- the layout: layout.js and place.js against draw/layout.py and draw/place.py ----------------


def python_layout(trace, op_widths, narrow, direction):
    layout = layered(trace)
    placement = place(layout, Geometry.for_theme(get_theme("light", narrow)), direction, op_widths)
    routes = None if placement is None else {"|".join(map(str, k)): v for k, v in placement.routes.items()}
    return {"ranks": layout.ranks, "position": layout.position,
            "placement": None if placement is None else {
                "centers": placement.centers, "half": placement.half, "routes": routes,
                "outputs": placement.outputs, "size": placement.size, "direction": placement.direction}}


def test_the_layout_is_the_figures_layout(crosscheck, node_modules_dir, request):
    _, python, _, _ = crosscheck
    traces = [trace for trace, _ in python if trace][:150]
    asked, expected = [], []
    for k, trace in enumerate(traces):
        # Op widths as the figures measure them would need DejaVu Sans; any widths do, if both sides get them.
        widths = {op_id(n.id): 28 + 9 * len(op_symbol(n.op)) for n in trace.nodes if n.op}
        narrow, direction = k % 3 == 0, ("tb" if k % 3 == 0 else "lr")
        asked.append({"trace": trace.to_dict(), "opWidths": widths, "narrow": narrow, "direction": direction})
        expected.append(python_layout(trace, widths, narrow, direction))
    got = run_node(node_modules_dir, request.config.rootpath, {"layouts": asked})["layouts"]
    wrong = [k for k, (e, g) in enumerate(zip(expected, got))
             if [list(r) for r in e["ranks"]] != g["ranks"] or not numbers_close(e["position"], g["position"])
             or not numbers_close(e["placement"], g["placement"])]
    assert sum(e["placement"] is not None and len(e["ranks"]) > 6 for e in expected) > 50
    assert not wrong, [(asked[k]["direction"], expected[k], got[k]) for k in wrong[:1]]


def test_the_graph_colours_are_the_figures_palette(request):
    css = (request.config.rootpath / "docs/stylesheets/explorer.css").read_text()
    light, dark = css.split('[data-md-color-scheme="slate"] .vbx')
    for text, theme in ((light, get_theme("light")), (dark, get_theme("dark"))):
        declared = dict(re.findall(r"--vbx-(\w+):\s*(#[0-9A-Fa-f]{6})", text))
        roles = ("background", "text", "muted", "faint", "card", "value", "grad", "active")
        wanted = {k: getattr(theme, k).lower() for k in roles}
        assert {k: declared.get(k, "").lower() for k in roles} == wanted


# --- the presets: the articles' worked examples, with the figures' own inputs --------------------

PRESETS = re.compile(r'data-expr="([^"]+)"\s+data-values="([^"]+)"')
# expression -> (figure module, how to get its graph from the module)
PRESET_FIGURES = {
    "(a + b) * (b + 1)": ("home", lambda m: m.two_paths()),
    "1 / (1 + exp(-x))": ("computation_graphs", lambda m: m.sigmoid_nodes()),
    "(4*x + 1)**2": ("chain_rule", lambda m: m.chain_rule_graph()),
    "((x**2) + 3)**2": ("chain_rule", lambda m: m.three_links()),
    "tanh(x1*w1 + x2*w2 + b)": ("engine", lambda m: m.neuron_graph()),
    "(x + y) * z": ("local_gradients", lambda m: m.add_mul()),
    "2 * (x*y + max(z, w))": ("local_gradients", lambda m: m.mul_max()),
    "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))": ("local_gradients", lambda m: m.sigmoid_neuron(one_gate=False)),
}


def figure_trace(module, build):
    """The figure's graph as a trace: what `build` returns, or the record of its last Value."""
    from page_text import figure_module

    made = build(figure_module(module))
    if not isinstance(made, tuple):
        return made
    flat = [v for item in made for v in (item if isinstance(item, tuple) else (item,))]
    return record(flat[-1])


def test_every_preset_is_a_worked_example_with_the_figures_inputs(node_modules_dir, request):
    page = (request.config.rootpath / "docs/playground.md").read_text(encoding="utf-8")
    presets = [(html.unescape(e), dict(p.split("=") for p in html.unescape(v).split("&")))
               for e, v in PRESETS.findall(page)]
    assert [e for e, _ in presets] == list(PRESET_FIGURES)
    cases = [{"expr": e, "values": {k: float(x) for k, x in v.items()}} for e, v in presets]
    answers = run_node(node_modules_dir, request.config.rootpath, {"cases": cases})["cases"]
    for case, answer in zip(cases, answers):
        figure = figure_trace(*PRESET_FIGURES[case["expr"]])
        leaves = {n.label: n for n in figure.nodes if not n.op}
        js_leaves = {n["label"]: n for n in answer["trace"]["nodes"] if not n["op"]}
        for name, value in case["values"].items():
            assert leaves[name].data == value, (case["expr"], name)
            assert close(js_leaves[name]["grad"], leaves[name].grad), (case["expr"], name)
        js_root = next(n for n in answer["trace"]["nodes"] if n["id"] == answer["trace"]["root"])
        assert close(js_root["data"], figure.node(figure.root).data), case["expr"]
