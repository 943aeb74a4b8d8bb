// The explorer's address: "#expr=…&a=2&b=1&step=3", read and written the same way by the explorer page
// and by live figures, whose "Open in the explorer" link carries the reader's values.

/** {expr, values, step} from "#expr=…&a=2&step=3"; absent parts are undefined. */
export const readHash = (hash) => {
  const out = { values: Object.create(null) }; // no prototype: a variable may be called __proto__
  for (const part of hash.replace(/^#/, "").split("&")) {
    const at = part.indexOf("=");
    if (at < 1) continue;
    let key, value;
    try {
      [key, value] = [decodeURIComponent(part.slice(0, at)), decodeURIComponent(part.slice(at + 1))];
    } catch {
      continue;
    }
    if (key === "expr") out.expr = value;
    else if (key === "step") out.step = Number.parseInt(value, 10);
    else if (value.trim() !== "" && Number.isFinite(Number(value))) out.values[key] = Number(value);
  }
  return out;
};

export const writeHash = (expr, names, values, step) => `#expr=${encodeURIComponent(expr)}`
  + names.map((n) => `&${encodeURIComponent(n)}=${values[n]}`).join("") + (step ? `&step=${step}` : "");
