// The playground's network in typed arrays: forward, loss L = (1/n) Σ (p − t)², backward, and
// p ← p − lr ∂L/∂p. Every sum runs in the order the engine's graph runs it (graph.js builds that
// graph with the explorer's engine), so both give the same bits; tests/test_train_exact.py checks.

// act(z) into A[at] and its local derivative, read off the output, into D[at], as
// visual_backprop/engine.py computes them.
const ACTIVATIONS = { tanh: 0, sigmoid: 1, relu: 2 };
const activate = (kind, z, A, D, at) => {
  if (kind === 0) {
    const t = Math.tanh(z);
    A[at] = t;
    D[at] = 1 - t * t;
  } else if (kind === 1) {
    let s;
    if (z >= 0) s = 1 / (1 + Math.exp(-z));
    else {
      const e = Math.exp(z);
      s = e / (1 + e);
    }
    A[at] = s;
    D[at] = s * (1 - s);
  } else {
    A[at] = z > 0 ? z : 0;
    D[at] = z > 0 ? 1 : 0;
  }
};
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS);

/** A 2-…-1 network: hidden layers of `hidden` sizes with activation `act`, a tanh output. */
export class Network {
  constructor(hidden, act, { weights, biases }) {
    if (!(act in ACTIVATIONS)) throw new Error(`no activation called ${JSON.stringify(act)}`);
    this.hidden = [...hidden];
    this.act = act;
    this.sizes = [2, ...hidden, 1];
    this.acts = [...hidden.map(() => ACTIVATIONS[act]), ACTIVATIONS.tanh];
    this.W = weights.map((rows) => Float64Array.from(rows.flat())); // W[k][j * inputs + i]
    this.B = biases.map((row) => Float64Array.from(row));
    this.gW = this.W.map((w) => new Float64Array(w.length));
    this.gB = this.B.map((b) => new Float64Array(b.length));
    this.loss = NaN;
    this.correct = 0;
    this.meanGradZ = new Float64Array(this.W.length); // mean |∂L/∂z| per layer, over units and points
  }

  /** The outputs for many points at once, xs[i], ys[i] -> out[i] (the decision boundary's grid). */
  outputs(xs, ys, out) {
    const count = xs.length, widest = Math.max(...this.sizes);
    if (this.buffers?.[0].length !== count * widest) {
      this.buffers = [0, 1, 2].map(() => new Float64Array(count * widest)); // two layers and the unused slopes
    }
    const [first, second, slopes] = this.buffers;
    let a = first;
    for (let p = 0; p < count; p++) (a[2 * p] = xs[p]), (a[2 * p + 1] = ys[p]);
    for (let k = 0; k < this.W.length; k++) {
      const w = this.W[k], b = this.B[k], inputs = this.sizes[k], units = this.sizes[k + 1];
      const next = k === this.W.length - 1 ? out : a === first ? second : first;
      for (let p = 0; p < count; p++) {
        for (let j = 0; j < units; j++) {
          let z = w[j * inputs] * a[p * inputs];
          for (let i = 1; i < inputs; i++) z = z + w[j * inputs + i] * a[p * inputs + i];
          activate(this.acts[k], z + b[j], next, slopes, p * units + j);
        }
      }
      a = next;
    }
    return out;
  }

  /** Loss, correct count, ∂L/∂p for every p and mean |∂L/∂z| per layer, at the current weights. */
  compute(points) {
    const n = points.length, layers = this.W.length, sizes = this.sizes;
    const A = sizes.map((size) => new Float64Array(n * size)), D = sizes.map((size) => new Float64Array(n * size));
    let total = 0, correct = 0;
    for (let p = 0; p < n; p++) {
      A[0][2 * p] = points[p][0];
      A[0][2 * p + 1] = points[p][1];
      for (let k = 0; k < layers; k++) {
        const w = this.W[k], b = this.B[k], inputs = sizes[k], units = sizes[k + 1], a = A[k], at = p * inputs;
        for (let j = 0; j < units; j++) {
          let z = w[j * inputs] * a[at];
          for (let i = 1; i < inputs; i++) z = z + w[j * inputs + i] * a[at + i];
          activate(this.acts[k], z + b[j], A[k + 1], D[k + 1], p * units + j);
        }
      }
      const e = A[layers][p] - points[p][2];
      total = p === 0 ? e ** 2 : total + e ** 2; // the engine's pow node: x ** 2
      if (A[layers][p] > 0 === points[p][2] > 0) correct += 1;
    }
    this.loss = total / n;
    this.correct = correct;
    // Backward, point by point from the last: the order of the engine's reverse topological sweep.
    const upstream = (1 / n) * 1; // d(total / n)/d(total) times dL/dL
    this.gW.forEach((g) => g.fill(0));
    this.gB.forEach((g) => g.fill(0));
    const sums = new Float64Array(layers), buffers = sizes.map((size) => new Float64Array(size)), top = new Float64Array(1);
    for (let p = n - 1; p >= 0; p--) {
      let grad = top;
      grad[0] = (2 * (A[layers][p] - points[p][2]) ** 1) * upstream; // ∂L/∂output: n x^(n−1) × upstream
      for (let k = layers - 1; k >= 0; k--) {
        const w = this.W[k], gw = this.gW[k], gb = this.gB[k], inputs = sizes[k], units = sizes[k + 1];
        const a = A[k], at = p * inputs, below = buffers[k];
        below.fill(0);
        for (let j = units - 1; j >= 0; j--) {
          const gz = D[k + 1][p * units + j] * grad[j];
          sums[k] += Math.abs(gz);
          gb[j] += gz;
          for (let i = inputs - 1; i >= 0; i--) {
            gw[j * inputs + i] += a[at + i] * gz;
            below[i] += w[j * inputs + i] * gz;
          }
        }
        grad = below;
      }
    }
    for (let k = 0; k < layers; k++) this.meanGradZ[k] = sums[k] / (n * sizes[k + 1]);
    return this;
  }

  /** One gradient-descent step on the gradients compute() left: p ← p − lr ∂L/∂p. */
  update(lr) {
    this.W.forEach((w, k) => w.forEach((v, i) => (w[i] = v - lr * this.gW[k][i])));
    this.B.forEach((b, k) => b.forEach((v, j) => (b[j] = v - lr * this.gB[k][j])));
  }

  /** Every parameter as nn.py names it, in its order: [name, value, gradient]. */
  parameters() {
    const rows = [];
    this.W.forEach((w, k) => {
      const inputs = this.sizes[k];
      for (let j = 0; j < this.sizes[k + 1]; j++) {
        const name = `L${k + 1}.${j + 1}`;
        for (let i = 0; i < inputs; i++) rows.push([`${name}.w${i + 1}`, w[j * inputs + i], this.gW[k][j * inputs + i]]);
        rows.push([`${name}.b`, this.B[k][j], this.gB[k][j]]);
      }
    });
    return rows;
  }
}

/** A network trained `epochs` updates on `points` at rate lr; after it, its loss and gradients are current. */
export const train = (network, points, lr, epochs, losses = null) => {
  network.compute(points);
  losses?.push(network.loss);
  for (let e = 0; e < epochs; e++) {
    network.update(lr);
    network.compute(points);
    losses?.push(network.loss);
  }
  return network;
};
