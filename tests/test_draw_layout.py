"""The layered layout: edges run forward rank by rank, op nodes sit before their value, few crossings."""

import itertools

import graphs
import pytest

from visual_backprop.draw.layout import _crossings, layered, op_id
from visual_backprop.draw.place import Geometry, place
from visual_backprop.draw.theme import get_theme
from visual_backprop.engine import Value
from visual_backprop.nn import MLP, mse
from visual_backprop.trace import record


def neuron():
    return record(graphs.neuron())


def network():
    net = MLP([2, 3, 1], ["tanh", "linear"], seed=1)
    out = net([1.0, -2.0])
    loss = mse(out if isinstance(out, list) else [out], [0.5])
    return record(loss)


@pytest.mark.parametrize("make", [neuron, network])
def test_every_edge_runs_forward_through_its_op_node(make):
    trace = make()
    layout = layered(trace)
    for node in trace.nodes:
        if node.op:
            assert layout.rank_of[node.id] == layout.rank_of[op_id(node.id)] + 1
            for parent in node.parents:
                assert layout.rank_of[parent] < layout.rank_of[op_id(node.id)]
    for _, _, _, chain in layout.edges:
        ranks = [layout.rank_of[e] for e in chain]
        assert ranks == list(range(ranks[0], ranks[0] + len(ranks))), "long edges need one dummy per rank"


def test_positions_keep_order_and_a_full_slot_between_neighbours():
    layout = layered(network())
    for rank in layout.ranks:
        spots = [layout.position[e] for e in rank]
        assert all(b - a >= 1 - 1e-9 for a, b in itertools.pairwise(spots))


def test_a_tree_is_drawn_without_crossings_and_the_layout_is_deterministic():
    assert _crossings(layered(neuron()).ranks, _successors(layered(neuron()))) == 0
    assert layered(network()) == layered(network())


def _successors(layout):
    succ = {e: [] for e in layout.kind}
    for _, _, _, chain in layout.edges:
        for a, b in itertools.pairwise(chain):
            succ[a].append(b)
    return succ


def test_wide_runs_left_to_right_and_narrow_top_to_bottom_within_the_width():
    trace = neuron()
    layout = layered(trace)
    for narrow in (False, True):
        geo = Geometry.for_theme(get_theme("light", narrow))
        placed = place(layout, geo, "tb" if narrow else "lr", {})
        xs = [x for x, _ in placed.centers.values()]
        assert max(xs) - min(xs) <= geo.width - 2 * geo.margin
        leaf, root = trace.nodes[0].id, trace.root
        (lx, ly), (rx, ry) = placed.centers[leaf], placed.centers[root]
        assert (ry > ly) if narrow else (rx > lx)


def test_a_deep_graph_is_cut_into_bands_that_fit():
    x = Value(0.5, label="x")
    y = x
    for _ in range(12):
        y = y.tanh()
    layout = layered(record(y))
    geo = Geometry.for_theme(get_theme("light", False))
    placed = place(layout, geo, "lr", {})
    xs = [x for x, _ in placed.centers.values()]
    ys = {round(y) for _, y in placed.centers.values()}
    assert max(xs) - min(xs) <= geo.width and len(ys) > 1
