// The playground's network built as a graph of the explorer's engine (engine.js), node for node as
// visual_backprop/nn.py's MLP builds it: z = w1 x1 + w2 x2 + … + b, act(z); L = (1/n) Σ (p − t)².
// The page reads the table's gradients from here; net.js's fast loop is held to it bit for bit.
import { Value, add, backward, constant, div, mul, pow, relu, sigmoid, sub, tanh } from "../explorer/engine.js";

const ACTIVATIONS = { tanh, sigmoid, relu };

/** Parameters as Values named as nn.py names them (L1.1.w1, …, L1.1.b), from a Network's arrays. */
export const parametersOf = (network) => network.parameters().map(([name, value]) => new Value(value, name));

/** The loss graph over `points` for `network`'s shape and the given parameter Values; returns its root. */
export const lossGraph = (network, params, points) => {
  const { sizes } = network, layers = sizes.length - 1;
  const act = (k) => (k === layers - 1 ? tanh : ACTIVATIONS[network.act]);
  let total = null;
  points.forEach(([x1, x2, label]) => {
    let a = [constant(x1), constant(x2)], at = 0;
    for (let k = 0; k < layers; k++) {
      const next = [];
      for (let j = 0; j < sizes[k + 1]; j++) {
        let z = mul(params[at], a[0]);
        for (let i = 1; i < sizes[k]; i++) z = add(z, mul(params[at + i], a[i]));
        next.push(act(k)(add(z, params[at + sizes[k]])));
        at += sizes[k] + 1;
      }
      a = next;
    }
    const squared = pow(sub(a[0], constant(label)), 2);
    total = total === null ? squared : add(total, squared);
  });
  return points.length > 1 ? div(total, constant(points.length)) : total;
};

/** The loss and ∂L/∂p for every parameter at `network`'s current weights, by the engine's backward(). */
export const engineGradients = (network, points) => {
  const params = parametersOf(network), root = lossGraph(network, params, points);
  backward(root);
  return { loss: root.data, params };
};

/** One epoch on the engine, as the Training article's loop: forward, zero, backward, p ← p − lr ∂L/∂p. */
export const engineEpoch = (network, params, points, lr) => {
  for (const p of params) p.grad = 0;
  const root = lossGraph(network, params, points);
  backward(root);
  for (const p of params) p.data -= lr * p.grad;
  return root.data;
};
