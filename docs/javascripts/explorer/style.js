// What each element of a graph frame looks like, a port of visual_backprop/draw/style.py: per
// element its colour role (the CSS variable --vbx-ROLE), line width, dash and visibility, the numbers
// each card shows, and each tag's text, role and anchor. paint.js only applies it; the Node
// cross-check holds it equal to the Python function on random traces.
import { CARD, DASH, EDGE, HALO, OP, OUTPUT } from "./constants.js";
import { edgeKey, tagsFor } from "./tags.js";

/** Whether `id`'s operation is at work: computing forward, or sending gradient back. */
const running = (id, scene) => (scene.phase === "forward" && id === scene.node) || (scene.edge != null && scene.edge.node === id);

const card = (node, scene, maxGrad) => {
  const edge = scene.edge, known = scene.values.has(node.id), g = scene.grads[node.id] ?? null;
  const active = node.id === scene.node || (edge != null && node.id === edge.parent);
  // |g| as the width of a ring outside the card; no ring for a zero gradient.
  const weight = g === null ? 0 : Math.sqrt(Math.min(Math.abs(g) / maxGrad, 1));
  return {
    value: known ? node.data : null,
    grad: g,
    ring: { role: active ? "active" : known ? "text" : "faint", width: CARD[active ? "active" : "rest"],
      dash: known ? null : DASH },
    label: { role: known ? "text" : "muted" },
    halo: { role: "grad", width: HALO[0] + HALO[1] * weight, visible: weight > 0 },
  };
};

const op = (id, scene) => {
  const known = scene.values.has(id), on = running(id, scene);
  return { box: { role: on ? "active" : known ? "text" : "faint", width: OP[on ? "running" : "rest"] },
    symbol: { role: known ? "text" : "muted" } };
};

const edgeStyle = (e, scene) => {
  const edge = scene.edge, done = scene.values.has(e.target);
  const active = edge != null && edge.parent === e.source && edge.node === e.target && edge.slot === e.slot;
  const feeding = scene.phase === "forward" && e.target === scene.node;
  return {
    line: { role: active ? "grad" : feeding ? "active" : done ? "muted" : "faint",
      width: EDGE[active ? "active" : feeding ? "feeding" : "rest"] },
    head: { role: feeding ? "active" : done ? "muted" : "faint" },
    back: { role: "grad", visible: active },
  };
};

const output = (id, scene) => {
  const on = running(id, scene);
  const role = on ? (scene.edge != null ? "grad" : "active") : scene.values.has(id) ? "muted" : "faint";
  return { line: { role, width: OUTPUT[on ? "running" : "rest"] }, head: { role } };
};

/**
 * {cards, ops, edges, outputs, tags} for `scene` of `trace` (keyed by node id, edges by edgeKey).
 * anchors: {outputs, edges, centers} as the painter placed them (see tags.js tagsFor).
 */
export const style = (trace, scene, anchors) => {
  const maxGrad = Math.max(0, ...trace.nodes.map((n) => Math.abs(n.grad))) || 1;
  const ops = trace.nodes.filter((n) => n.op);
  return {
    cards: Object.fromEntries(trace.nodes.map((n) => [n.id, card(n, scene, maxGrad)])),
    ops: Object.fromEntries(ops.map((n) => [n.id, op(n.id, scene)])),
    edges: Object.fromEntries(trace.edges.map((e) => [edgeKey(e.source, e.target, e.slot), edgeStyle(e, scene)])),
    outputs: Object.fromEntries(ops.map((n) => [n.id, output(n.id, scene)])),
    tags: tagsFor(scene, anchors),
  };
};
