// The tags of a graph frame, a port of visual_backprop/draw/tags.py: what each says, and where it
// goes so it covers no card. A forward step's arithmetic sits by its op node's output; a backward
// step's "local × upstream = contribution" sits on the edge being processed, and a running "+=" sum
// by the parent card that collects it. A tag that has to move off its spot gets a leader line back.
import { LINE } from "./constants.js";
import { num } from "./scenes.js";
import { freeSpot, outlinePoint } from "./shapes.js";

/** The name of the edge from `parent` into `node` at argument `slot`: "n0|n2|1". */
export const edgeKey = (parent, node, slot) => `${parent}|${node}|${slot}`;

const tag = (text, role, anchor, card = null) => ({ text, role, anchor, card });

/**
 * {text, role, anchor, card} of each tag `scene` shows, in drawing order. anchors: {outputs: node id ->
 * its op node's output line, edges: edge key -> the edge's first polyline, centers: element -> [x, y]}
 * (Maps); `card` names the card a tag's leader ends at the rim of, or is null.
 */
export const tagsFor = (scene, anchors) => {
  const edge = scene.edge, wanted = [];
  if (scene.note && scene.node !== null) {
    const [[x0, y0], [x1, y1]] = anchors.outputs.get(scene.node);
    wanted.push(tag(scene.note, "active", [(x0 + x1) / 2, (y0 + y1) / 2]));
  }
  if (edge) {
    const pts = anchors.edges.get(edgeKey(edge.parent, edge.node, edge.slot));
    const middle = pts.length > 2 ? [...pts[Math.floor(pts.length / 2)]]
      : [(pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2];
    wanted.push(tag(`${num(edge.local)} × ${num(edge.upstream)} = ${num(edge.contribution)}`, "grad", middle));
    if (edge.accumulates) {
      const total = edge.before !== 0 ? `${num(edge.before)} + ${num(edge.contribution)} = ${num(edge.after)}`
        : `+= ${num(edge.contribution)}`;
      wanted.push(tag(total, "grad", [...anchors.centers.get(edge.parent)], edge.parent));
    }
  }
  return wanted;
};

/** Boxes [x0, y0, x1, y1] a tag should not cover: cards (with room for their gradient ring) and ops. */
export const blockers = (centers, half, kind) => [...centers].flatMap(([e, [x, y]]) => {
  const [hw, hh] = half.get(e) ?? [0, 0], pad = kind.get(e) === "value" ? 7 : 2;
  return hw > 0 ? [[x - hw - pad, y - hh - pad, x + hw + pad, y + hh + pad]] : [];
});

/**
 * {text, role, center, leader, box, size} for each wanted tag (see tagsFor), each placed clear of `avoid`
 * and the others; leader is [[x0, y0], [x1, y1]] or null. width(text, font) is the text's width in px.
 */
export const placeTags = (wanted, font, avoid, bounds, half, width) => {
  const placed = [];
  return wanted.map(({ text, role, anchor, card }) => {
    const size = [width(text, font) + 14, font * LINE + 10];
    const [center, box] = freeSpot(size, anchor, [...avoid, ...placed], bounds);
    placed.push(box);
    if (card !== null) { // the leader ends at the card's rim
      const [hw, hh] = half.get(card) ?? [0, 0];
      anchor = outlinePoint(anchor, [hw + 6, hh + 6], center);
    }
    const ex = Math.min(Math.max(anchor[0], box[0]), box[2]), ey = Math.min(Math.max(anchor[1], box[1]), box[3]);
    const leader = Math.hypot(ex - anchor[0], ey - anchor[1]) > 4 ? [[ex, ey], [...anchor]] : null;
    return { text, role, center, leader, box, size };
  });
};
