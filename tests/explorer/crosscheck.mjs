// Runs the explorer's modules under Node for tests/test_explorer_engine.py.
// Usage: node crosscheck.mjs MODULE_DIR < request.json > answer.json
// The request holds {cases: [{expr, values}], traces: [trace dicts from Python's record()]}. The
// answer holds, per case, the parse tree and the JavaScript trace, captions and headlines (or the
// error), and per Python trace the captions and headlines the JavaScript scenes word from it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const load = (name) => import(pathToFileURL(join(dir, name)).href);
const { parse } = await load("parse.js");
const { explore } = await load("build.js");
const { scenesFor } = await load("scenes.js");

const words = (trace) => {
  const scenes = scenesFor(trace);
  return { captions: scenes.map((s) => s.caption), headlines: scenes.map((s) => s.headline) };
};

const run = ({ expr, values }) => {
  let tree;
  try {
    tree = parse(expr);
    const { trace } = explore(expr, values);
    return { tree, trace, ...words(trace) };
  } catch (error) {
    return { tree: tree ?? null, error: { kind: error.constructor.name, message: error.message,
      column: error.column ?? null } };
  }
};

const request = JSON.parse(readFileSync(0, "utf8"));
const answer = { cases: request.cases.map(run), traces: request.traces.map(words) };
process.stdout.write(JSON.stringify(answer));
