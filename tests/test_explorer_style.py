"""The drawings' decisions held equal under Node: style.js, tags.js and steps.js against draw/.

On the cross-check's random traces, every scene's style (per element: colour role, width, dash,
visibility, the numbers a card shows, each tag's text, role and anchor) must be equal in both
languages, and so must the tags' placement (to 1e-9 px), given the same geometry and text widths. Step labels,
frame durations and the shared constants are compared too; constants.js must be what
draw/constants.py generates.
"""

import importlib.util
import json
import random
import re

import pytest
from explorer_cases import numbers_close, python_trace, random_cases, run_node

from visual_backprop.draw import constants
from visual_backprop.draw.layout import layered, op_id
from visual_backprop.draw.naming import op_symbol
from visual_backprop.draw.place import Geometry, place
from visual_backprop.draw.scenes import scenes_for
from visual_backprop.draw.steps import NARROW_MEDIA, frame_duration, step_label
from visual_backprop.draw.style import style
from visual_backprop.draw.tags import blockers, edge_key, place_tags
from visual_backprop.draw.theme import get_theme

TRACES = 120


def width(text, font):
    """Text widths both sides agree on (crosscheck.mjs has the same): 0.6 of the font size per character."""
    return font * 0.6 * len(text)


def geometry_of(trace, narrow):
    """The anchors, half sizes, kinds, tag bounds and font a painter would hand style() and place_tags()."""
    layout = layered(trace)
    geo = Geometry.for_theme(get_theme("light", narrow))
    widths = {op_id(n.id): 28 + 9 * len(op_symbol(n.op)) for n in trace.nodes if n.op}
    placement = (None if narrow else place(layout, geo, "lr", widths)) or place(layout, geo, "tb", widths)
    return {
        "anchors": {
            "outputs": placement.outputs,
            "edges": {edge_key(*key): lines[0] for key, lines in placement.routes.items()},
            "centers": placement.centers,
        },
        "half": placement.half,
        "kind": layout.kind,
        "bounds": [2, -6, placement.size[0] - 2, placement.size[1] + 2],
        "font": 13.0 if narrow else 14.0,
    }


def plain(value):
    """As JSON gives it back: tuples become lists."""
    return json.loads(json.dumps(value))


def python_looks(trace, geo):
    """Per scene: style() and the placed tags, as crosscheck.mjs's look() answers them."""
    avoid = blockers(geo["anchors"]["centers"], geo["half"], geo["kind"])
    out = []
    for scene in scenes_for(trace):
        styled = style(trace, scene, geo["anchors"])
        placed = place_tags(styled["tags"], geo["font"], avoid, geo["bounds"], geo["half"], width)
        out.append(plain({"style": styled, "placed": [
            {"text": t.text, "role": t.role, "center": t.center, "leader": t.leader} for t in placed],
            "blockers": len(avoid)}))
    return out


@pytest.fixture(scope="module")
def looks(node_modules_dir, request):
    """(Python's, JavaScript's) looks of every scene of the first TRACES random traces."""
    traces = [t for c in random_cases() for t, _ in [python_trace(c["tree"], c["values"])] if t][:TRACES]
    asked, expected = [], []
    for k, trace in enumerate(traces):
        geo = geometry_of(trace, narrow=k % 3 == 0)
        asked.append(plain({"trace": trace.to_dict(), **geo}))
        expected.append(python_looks(trace, geo))
    got = run_node(node_modules_dir, request.config.rootpath, {"styles": asked})["styles"]
    return expected, got


def test_every_element_is_styled_alike(looks, capsys):
    expected, got = looks
    elements, wrong = 0, []
    for trace_k, (py_scenes, js_scenes) in enumerate(zip(expected, got, strict=True)):
        assert len(py_scenes) == len(js_scenes)
        for scene_k, (py, js) in enumerate(zip(py_scenes, js_scenes)):
            for part in ("cards", "ops", "edges", "outputs"):
                assert py["style"][part].keys() == js["style"][part].keys(), (trace_k, scene_k, part)
                elements += len(py["style"][part])
                wrong += [(trace_k, scene_k, part, key, py["style"][part][key], js["style"][part][key])
                          for key in py["style"][part] if py["style"][part][key] != js["style"][part][key]]
            elements += len(py["style"]["tags"])
            if py["style"]["tags"] != js["style"]["tags"]:
                wrong.append((trace_k, scene_k, "tags", py["style"]["tags"], js["style"]["tags"]))
    with capsys.disabled():
        print(f"\nstyle: {elements - len(wrong)} of {elements} elements styled alike")
    assert elements > 50_000
    assert not wrong, wrong[:3]


def test_tags_are_placed_alike(looks, capsys):
    expected, got = looks
    tags, wrong = 0, []
    for py_scenes, js_scenes in zip(expected, got):
        for py, js in zip(py_scenes, js_scenes):
            assert py["blockers"] == js["blockers"]
            tags += len(py["placed"])
            # The leader's end on a card's rim is a square root and a division apart (to 1e-9 px).
            pairs = zip(py["placed"], js["placed"], strict=True)
            wrong += [(p, j) for p, j in pairs if not numbers_close(p, j)]
    with capsys.disabled():
        print(f"tags: {tags - len(wrong)} of {tags} placed alike")
    assert tags > 1000
    assert sum(t["leader"] is not None for s in expected for look in s for t in look["placed"]) > 10
    assert not wrong, wrong[:3]


def test_step_labels_and_durations_are_alike(node_modules_dir, request):
    rng = random.Random(20)
    letters = "abc xyz∂∇−×=+.0123456789—é😀"
    labels = [[rng.randint(1, 99), rng.randint(1, 99), rng.choice(("step", "forward", "backward", "", None))]
              for _ in range(300)]
    texts = [["".join(rng.choice(letters) for _ in range(rng.choice((rng.randint(0, 130), 400)))),
              rng.random() < 0.3] for _ in range(400)]
    got = run_node(node_modules_dir, request.config.rootpath, {"labels": labels, "durations": texts})
    assert got["labels"] == [step_label(*args) for args in labels]
    assert got["durations"] == [frame_duration(text, last) for text, last in texts]
    assert len(set(got["durations"])) > 20, "the texts should reach short, long and capped frames"


def test_constants_js_is_generated_from_python_and_fresh(node_modules_dir, request):
    assert constants.TARGET.read_text(encoding="utf-8") == constants.javascript(), (
        "docs/javascripts/explorer/constants.js is stale: run python -m visual_backprop.draw.constants")
    got = run_node(node_modules_dir, request.config.rootpath, {})["constants"]
    assert got == plain({name: value for name, (value, _) in constants.SHARED.items()})
    assert got["NARROW"] == NARROW_MEDIA


def test_the_narrow_breakpoint_is_written_once(request):
    """The hook's <source media> and the browser's media query both read draw/steps.py's NARROW_MEDIA."""
    root = request.config.rootpath
    spec = importlib.util.spec_from_file_location("hook_for_breakpoint", root / "hooks" / "figures.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    assert hook.NARROW_MEDIA is NARROW_MEDIA
    query = re.compile(r"max-width:\s*\d+(\.\d+)?em")
    written = [p.relative_to(root).as_posix() for p in (root / "docs/javascripts").rglob("*.js")
               if query.search(p.read_text(encoding="utf-8"))]
    assert written == ["docs/javascripts/explorer/constants.js"], written
