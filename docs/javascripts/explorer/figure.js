// A figure's own graph with new values: the nodes its build wrote (hooks/figures.py's live data), each
// rebuilt with the engine in the same order, so the trace has the figure's ids, labels and edges.
import * as engine from "./engine.js";

const BINARY = { "+": engine.add, "-": engine.sub, "*": engine.mul, "/": engine.div, max: engine.max };
const UNARY = { neg: engine.neg, exp: engine.exp, log: engine.log, tanh: engine.tanh, sigmoid: engine.sigmoid,
  relu: engine.relu, gelu: engine.gelu };

/** The Value of one node [label, op, parents, data] over the Values made so far. */
const rebuild = ([label, op, parents, data], made, values) => {
  if (!op) return new engine.Value(label in values ? values[label] : data, label);
  const inputs = parents.map((k) => made[k]);
  let out;
  if (op.startsWith("**")) out = engine.pow(inputs[0], Number(op.slice(2)));
  else if (op in BINARY && inputs.length === 2) out = BINARY[op](...inputs);
  else if (op in UNARY && inputs.length === 1) out = UNARY[op](...inputs);
  else throw Error(`figure graph: no engine operation ${op} of ${inputs.length} inputs`);
  out.label = label;
  return out;
};

/** The output Value of a figure's nodes (forward order, the last is the output) at `values` (label -> number). */
export const graphFromNodes = (nodes, values) => {
  const made = [];
  for (const node of nodes) made.push(rebuild(node, made, values));
  return made.at(-1);
};
