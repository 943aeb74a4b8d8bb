"""Scenes from a trace: one per forward step and per backward contribution, no spoilers, honest sums."""

import graphs
import pytest

from visual_backprop.draw.naming import names, op_symbol
from visual_backprop.draw.scenes import scenes_for, still_scene
from visual_backprop.engine import Value
from visual_backprop.trace import record


def chain_rule():
    return record(graphs.chain_rule())


def shared():
    return record(graphs.two_paths())


def test_one_scene_per_forward_step_and_per_contribution():
    trace = chain_rule()
    scenes = scenes_for(trace)
    computed = [n for n in trace.nodes if n.op]
    contributions = [c for step in trace.backward for c in step.contributions]
    assert len(scenes) == 1 + len(computed) + 1 + len(contributions) + 1
    expected = ["forward"] * (1 + len(computed)) + ["backward"] * (1 + len(contributions)) + ["done"]
    assert [s.phase for s in scenes] == expected


def test_phases_select_the_passes():
    trace = chain_rule()
    backward_only = scenes_for(trace, phases=("backward",))
    assert {s.phase for s in backward_only} == {"backward", "done"}
    assert all(s.values == frozenset(n.id for n in trace.nodes) for s in backward_only)
    assert {s.phase for s in scenes_for(trace, phases=("forward",))} == {"forward"}


def test_no_spoilers_values_appear_in_forward_order_and_grads_only_backward():
    trace = chain_rule()
    forward = [s for s in scenes_for(trace) if s.phase == "forward"]
    leaves = {n.id for n in trace.nodes if not n.op}
    assert forward[0].values == leaves
    for before, after, node in zip(forward, forward[1:], [n for n in trace.nodes if n.op]):
        assert after.values == before.values | {node.id}
        assert after.node == node.id
    assert all(not s.grads for s in forward)


def test_backward_scenes_carry_the_engines_numbers():
    trace = chain_rule()
    by_label = {n.label: n for n in trace.nodes}
    edges = [s.edge for s in scenes_for(trace) if s.edge is not None]
    last_into_x = [e for e in edges if e.parent == by_label["x"].id][-1]
    assert last_into_x.after == by_label["x"].grad == 40.0
    assert last_into_x.local * last_into_x.upstream == last_into_x.contribution
    final = scenes_for(trace)[-1]
    assert final.grads == {n.id: n.grad for n in trace.nodes}
    assert "∂g/∂x = 40" in final.caption


def test_a_reused_node_shows_each_contribution_and_the_running_sum():
    trace = shared()
    b = next(n for n in trace.nodes if n.label == "b")
    into_b = [s for s in scenes_for(trace) if s.edge is not None and s.edge.parent == b.id]
    assert len(into_b) == 2 and all(s.edge.accumulates for s in into_b)
    first, second = into_b
    assert first.edge.before == 0.0 and second.edge.before == first.edge.after
    assert second.edge.after == b.grad == 5.0
    assert first.grads[b.id] == first.edge.after and second.grads[b.id] == b.grad
    assert f"{second.edge.before:g} + {second.edge.contribution:g} = 5" in second.caption
    assert "+=" in second.headline


def test_captions_are_words_and_numbers_with_real_minus_signs():
    x = Value(-2.0, label="x")
    y = (x * 3).tanh()
    y.label = "y"
    for scene in scenes_for(record(y)):
        assert scene.caption and scene.headline
        assert "-" not in scene.caption.replace("−", ""), scene.caption


def test_names_prefer_labels_then_short_expressions():
    trace = shared()
    assert sorted(names(trace).values()) == sorted(["a", "b", "a + b", "1", "b + 1", "f"])
    assert op_symbol("**2") == "x²" and op_symbol("*") == "×" and op_symbol("sigmoid") == "σ"


@pytest.mark.parametrize("show", ["forward", "backward"])
def test_still_scene(show):
    trace = chain_rule()
    scene = still_scene(trace, show)
    assert scene.values == frozenset(n.id for n in trace.nodes)
    assert bool(scene.grads) == (show == "backward")
