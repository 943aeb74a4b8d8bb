// Reads {moons, runs: [{data, layers, act, lr, seed, epoch}]} as JSON on stdin; prints for each run the
// playground's loss at epochs 0 and `epoch`, the points it gets right, and mean |∂L/∂z| per layer at epoch 0.
import { Network, train } from "../../docs/javascripts/train/net.js";
import { drawData, initialWeights } from "../../docs/javascripts/train/prng.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { moons, runs } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const out = runs.map(({ data, layers, act, lr, seed, epoch }) => {
  const points = data === "moons" ? moons : drawData(data);
  const network = new Network(layers, act, initialWeights([2, ...layers, 1], seed)).compute(points);
  const meanGradZ = [...network.meanGradZ], losses = [];
  train(network, points, lr, epoch, losses);
  return { first: losses[0], last: losses.at(-1), correct: network.correct, points: points.length, meanGradZ };
});
process.stdout.write(JSON.stringify(out));
