"""A layered drawing of a traced graph: ranks, few crossings, coordinates in abstract units.

Every computed value gets an operation node in front of it, so a graph reads
leaf -> op -> value -> op -> value. Ranks come from the longest path, leaves are
pulled next to their first use, long edges get dummy points, each rank is
ordered by barycentre sweeps that keep the ordering with the fewest crossings,
and positions along a rank are smoothed towards neighbours (pool-adjacent-
violators keeps the order and the minimum gap). Pure Python, deterministic.
"""

import itertools
from dataclasses import dataclass

__all__ = ["Layout", "layered"]


@dataclass(frozen=True)
class Layout:
    """Ranks of element ids, each element's (rank, position), and every edge as a chain of ids."""

    ranks: tuple  # tuple of tuples of ids, in drawing order
    rank_of: dict  # id -> rank
    position: dict  # id -> position along its rank, in units of one slot
    kind: dict  # id -> "value", "op" or "dummy"
    edges: tuple  # (source value id, target value id, slot, chain of ids from source to target)


def op_id(node_id):
    """The id of the operation node that produces value `node_id`."""
    return node_id + ":op"


def layered(trace, sweeps=12):
    """Lay out `trace`: every value and op node gets a rank and a position along it."""
    kind, preds = {}, {}
    for node in trace.nodes:
        kind[node.id] = "value"
        if node.op:
            kind[op_id(node.id)] = "op"
            preds[op_id(node.id)] = list(node.parents)
            preds[node.id] = [op_id(node.id)]
        else:
            preds[node.id] = []
    rank = {}
    for node in trace.nodes:  # topological order, so parents are ranked first
        if node.op:
            rank[op_id(node.id)] = 1 + max(rank[p] for p in node.parents)
            rank[node.id] = rank[op_id(node.id)] + 1
        else:
            rank[node.id] = 0
    # Pull each leaf right up to its earliest consumer, so constants sit by their use.
    for node in trace.nodes:
        if not node.op:
            users = [rank[op_id(n.id)] for n in trace.nodes if node.id in n.parents]
            if users:
                rank[node.id] = min(users) - 1

    chains, edges = {}, []
    succ = {k: [] for k in kind}
    for node in trace.nodes:
        if not node.op:
            continue
        target = op_id(node.id)
        for slot, parent in enumerate(node.parents):
            chain = [parent]
            for r in range(rank[parent] + 1, rank[target]):
                dummy = f"{parent}>{node.id}.{slot}@{r}"
                kind[dummy], rank[dummy] = "dummy", r
                succ[dummy] = []
                chain.append(dummy)
            chain.append(target)
            for a, b in itertools.pairwise(chain):
                succ[a].append(b)
            chains[(parent, node.id, slot)] = chain
            edges.append((parent, node.id, slot, (*chain, node.id)))
        succ[target].append(node.id)
    pred = {k: [] for k in kind}
    for a, bs in succ.items():
        for b in bs:
            pred[b].append(a)

    depth = max(rank.values())
    ranks = [[] for _ in range(depth + 1)]
    for element in kind:  # insertion order is forward order: a stable start
        ranks[rank[element]].append(element)
    ranks = _order(ranks, pred, succ, sweeps)
    position = _positions(ranks, pred, succ, kind)
    return Layout(tuple(tuple(r) for r in ranks), rank, position, kind, tuple(edges))


def _crossings(ranks, succ):
    total = 0
    for upper, lower in itertools.pairwise(ranks):
        index = {e: i for i, e in enumerate(lower)}
        pairs = sorted((i, index[t]) for i, e in enumerate(upper) for t in succ[e] if t in index)
        for k, (_, b) in enumerate(pairs):
            total += sum(1 for a2, b2 in pairs[k + 1:] if b2 < b and a2 != pairs[k][0])
    return total


def _order(ranks, pred, succ, sweeps):
    best = [list(r) for r in ranks]
    best_count = _crossings(best, succ)
    current = [list(r) for r in ranks]
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for r in indices:
            fixed = current[r - 1] if downward else current[r + 1]
            where = {e: i for i, e in enumerate(fixed)}
            neighbours = pred if downward else succ

            def key(item, where=where, neighbours=neighbours):
                i, e = item
                hits = [where[n] for n in neighbours[e] if n in where]
                return (sum(hits) / len(hits) if hits else i, i)

            current[r] = [e for _, e in sorted(enumerate(current[r]), key=key)]
        count = _crossings(current, succ)
        if count < best_count:
            best, best_count = [list(r) for r in current], count
    return best


def _isotonic(desired, gap):
    """Positions closest to `desired` (least squares) that keep order with at least `gap` between them."""
    shifted = [d - i * gap for i, d in enumerate(desired)]
    blocks = []  # [mean, weight]
    for value in shifted:
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2 = blocks.pop()
            v1, w1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2])
    out = []
    for value, weight in blocks:
        out.extend([value] * weight)
    return [v + i * gap for i, v in enumerate(out)]


def _positions(ranks, pred, succ, kind):
    position = {}
    for r in ranks:
        start = -(len(r) - 1) / 2
        for i, e in enumerate(r):
            position[e] = start + i
    for sweep in range(8):
        order = ranks if sweep % 2 == 0 else ranks[::-1]
        for r in order:
            desired = []
            for e in r:
                near = [position[n] for n in (*pred[e], *succ[e])]
                desired.append(sum(near) / len(near) if near else position[e])
            for e, p in zip(r, _isotonic(desired, 1.0)):
                position[e] = p
    low = min(position.values())
    return {e: p - low for e, p in position.items()}
