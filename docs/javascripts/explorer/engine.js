// The engine of visual_backprop/engine.py in JavaScript: each operation stores d(result)/d(input),
// and backward() adds local × upstream into every input with +=, in reverse topological order.
// backwardSteps() is that sweep one += at a time: backward() runs it to the end, record() records it.
// Error messages are worded as the Python engine words them.
import { erf } from "./erf.js";
import { general as g } from "./format.js";

const SQRT2 = Math.sqrt(2);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** A domain error of the engine: which operation, which value. */
export class EngineError extends Error {}

const checked = (x) => {
  if (Number.isNaN(x)) throw new EngineError("Value data got NaN, which has no gradient");
  return x;
};

/** One scalar in the graph: data, grad, label, op, parents and the local derivative for each. */
export class Value {
  constructor(data, label = "", parents = [], locals = [], op = "") {
    this.data = checked(data);
    this.grad = 0;
    this.label = label;
    this.op = op;
    this.parents = parents;
    this.locals = locals;
  }
}

const result = (data, parents, locals, op) => new Value(data, "", parents, locals, op);

/** A plain number as a constant leaf, labelled as Python's f"{x:g}" labels it. */
export const constant = (x) => new Value(x, g(x));

export const add = (a, b) => result(a.data + b.data, [a, b], [1, 1], "+");
export const sub = (a, b) => result(a.data - b.data, [a, b], [1, -1], "-");
export const mul = (a, b) => result(a.data * b.data, [a, b], [b.data, a.data], "*");
export const neg = (a) => result(-a.data, [a], [-1], "neg");

export const div = (a, b) => {
  if (b.data === 0) throw new EngineError(`division by zero: ${g(a.data)} / ${g(b.data)}`);
  const out = a.data / b.data;
  return result(out, [a, b], [1 / b.data, -out / b.data], "/");
};

// Python's float ** raises where the result overflows, and where 0 meets a negative power.
const power = (x, n, what) => {
  if (x === 0 && n < 0) throw new EngineError("0.0 cannot be raised to a negative power");
  const out = x ** n;
  if (!Number.isFinite(out) && Number.isFinite(x) && Number.isFinite(n)) throw new EngineError(what);
  return out;
};

export const pow = (a, n) => {
  const x = a.data;
  if (x === 0 && n < 0) throw new EngineError(`'**' raises 0 to the negative power ${g(n)}`);
  if (x < 0 && !Number.isInteger(n)) {
    throw new EngineError(`'**' raises the negative number ${g(x)} to the fractional power ${g(n)}`);
  }
  const overflow = `'**' overflows: ${g(x)} ** ${g(n)}`;
  const out = power(x, n, overflow);
  const local = n !== 0 ? n * power(x, n - 1, overflow) : 0;
  return result(out, [a], [local], `**${g(n)}`);
};

export const exp = (a) => {
  const out = Math.exp(a.data);
  if (out === Infinity && Number.isFinite(a.data)) {
    throw new EngineError(`exp overflows at x = ${g(a.data)} (the limit is about 709.78)`);
  }
  return result(out, [a], [out], "exp");
};

export const log = (a) => {
  if (a.data <= 0) throw new EngineError(`log needs a positive input, got ${g(a.data)}`);
  return result(Math.log(a.data), [a], [1 / a.data], "log");
};

export const tanh = (a) => {
  const t = Math.tanh(a.data);
  return result(t, [a], [1 - t * t], "tanh");
};

export const sigmoid = (a) => {
  const x = a.data;
  let s;
  if (x >= 0) s = 1 / (1 + Math.exp(-x));
  else {
    const z = Math.exp(x);
    s = z / (1 + z);
  }
  return result(s, [a], [s * (1 - s)], "sigmoid");
};

export const relu = (a) => result(a.data > 0 ? a.data : 0, [a], [a.data > 0 ? 1 : 0], "relu");

export const gelu = (a) => {
  const x = a.data;
  const cdf = 0.5 * (1 + erf(x / SQRT2));
  const pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  return result(x * cdf, [a], [cdf + x * pdf], "gelu");
};

export const max = (a, b) => {
  const first = a.data >= b.data;
  return result(first ? a.data : b.data, [a, b], first ? [1, 0] : [0, 1], "max");
};

/** Every node reachable from root, each after its parents; iterative, so depth is no limit. */
export const topologicalOrder = (root) => {
  const order = [], seen = new Set(), stack = [[root, false]];
  while (stack.length) {
    const [node, parentsDone] = stack.pop();
    if (parentsDone) {
      order.push(node);
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push([node, true]);
    for (let i = node.parents.length - 1; i >= 0; i--) {
      if (!seen.has(node.parents[i])) stack.push([node.parents[i], false]);
    }
  }
  return order;
};

/**
 * The backward sweep from root, as visual_backprop/engine.py's backward_steps(): every grad set to 0,
 * d(root)/d(root) = 1, then each node's parents gain local × upstream in reverse topological order.
 * After each +=, yields {node, slot, parent, local, contribution}.
 */
export function* backwardSteps(root, order = topologicalOrder(root)) {
  for (const node of order) node.grad = 0;
  root.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    for (let slot = 0; slot < node.parents.length; slot++) {
      const parent = node.parents[slot], local = node.locals[slot];
      const contribution = local * node.grad;
      parent.grad += contribution;
      yield { node, slot, parent, local, contribution };
    }
  }
}

/** d(root)/d(node) added into every node's grad: the sweep run to the end, then what grad held added back. */
export const backward = (root, order = topologicalOrder(root)) => {
  const held = order.map((node) => node.grad);
  for (const _step of backwardSteps(root, order)) {
    // each step is made as it is yielded
  }
  order.forEach((node, i) => (node.grad += held[i]));
};

/** The trace of visual_backprop/trace.py's record(root), as its to_dict() gives it: the sweep's own steps. */
export const record = (root) => {
  const order = topologicalOrder(root);
  const ids = new Map(order.map((value, i) => [value, `n${i}`]));
  // Every += as the engine makes it, with the parent's grad just before (0 at first: the sweep starts
  // from zero) and just after.
  const sent = new Map(order.map((value) => [value, []]));
  const last = new Map();
  for (const { node, slot, parent, local, contribution } of backwardSteps(root, order)) {
    const before = last.get(parent) ?? 0;
    last.set(parent, parent.grad);
    sent.get(node).push({ parent: ids.get(parent), slot, local, contribution, before, after: parent.grad });
  }
  const nodes = order.map((v) => ({ id: ids.get(v), label: v.label, op: v.op, data: v.data, grad: v.grad,
    parents: v.parents.map((p) => ids.get(p)) }));
  const edges = order.flatMap((v) => v.parents.map((p, slot) => ({ source: ids.get(p), target: ids.get(v), slot })));
  // A node's grad is final before its own step begins, so its upstream is its final grad.
  const steps = [...order].reverse().map((v) => ({ node: ids.get(v), upstream: v.grad, contributions: sent.get(v) }));
  return { version: 1, root: ids.get(root), forward: nodes.map((n) => n.id), nodes, edges, backward: steps };
};
