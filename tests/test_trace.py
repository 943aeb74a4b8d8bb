"""The trace: stable ids and order, JSON round trip, and backward steps that agree with .grad."""

import json

from graphs import neuron
from graphs import two_paths as shared

from visual_backprop.engine import Value, backward_steps, topological_order
from visual_backprop.trace import Trace, record


def test_same_graph_gives_the_same_record():
    assert record(neuron()).to_json() == record(neuron()).to_json()
    first, again = neuron(), None
    again = record(first).to_json()
    assert record(first).to_json() == again, "recording twice must not accumulate"


def test_forward_order_is_topological_and_ids_follow_it():
    trace = record(shared())
    assert trace.forward == tuple(f"n{i}" for i in range(len(trace.nodes)))
    position = {node_id: i for i, node_id in enumerate(trace.forward)}
    for edge in trace.edges:
        assert position[edge.source] < position[edge.target]
    assert trace.root == trace.forward[-1]
    assert [n.label for n in trace.nodes][:2] == ["a", "b"]


def test_edges_match_parents():
    trace = record(shared())
    for node in trace.nodes:
        into = [e for e in trace.edges if e.target == node.id]
        assert [e.source for e in sorted(into, key=lambda e: e.slot)] == list(node.parents)


def test_backward_steps_cover_every_node_in_reverse_order():
    trace = record(neuron())
    assert tuple(step.node for step in trace.backward) == trace.forward[::-1]
    assert trace.backward[0].upstream == 1.0


def test_contributions_sum_to_grad_exactly():
    for build in (neuron, shared):
        root = build()
        trace = record(root)
        engine_grads = {f"n{i}": v.grad for i, v in enumerate(topological_order(root))}
        totals = {node.id: (1.0 if node.id == trace.root else 0.0) for node in trace.nodes}
        for step in trace.backward:
            # A node sends gradient only once everything has arrived.
            assert step.upstream == totals[step.node] == engine_grads[step.node]
            for c in step.contributions:
                assert c.before == totals[c.parent]
                totals[c.parent] += c.contribution
                assert c.after == totals[c.parent]
                assert c.contribution == c.local * step.upstream
        assert totals == engine_grads
        assert {n.id: n.grad for n in trace.nodes} == engine_grads


def test_record_holds_the_engines_own_steps():
    """The trace's contributions are the (parent, slot, local, contribution, after) the sweep yields."""
    for build in (neuron, shared):
        root = build()
        ids = {id(v): f"n{i}" for i, v in enumerate(topological_order(root))}
        made = [
            (ids[id(node)], ids[id(parent)], slot, local, added, parent.grad)
            for node, slot, parent, local, added in backward_steps(root)
        ]
        recorded = [
            (s.node, c.parent, c.slot, c.local, c.contribution, c.after)
            for s in record(build()).backward
            for c in s.contributions
        ]
        assert recorded == made


def test_reused_node_receives_one_contribution_per_use():
    a = Value(1.0, "a")
    b = a + a
    c = b + b
    trace = record(c)
    into_a = [c for step in trace.backward for c in step.contributions if c.parent == "n0"]
    assert [x.contribution for x in into_a] == [2.0, 2.0]
    assert [x.after for x in into_a] == [2.0, 4.0]


def test_neuron_reference_values():
    trace = record(neuron())
    by_label = {n.label: n for n in trace.nodes if n.label}
    assert round(by_label["n"].data, 4) == 0.8814
    assert round(by_label["o"].data, 4) == 0.7071
    grads = {k: round(by_label[k].grad, 4) for k in ("n", "b", "x1", "w1", "x2", "w2")}
    assert grads == {"n": 0.5, "b": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}


def test_json_round_trip():
    trace = record(neuron())
    text = trace.to_json()
    json.loads(text)
    assert Trace.from_dict(json.loads(text)) == trace
