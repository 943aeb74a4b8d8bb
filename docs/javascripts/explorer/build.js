// From a parse tree to the engine's graph and its trace: one Value per variable (shared by every
// use, so its gradient collects a contribution per use), one constant per number, the output "f".
import * as engine from "./engine.js";
import { parse, variables } from "./parse.js";

export const MAX_NODES = 60;
const BINARY = { "+": engine.add, "-": engine.sub, "*": engine.mul, "/": engine.div };

/** The number of values the graph of `tree` holds: one per variable, number and operation. */
export const size = (tree, seen = new Set()) => {
  if (tree.type === "var") return seen.has(tree.name) ? 0 : (seen.add(tree.name), 1);
  if (tree.type === "num") return 1;
  const children = [tree.arg, tree.left, tree.right, tree.base, ...(tree.args ?? [])].filter(Boolean);
  return 1 + children.reduce((total, child) => total + size(child, seen), 0);
};

/** The output Value of `tree` with the variables' values from `values` (name -> number). */
export const graph = (tree, values) => {
  const leaves = new Map();
  const build = (t) => {
    switch (t.type) {
      case "num":
        return engine.constant(t.value);
      case "var":
        if (!leaves.has(t.name)) leaves.set(t.name, new engine.Value(values[t.name], t.name));
        return leaves.get(t.name);
      case "neg":
        return engine.neg(build(t.arg));
      case "bin":
        return BINARY[t.op](build(t.left), build(t.right));
      case "pow":
        return engine.pow(build(t.base), t.exponent);
      default: // call
        return engine[t.fn](...t.args.map(build));
    }
  };
  const root = build(tree);
  if (root.op) root.label = "f";
  return root;
};

/** A too-large graph, said with the limit. */
export class SizeError extends Error {}

/** Parse, check the size, build and trace: {tree, names, trace}; throws ParseError, SizeError, EngineError. */
export const explore = (source, values) => {
  const tree = parse(source);
  const count = size(tree);
  if (count > MAX_NODES) {
    throw new SizeError(`This graph has ${count} nodes; the explorer draws at most ${MAX_NODES}`);
  }
  return { tree, names: variables(tree), trace: engine.record(graph(tree, values)) };
};
