// The playground's one small seeded generator (mulberry32) and the three data sets it draws.
// hooks/train_data.py is its Python twin; tests/test_train_exact.py holds the two to the same bits.
// Everything here is integer arithmetic, +, × and comparisons, so both languages get the same floats.

/** A function returning u in (0, 1): mulberry32's 32-bit state, u = (k + 1/2) / 2^32. */
export const mulberry32 = (seed) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 + 1 / 8589934592;
  };
};

/** u in (−1, 1): 2u − 1. */
export const uniform = (next) => 2 * next() - 1;

export const POINTS = 60;
const SCALE = 2; // the data live in (−2, 2)², like the standardised moons
const DATA_SEEDS = { circles: 101, xor: 102, linear: 103 };

// Each rule maps a point of the square (−1, 1)² to its label (+1 or −1), or to 0 inside the margin.
const RULES = {
  circles: (x, y) => {
    const r2 = x * x + y * y;
    return r2 < 0.25 ? 1 : r2 > 0.5625 && r2 < 1 ? -1 : 0;
  },
  xor: (x, y) => (Math.abs(x) < 0.15 || Math.abs(y) < 0.15 ? 0 : x * y > 0 ? 1 : -1),
  linear: (x, y) => {
    const s = x + 0.5 * y - 0.2;
    return s > 0.15 ? 1 : s < -0.15 ? -1 : 0;
  },
};

/** POINTS points [x1, x2, label], half of each label, drawn by rejection; the same for every seed. */
export const drawData = (name) => {
  const rule = RULES[name];
  if (!rule) throw new Error(`no data set called ${JSON.stringify(name)}; choose one of ${Object.keys(RULES)}`);
  const next = mulberry32(DATA_SEEDS[name]), points = [], count = { 1: 0, "-1": 0 };
  while (points.length < POINTS) {
    const x = uniform(next), y = uniform(next), label = rule(x, y);
    if (label !== 0 && count[label] < POINTS / 2) {
      count[label] += 1;
      points.push([SCALE * x, SCALE * y, label]);
    }
  }
  return points;
};

/** Initial weights, layer by layer and neuron by neuron as nn.py draws them: uniform (−1, 1); biases 0. */
export const initialWeights = (sizes, seed) => {
  const next = mulberry32(seed), weights = [], biases = [];
  for (let k = 1; k < sizes.length; k++) {
    weights.push(Array.from({ length: sizes[k] }, () => Array.from({ length: sizes[k - 1] }, () => uniform(next))));
    biases.push(new Array(sizes[k]).fill(0));
  }
  return { weights, biases };
};
