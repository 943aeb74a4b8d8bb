// Reads {data: {name: points}, runs: [{data, hidden, act, lr, seed, epochs}]} as JSON on stdin; for each run
// trains the playground's fast network (net.js) and the same network on the explorer's engine (graph.js),
// and prints JSON: the three generated data sets, and per run the initial weights, both paths' losses
// at every epoch and final parameters.
import { engineEpoch, parametersOf } from "../../docs/javascripts/train/graph.js";
import { Network, train } from "../../docs/javascripts/train/net.js";
import { drawData, initialWeights } from "../../docs/javascripts/train/prng.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const data = { ...input.data };
for (const name of ["circles", "xor", "linear"]) data[name] = drawData(name);

const runs = input.runs.map(({ data: name, hidden, act, lr, seed, epochs }) => {
  const points = data[name], init = initialWeights([2, ...hidden, 1], seed);
  const fastLosses = [], fast = train(new Network(hidden, act, init), points, lr, epochs, fastLosses);
  const shape = new Network(hidden, act, initialWeights([2, ...hidden, 1], seed));
  const params = parametersOf(shape), engineLosses = [];
  for (let e = 0; e <= epochs; e++) {
    // The article's loop: the loss at epoch e, then (before the last) a step.
    if (e < epochs) engineLosses.push(engineEpoch(shape, params, points, lr));
    else {
      const probe = engineEpoch(shape, params, points, 0);
      engineLosses.push(probe);
    }
  }
  return {
    init, fastLosses, engineLosses,
    fast: fast.parameters().map(([name, value]) => [name, value]),
    engine: params.map((p) => [p.label, p.data]),
  };
});
process.stdout.write(JSON.stringify({ data: { circles: data.circles, xor: data.xor, linear: data.linear }, runs }));
