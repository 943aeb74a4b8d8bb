"""A plain-data record of one forward and backward pass, for figures, tests and the player.

``record(root)`` runs the engine's backward sweep from zero, records each ``+=``
as the engine makes it, and snapshots the graph:
nodes with stable ids (their position in the forward order), edges, the
forward order, and one backward step per node in reverse topological order.
Each step holds the node's upstream gradient dL/dnode and, for each parent,
the local derivative, the contribution ``local * upstream`` and the parent's
running gradient before and after that ``+=``.
"""

import json
from dataclasses import asdict, dataclass

from .engine import backward_steps, topological_order

__all__ = ["Node", "Edge", "Contribution", "BackwardStep", "Trace", "record"]

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Node:
    """One Value: id, label, op ('' for a leaf), data and final grad."""

    id: str
    label: str
    op: str
    data: float
    grad: float
    parents: tuple


@dataclass(frozen=True)
class Edge:
    """An arrow from an input to the result; `slot` is the input's argument position."""

    source: str
    target: str
    slot: int


@dataclass(frozen=True)
class Contribution:
    """parent.grad += local * upstream, with parent.grad before and after."""

    parent: str
    slot: int
    local: float
    contribution: float
    before: float
    after: float


@dataclass(frozen=True)
class BackwardStep:
    """One node's _backward(): its upstream gradient and what it sent to each parent."""

    node: str
    upstream: float
    contributions: tuple


@dataclass(frozen=True)
class Trace:
    """The whole record; nodes are listed in forward (topological) order."""

    root: str
    nodes: tuple
    edges: tuple
    backward: tuple

    @property
    def forward(self):
        """Node ids in the order the forward pass computes them."""
        return tuple(node.id for node in self.nodes)

    def node(self, node_id):
        """The Node with this id."""
        return self._by_id()[node_id]

    def _by_id(self):
        return {node.id: node for node in self.nodes}

    def to_dict(self):
        """A JSON-ready dict; same trace, same dict."""
        return {
            "version": FORMAT_VERSION,
            "root": self.root,
            "forward": list(self.forward),
            "nodes": [asdict(node) | {"parents": list(node.parents)} for node in self.nodes],
            "edges": [asdict(edge) for edge in self.edges],
            "backward": [
                {"node": step.node, "upstream": step.upstream,
                 "contributions": [asdict(c) for c in step.contributions]}
                for step in self.backward
            ],
        }

    def to_json(self, indent=None):
        """The trace as JSON text, byte-for-byte stable."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_dict(cls, data):
        """Rebuild a Trace from to_dict() output."""
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"trace format version {data.get('version')!r} is not {FORMAT_VERSION}")
        nodes = tuple(Node(**(n | {"parents": tuple(n["parents"])})) for n in data["nodes"])
        edges = tuple(Edge(**e) for e in data["edges"])
        steps = tuple(
            BackwardStep(s["node"], s["upstream"], tuple(Contribution(**c) for c in s["contributions"]))
            for s in data["backward"])
        return cls(data["root"], nodes, edges, steps)


def record(root):
    """Run the backward sweep from zero and return the Trace of both passes, as the engine made them."""
    order = topological_order(root)
    ids = {id(value): f"n{i}" for i, value in enumerate(order)}
    # Every += the engine makes, as it makes it: the parent's .grad just before and just after.
    # The sweep starts from zero, so a parent's first `before` is 0.
    sent = {id(value): [] for value in order}
    last = {}
    for node, slot, parent, local, contribution in backward_steps(root, order):
        before = last.get(id(parent), 0.0)
        last[id(parent)] = parent.grad
        sent[id(node)].append(Contribution(ids[id(parent)], slot, local, contribution, before, parent.grad))
    nodes = tuple(
        Node(ids[id(v)], v.label, v.op, v.data, v.grad, tuple(ids[id(p)] for p in v.parents))
        for v in order)
    edges = tuple(
        Edge(ids[id(p)], ids[id(v)], slot) for v in order for slot, p in enumerate(v.parents))
    # A node's .grad is final before its own step begins, so its upstream is its final .grad.
    steps = tuple(BackwardStep(ids[id(v)], v.grad, tuple(sent[id(v)])) for v in reversed(order))
    return Trace(ids[id(root)], nodes, edges, steps)
