// The playground's address: the whole configuration and the epoch in the hash, read with a message
// for every bad value (naming it and what is allowed; that key's default is used instead).

export const DATA_SETS = ["moons", "circles", "xor", "linear"];
export const ACTS = ["tanh", "relu", "sigmoid"];
export const LIMITS = { layers: [1, 6], units: [1, 8], lr: [0.001, 1], seed: [1, 100], epoch: [0, 5000] };
export const DEFAULTS = Object.freeze({ data: "moons", layers: [4, 4], act: "tanh", lr: 0.1, seed: 1, epoch: 0 });
const KEYS = Object.keys(DEFAULTS);

const integerIn = (text, [low, high]) => {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(n) && n >= low && n <= high ? n : null;
};

// key -> (text) => [value] or [null, what is allowed]
const READERS = {
  data: (text) => (DATA_SETS.includes(text) ? [text] : [null, `one of ${DATA_SETS.join(", ")}`]),
  act: (text) => (ACTS.includes(text) ? [text] : [null, `one of ${ACTS.join(", ")}`]),
  layers: (text) => {
    const sizes = text.split(",").map((part) => integerIn(part, LIMITS.units));
    const [low, high] = LIMITS.layers;
    const ok = sizes.length >= low && sizes.length <= high && sizes.every((n) => n !== null);
    return ok ? [sizes] : [null, `${low} to ${high} hidden layers of ${LIMITS.units.join(" to ")} units each, `
      + "as sizes separated by commas, such as 4,4"];
  },
  lr: (text) => {
    const lr = text.trim() === "" ? NaN : Number(text);
    const [low, high] = LIMITS.lr;
    return lr >= low && lr <= high ? [lr] : [null, `a number from ${low} to ${high}`];
  },
  seed: (text) => {
    const seed = integerIn(text, LIMITS.seed);
    return seed !== null ? [seed] : [null, `a whole number from ${LIMITS.seed.join(" to ")}`];
  },
  epoch: (text) => {
    const epoch = integerIn(text, LIMITS.epoch);
    return epoch !== null ? [epoch] : [null, `a whole number from ${LIMITS.epoch.join(" to ")}`];
  },
};

const shown = (key, value) => (key === "layers" ? value.join(",") : String(value));

/** {config, problems}: the configuration the hash asks for, defaults where it is silent or wrong. */
export const readAddress = (hash) => {
  const config = { ...DEFAULTS, layers: [...DEFAULTS.layers] }, problems = [];
  for (const part of hash.replace(/^#/, "").split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    let key, text;
    try {
      [key, text] = at < 0 ? [decodeURIComponent(part), ""] : [decodeURIComponent(part.slice(0, at)),
        decodeURIComponent(part.slice(at + 1))];
    } catch {
      problems.push(`“${part}” is not a readable part of an address; it was ignored.`);
      continue;
    }
    if (!READERS[key]) {
      problems.push(`“${key}” is not a setting of this page; the address takes ${KEYS.join(", ")}.`);
      continue;
    }
    const [value, allowed] = READERS[key](text);
    if (value === null) {
      problems.push(`${key}=${text} is not allowed: ${key} must be ${allowed}. `
        + `The default, ${key}=${shown(key, DEFAULTS[key])}, is used instead.`);
    } else config[key] = value;
  }
  return { config, problems };
};

/** The hash for a configuration at an epoch, with the keys in their fixed order. */
export const writeAddress = (config, epoch) =>
  "#" + KEYS.map((key) => `${key}=${shown(key, key === "epoch" ? epoch : config[key])}`).join("&");
