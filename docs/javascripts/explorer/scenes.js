// Scenes from a trace, worded exactly as visual_backprop/draw/naming.py and scenes.py word them: node names,
// forward and backward captions, the short headline of each step. Every number is read from the trace.
import { fmt } from "./format.js";

export const MINUS = "\u2212";
// Python's \w and \d match any Unicode letter or number, and any decimal digit.
const SIMPLE = /^(?:[A-Za-z\u0370-\u03ff][\p{L}\p{N}_\u2080-\u2089'\u0370-\u03ff]*|\p{Nd}+(?:\.\p{Nd}+)?)$/u;
const NUMBER = new RegExp(`^\\(?${MINUS}?\\p{Nd}+(\\.\\p{Nd}+)?(e${MINUS}?\\p{Nd}+)?\\)?$`, "u");
const LETTER = /^[A-Za-z\u0370-\u03ff]$/;
const CONSTANT = /^-?\p{Nd}+(\.\p{Nd}+)?(e-?\p{Nd}+)?$/u;
const INTEGER = /^-?\p{Nd}+$/u;

/** A number as figures print it: 4 significant digits and a real minus sign. */
export const num = (x) => fmt(x, 4, MINUS);

const operand = (x, first) => {
  const text = num(x);
  return text.startsWith(MINUS) && !first ? `(${text})` : text;
};

const SYMBOLS = { "+": "+", "-": MINUS, "*": "×", "/": "÷", neg: MINUS, exp: "exp", log: "log", tanh: "tanh",
  sigmoid: "σ", relu: "ReLU", gelu: "GELU", max: "max" };
const SUPERSCRIPT = Object.fromEntries([..."0123456789-."].map((c, i) => [c, "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·"[i]]));
const length = (text) => [...text].length;

/** The symbol on an operation node: ×, +, tanh, x², ... */
export const opSymbol = (op) => {
  if (op.startsWith("**")) {
    const power = op.slice(2);
    return INTEGER.test(power) ? "x" + [...power].map((c) => SUPERSCRIPT[c] ?? c).join("") : "x^" + power;
  }
  return SYMBOLS[op] ?? op;
};

/** `name` as a factor: in parentheses unless it is one symbol or one number. */
export const wrap = (name) => (SIMPLE.test(name) ? name : `(${name})`);
const isNumber = (text) => NUMBER.test(text);

const expression = (op, parts) => {
  if (["+", "-", "*", "/"].includes(op) && parts.length === 2) {
    let [a, b] = parts;
    if (op === "*" && isNumber(a) && LETTER.test(b)) return `${a}${b}`;
    if (op === "*" || op === "/") [a, b] = [isNumber(a) ? a : wrap(a), isNumber(b) ? b : wrap(b)];
    else if (op === "-" && !SIMPLE.test(b) && !isNumber(b)) b = wrap(b);
    return `${a} ${SYMBOLS[op]} ${b}`;
  }
  if (op === "neg") return MINUS + wrap(parts[0]);
  if (op.startsWith("**")) return wrap(parts[0]) + opSymbol(op).slice(1);
  if (op === "max") return `max(${parts.join(", ")})`;
  return parts.length ? `${SYMBOLS[op] ?? op}(${parts[0]})` : "";
};

/** A short name for every node id: its label, else a small expression of its parents, else v1, v2, ... */
export const names = (trace) => {
  const out = {};
  let unnamed = 0;
  for (const node of trace.nodes) {
    if (node.label) {
      out[node.id] = node.label;
      continue;
    }
    const expr = expression(node.op, node.parents.map((p) => out[p]));
    out[node.id] = expr && length(expr) <= 7 ? expr : `v${++unnamed}`;
  }
  return out;
};

/** The forward step in numbers: "2 × (−3) = −6". */
export const arithmetic = (node, values) => {
  const parts = node.parents.map((p, i) => operand(values[p], i === 0));
  if (node.op.startsWith("**") && parts[0].startsWith(MINUS)) parts[0] = `(${parts[0]})`;
  return `${expression(node.op, parts)} = ${num(node.data)}`;
};

const minusOne = (power) => fmt(Number(power) - 1);

const localRule = (op, slot, parents, out) => {
  const a = parents[0];
  if (op === "*") return parents[1 - slot];
  if (op === "/") {
    const b = wrap(parents[1]);
    return slot === 0 ? `1/${b}` : `${MINUS}${wrap(out)}/${b}`;
  }
  if (op.startsWith("**")) {
    const power = op.slice(2);
    if (power === "2") return SIMPLE.test(a) ? `2${wrap(a)}` : `2·${wrap(a)}`;
    return `${power.replaceAll("-", MINUS)}·${wrap(a)}${opSymbol("**" + minusOne(power)).slice(1)}`;
  }
  return { exp: `exp(${a})`, log: `1/${wrap(a)}`, tanh: `1 ${MINUS} ${wrap(out)}²`,
    sigmoid: `${wrap(out)}(1 ${MINUS} ${wrap(out)})`, gelu: `Φ(${a}) + ${a}·φ(${a})` }[op] ?? "";
};

const WHY = { "+": "a sum passes it on", "-": "a difference negates it for the subtracted input",
  neg: "negation flips the sign", relu: "ReLU passes it only for a positive input",
  max: "max sends it to the larger input only" };

export const isConstant = (node) => !node.op && CONSTANT.test(node.label || "");

/** Every scene of the animation of `trace`: {caption, headline, phase, values, grads, node, edge, note}. */
export const scenesFor = (trace) => {
  const name = names(trace);
  const byId = Object.fromEntries(trace.nodes.map((n) => [n.id, n]));
  const values = Object.fromEntries(trace.nodes.map((n) => [n.id, n.data]));
  const root = name[trace.root];
  const scenes = [];
  const leaves = trace.nodes.filter((n) => !n.op);
  const free = leaves.filter((n) => !isConstant(n));
  const inputs = free.length ? free : leaves;
  let known = new Set(leaves.map((n) => n.id));
  const listed = inputs.map((n) => `${name[n.id]} = ${num(n.data)}`).join(", ");
  scenes.push({ caption: `Forward pass. The inputs are given: ${listed}.`, phase: "forward", values: known,
    grads: {}, node: null, edge: null, note: "", headline: `Forward. Inputs: ${listed}` });
  for (const node of trace.nodes) {
    if (!node.op) continue;
    known = new Set([...known, node.id]);
    const symbolic = expression(node.op, node.parents.map((p) => name[p]));
    const here = name[node.id];
    const head = symbolic === here ? here : `${here} = ${symbolic}`;
    const note = arithmetic(node, values);
    const caption = `Forward: ${head} = ${note}.`;
    scenes.push({ caption, phase: "forward", values: known, grads: {}, node: node.id, edge: null, note,
      headline: caption.slice(0, -1) });
  }
  const every = new Set(Object.keys(values));
  const totals = {}, seen = {};
  for (const step of trace.backward) for (const c of step.contributions) totals[c.parent] = (totals[c.parent] ?? 0) + 1;
  const grads = { [trace.root]: 1 };
  scenes.push({ caption: `Backward pass. Start at the output: ∂${root}/∂${root} = 1.`, phase: "backward",
    values: every, grads: { ...grads }, node: trace.root, edge: null, note: "",
    headline: `Backward. Start at the output: ∂${root}/∂${root} = 1` });
  for (const step of trace.backward) {
    const node = byId[step.node];
    for (const c of step.contributions) {
      seen[c.parent] = (seen[c.parent] ?? 0) + 1;
      grads[c.parent] = c.after;
      const edge = { ...c, node: step.node, upstream: step.upstream, accumulates: totals[c.parent] > 1 };
      scenes.push({ caption: backwardCaption(node, c, step, name, root, seen[c.parent], totals[c.parent],
        isConstant(byId[c.parent])), phase: "backward", values: every, grads: { ...grads }, node: step.node,
      edge, note: "", headline: backwardHeadline(c, step, name, root, totals[c.parent]) });
    }
  }
  const done = inputs.map((n) => `∂${root}/∂${name[n.id]} = ${num(n.grad)}`).join(", ");
  scenes.push({ caption: `Done: every gradient is known. ${done}.`, phase: "done", values: every,
    grads: Object.fromEntries(trace.nodes.map((n) => [n.id, n.grad])), node: null, edge: null, note: "",
    headline: `Done. ${done}` });
  return scenes;
};

const backwardCaption = (node, c, step, name, root, k, total, constant) => {
  const parent = name[c.parent], here = name[node.id];
  const rule = localRule(node.op, c.slot, node.parents.map((p) => name[p]), here);
  const worked = rule && rule !== num(c.local) ? ` = ${rule}` : "";
  const why = node.op in WHY ? ` (${WHY[node.op]})` : "";
  const product = `${num(c.local)} × ${operand(step.upstream, false)} = ${num(c.contribution)}`;
  let text = `Backward through ${opSymbol(node.op)}: local ∂${wrap(here)}/∂${wrap(parent)}${worked} = `
    + `${num(c.local)}${why}; upstream ∂${root}/∂${wrap(here)} = ${num(step.upstream)}; ${parent} gets ${product}.`;
  if (total > 1) {
    text += ` Path ${k} of ${total} into ${parent}: ∂${root}/∂${wrap(parent)} += ${num(c.contribution)}, `
      + `${num(c.before)} + ${operand(c.contribution, false)} = ${num(c.after)}.`;
  }
  if (constant) text += ` (${parent} is a constant: its gradient is computed like any other, and never used.)`;
  return text;
};

const backwardHeadline = (c, step, name, root, total) => {
  const parent = wrap(name[c.parent]), here = wrap(name[step.node]);
  const product = `${num(c.local)} × ${operand(step.upstream, false)} = ${num(c.contribution)}`;
  const chain = `∂${here}/∂${parent} · ∂${root}/∂${here}`;
  if (total > 1) {
    return `Backward: ∂${root}/∂${parent} += ${chain} = ${product}; `
      + `${num(c.before)} + ${operand(c.contribution, false)} = ${num(c.after)}`;
  }
  return `Backward: ∂${root}/∂${parent} = ${chain} = ${product}`;
};
