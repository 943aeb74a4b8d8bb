// The layered layout of visual_backprop/draw/layout.py: ranks by longest path with an op node in front
// of every computed value, leaves pulled next to their first use, dummies on long edges, barycentre
// sweeps keeping the ordering with the fewest crossings, then positions smoothed by pool-adjacent-violators.

export const opId = (id) => `${id}:op`;

const pairwise = (list) => list.slice(1).map((b, i) => [list[i], b]);

/** {ranks, rankOf, position, kind, edges: [[source, target, slot, chain]]} for a trace. */
export const layered = (trace, sweeps = 12) => {
  const kind = new Map(), rank = new Map();
  for (const node of trace.nodes) {
    kind.set(node.id, "value");
    if (node.op) kind.set(opId(node.id), "op");
  }
  for (const node of trace.nodes) { // forward order: parents are ranked first
    if (node.op) {
      rank.set(opId(node.id), 1 + Math.max(...node.parents.map((p) => rank.get(p))));
      rank.set(node.id, rank.get(opId(node.id)) + 1);
    } else rank.set(node.id, 0);
  }
  for (const node of trace.nodes) { // a leaf sits right before its earliest consumer
    if (node.op) continue;
    const users = trace.nodes.filter((n) => n.parents.includes(node.id)).map((n) => rank.get(opId(n.id)));
    if (users.length) rank.set(node.id, Math.min(...users) - 1);
  }
  const succ = new Map([...kind.keys()].map((k) => [k, []]));
  const edges = [];
  for (const node of trace.nodes) {
    if (!node.op) continue;
    const target = opId(node.id);
    node.parents.forEach((parent, slot) => {
      const chain = [parent];
      for (let r = rank.get(parent) + 1; r < rank.get(target); r++) {
        const dummy = `${parent}>${node.id}.${slot}@${r}`;
        kind.set(dummy, "dummy");
        rank.set(dummy, r);
        succ.set(dummy, []);
        chain.push(dummy);
      }
      chain.push(target);
      for (const [a, b] of pairwise(chain)) succ.get(a).push(b);
      edges.push([parent, node.id, slot, [...chain, node.id]]);
    });
    succ.get(target).push(node.id);
  }
  const pred = new Map([...kind.keys()].map((k) => [k, []]));
  for (const [a, bs] of succ) for (const b of bs) pred.get(b).push(a);

  const depth = Math.max(...rank.values());
  let ranks = Array.from({ length: depth + 1 }, () => []);
  for (const element of kind.keys()) ranks[rank.get(element)].push(element);
  ranks = order(ranks, pred, succ, sweeps);
  return { ranks, rankOf: rank, position: positions(ranks, pred, succ), kind, edges };
};

const crossings = (ranks, succ) => {
  let total = 0;
  for (const [upper, lower] of pairwise(ranks)) {
    const index = new Map(lower.map((e, i) => [e, i]));
    const pairs = [];
    upper.forEach((e, i) => succ.get(e).forEach((t) => index.has(t) && pairs.push([i, index.get(t)])));
    pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    for (let k = 0; k < pairs.length; k++) {
      for (let m = k + 1; m < pairs.length; m++) if (pairs[m][1] < pairs[k][1] && pairs[m][0] !== pairs[k][0]) total++;
    }
  }
  return total;
};

const order = (ranks, pred, succ, sweeps) => {
  let best = ranks.map((r) => [...r]), bestCount = crossings(best, succ);
  const current = ranks.map((r) => [...r]);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const downward = sweep % 2 === 0;
    const indices = downward ? [...Array(current.length).keys()].slice(1)
      : [...Array(Math.max(current.length - 1, 0)).keys()].reverse();
    for (const r of indices) {
      const fixed = downward ? current[r - 1] : current[r + 1];
      const where = new Map(fixed.map((e, i) => [e, i]));
      const neighbours = downward ? pred : succ;
      const key = (e, i) => {
        const hits = neighbours.get(e).filter((n) => where.has(n)).map((n) => where.get(n));
        return hits.length ? hits.reduce((s, h) => s + h, 0) / hits.length : i;
      };
      current[r] = current[r].map((e, i) => [key(e, i), i, e]).sort((p, q) => p[0] - q[0] || p[1] - q[1])
        .map((item) => item[2]);
    }
    const count = crossings(current, succ);
    if (count < bestCount) (best = current.map((r) => [...r])), (bestCount = count);
  }
  return best;
};

/** Positions closest to `desired` (least squares) that keep their order at least `gap` apart. */
export const isotonic = (desired, gap) => {
  const blocks = []; // [mean, weight]
  desired.forEach((d, i) => {
    blocks.push([d - i * gap, 1]);
    while (blocks.length > 1 && blocks.at(-2)[0] > blocks.at(-1)[0]) {
      const [v2, w2] = blocks.pop(), [v1, w1] = blocks.pop();
      blocks.push([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2]);
    }
  });
  const out = blocks.flatMap(([value, weight]) => Array(weight).fill(value));
  return out.map((v, i) => v + i * gap);
};

const positions = (ranks, pred, succ) => {
  const position = new Map();
  for (const r of ranks) r.forEach((e, i) => position.set(e, -(r.length - 1) / 2 + i));
  for (let sweep = 0; sweep < 8; sweep++) {
    for (const r of sweep % 2 === 0 ? ranks : [...ranks].reverse()) {
      const desired = r.map((e) => {
        const near = [...pred.get(e), ...succ.get(e)].map((n) => position.get(n));
        return near.length ? near.reduce((s, p) => s + p, 0) / near.length : position.get(e);
      });
      isotonic(desired, 1).forEach((p, i) => position.set(r[i], p));
    }
  }
  const low = Math.min(...position.values());
  return new Map([...position].map(([e, p]) => [e, p - low]));
};
