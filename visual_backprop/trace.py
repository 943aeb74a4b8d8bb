"""A plain-data record of one forward and backward pass, for figures, tests and the player.

``record(root)`` runs ``backward()`` from zero and snapshots the graph:
nodes with stable ids (their position in the forward order), edges, the
forward order, and one backward step per node in reverse topological order.
Each step holds the node's upstream gradient dL/dnode and, for each parent,
the local derivative, the contribution ``local * upstream`` and the parent's
running gradient before and after that ``+=``.
"""

import json
from dataclasses import asdict, dataclass

from .engine import topological_order

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
    """Zero the graph's gradients, run root.backward(), and return the Trace of both passes."""
    root.zero_grad()
    root.backward()
    order = topological_order(root)
    ids = {id(value): f"n{i}" for i, value in enumerate(order)}
    nodes = tuple(
        Node(ids[id(v)], v.label, v.op, v.data, v.grad, tuple(ids[id(p)] for p in v.parents))
        for v in order)
    edges = tuple(
        Edge(ids[id(p)], ids[id(v)], slot) for v in order for slot, p in enumerate(v.parents))
    # Replay the sweep backward() just made. Each node's .grad is final before it
    # sends anything on, so upstream is its .grad and every product and running sum
    # below repeats the engine's own float operations in the engine's own order.
    running = {node.id: 0.0 for node in nodes}
    running[ids[id(root)]] = 1.0
    steps = []
    for v in reversed(order):
        upstream = v.grad
        contributions = []
        for slot, (parent, local) in enumerate(zip(v.parents, v.local_grads)):
            pid = ids[id(parent)]
            before = running[pid]
            added = local * upstream
            running[pid] = before + added
            contributions.append(Contribution(pid, slot, local, added, before, running[pid]))
        steps.append(BackwardStep(ids[id(v)], upstream, tuple(contributions)))
    return Trace(ids[id(root)], nodes, edges, tuple(steps))
