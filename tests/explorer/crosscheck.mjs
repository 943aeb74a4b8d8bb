// Runs the explorer's modules under Node for tests/test_explorer_engine.py.
// Usage: node crosscheck.mjs MODULE_DIR < request.json > answer.json
// The request holds {cases: [{expr, values}], traces: [trace dicts from Python's record()], layouts:
// [{trace, opWidths, narrow, direction}], styles: [{trace, anchors, half, kind, bounds, font}],
// labels: [[step, frames, phase]], durations: [[text, last]]}. The answer holds, per case, the parse
// tree and the JavaScript trace, captions and headlines (or the error) and the grads after one and
// two calls of backward(); per Python trace the captions and headlines the JavaScript scenes word
// from it; per layout the ranks, positions and pixel placement of layout.js and place.js; per style
// request (a trace with the geometry Python placed) each scene's style.js style and tags.js
// placement; the step labels and frame durations of steps.js; and constants.js's exports.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const load = (name) => import(pathToFileURL(join(dir, name)).href);
const { parse } = await load("parse.js");
const { explore, graph } = await load("build.js");
const { backward, topologicalOrder } = await load("engine.js");
const { scenesFor } = await load("scenes.js");
const { layered } = await load("layout.js");
const { geometry, place } = await load("place.js");
const { style } = await load("style.js");
const { blockers, placeTags } = await load("tags.js");
const { duration, stepLabel } = await load("steps.js");
const constants = await load("constants.js");

const words = (trace) => {
  const scenes = scenesFor(trace);
  return { captions: scenes.map((s) => s.caption), headlines: scenes.map((s) => s.headline) };
};

const run = ({ expr, values }) => {
  let tree;
  try {
    tree = parse(expr);
    const { trace } = explore(expr, values);
    return { tree, trace, ...words(trace), backward: twice(graph(tree, values)) };
  } catch (error) {
    return { tree: tree ?? null, error: { kind: error.constructor.name, message: error.message,
      column: error.column ?? null } };
  }
};

// The grads of every node in forward order after one backward(root) and after a second.
const twice = (root) => {
  const order = topologicalOrder(root), grads = () => order.map((node) => node.grad);
  backward(root);
  const once = grads();
  backward(root, order);
  return { once, twice: grads() };
};

// Maps become plain objects, so that Python reads them as dicts.
const plain = (value) => (value instanceof Map ? Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]))
  : Array.isArray(value) ? value.map(plain)
    : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
      : value);

const lay = ({ trace, opWidths, narrow, direction }) => {
  const layout = layered(trace);
  const placement = place(layout, geometry(narrow), direction, new Map(Object.entries(opWidths)));
  return { ranks: layout.ranks, position: plain(layout.position), placement: placement && plain(placement) };
};

// Text widths both sides agree on: 0.6 of the font size per character.
const width = (text, font) => font * 0.6 * [...text].length;
const mapOf = (object) => new Map(Object.entries(object));

// Every scene's style, and its tags placed, from the geometry Python placed.
const look = ({ trace, anchors, half, kind, bounds, font }) => {
  const maps = { outputs: mapOf(anchors.outputs), edges: mapOf(anchors.edges), centers: mapOf(anchors.centers) };
  const avoid = blockers(maps.centers, mapOf(half), mapOf(kind));
  return scenesFor(trace).map((scene) => {
    const styled = style(trace, scene, maps);
    const placed = placeTags(styled.tags, font, avoid, bounds, mapOf(half), width)
      .map(({ text, role, center, leader }) => ({ text, role, center, leader }));
    return { style: styled, placed, blockers: avoid.length };
  });
};

const request = JSON.parse(readFileSync(0, "utf8"));
const answer = { cases: (request.cases ?? []).map(run), traces: (request.traces ?? []).map(words),
  layouts: (request.layouts ?? []).map(lay), styles: (request.styles ?? []).map(look),
  labels: (request.labels ?? []).map(([step, frames, phase]) => stepLabel(step, frames, phase)),
  durations: (request.durations ?? []).map(([text, last]) => duration(text, last)),
  constants: plain({ ...constants }) };
process.stdout.write(JSON.stringify(answer));
