// Expressions as the explorer reads them: numbers (2, 0.5, 1e-3), names, + − × ÷, ** or ^ with a
// constant exponent, unary minus, parentheses, exp log tanh sigmoid relu gelu of one argument, max
// of two. The result is a plain-data tree; nothing here evaluates anything.

export const FUNCTIONS = { exp: 1, log: 1, tanh: 1, sigmoid: 1, relu: 1, gelu: 1, max: 2 };
// Names the page's address uses for itself, and the output's name.
export const RESERVED = { expr: "the address keeps the expression under it", step: "the address keeps the step under it",
  f: "it names the output" };
const MAX_DEPTH = 60;

/** A parse error at a 1-based column. */
export class ParseError extends Error {
  constructor(message, column) {
    super(message);
    this.column = column;
  }
}

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^(),]))/y;

/** Tokens {kind: "number" | "name" | "op" | "end", text, column}. */
export const tokenize = (source) => {
  const tokens = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m) {
      const skipped = source.slice(at).match(/^\s*/)[0].length;
      const bad = [...source.slice(at + skipped)][0];
      throw new ParseError(`unexpected character “${bad}”`, at + skipped + 1);
    }
    const text = m[1] ?? m[2] ?? m[3];
    const kind = m[1] ? "number" : m[2] ? "name" : "op";
    tokens.push({ kind, text, column: m.index + m[0].length - text.length + 1 });
    at = TOKEN.lastIndex;
  }
  tokens.push({ kind: "end", text: "", column: source.length + 1 });
  return tokens;
};

/** Edit distance, to suggest the function a typo meant. */
const distance = (a, b) => {
  let row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
};

export const suggest = (name) => {
  const [best] = Object.keys(FUNCTIONS)
    .map((f) => [distance(name.toLowerCase(), f), f])
    .sort((x, y) => x[0] - y[0]);
  return best && best[0] <= Math.max(1, Math.floor(best[1].length / 3)) ? best[1] : null;
};

const describe = (token) => (token.kind === "end" ? "the end" : `“${token.text}”`);

/** The tree of `source`: {type: "num" | "var" | "neg" | "bin" | "pow" | "call", ...}. */
export const parse = (source) => {
  const tokens = tokenize(source);
  let i = 0, depth = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const is = (text) => peek().kind === "op" && peek().text === text;
  const expect = (text, what) => {
    if (!is(text)) throw new ParseError(`expected ${what}, found ${describe(peek())}`, peek().column);
    return next();
  };
  const deeper = (token) => {
    if (++depth > MAX_DEPTH) throw new ParseError(`nested more than ${MAX_DEPTH} levels deep`, token.column);
  };

  // One level of left-associative binary operators over `operand`.
  const level = (operand, ops) => () => {
    let left = operand();
    while (ops.some(is)) {
      const op = next().text;
      left = { type: "bin", op, left, right: operand() };
    }
    return left;
  };
  const product = level(() => unary(), ["*", "/"]);
  const sum = level(product, ["+", "-"]);
  const unary = () => {
    if (!is("-") && !is("+")) return power();
    const sign = next();
    deeper(sign);
    const arg = unary();
    depth--;
    if (sign.text === "+") return arg;
    // A minus sign on a plain number is part of the number: -3 is one constant.
    return arg.type === "num" ? { type: "num", value: -arg.value } : { type: "neg", arg };
  };
  const power = () => {
    const base = primary();
    if (!is("**") && !is("^")) return base;
    const op = next();
    const exponent = constantExponent(op);
    if (is("**") || is("^")) {
      throw new ParseError(`a power of a power needs parentheses: write (a${op.text}m)${op.text}n`, peek().column);
    }
    return { type: "pow", base, exponent };
  };
  const constantExponent = (op) => {
    const start = peek();
    let sign = 1, open = 0;
    while (is("(")) next(), open++;
    while (is("-") || is("+")) sign *= next().text === "-" ? -1 : 1;
    const token = next();
    if (token.kind !== "number") {
      const what = token.kind === "name" ? `the name “${token.text}”` : describe(token);
      throw new ParseError(`the exponent after ${op.text} must be a plain number, not ${what}`,
        token.kind === "end" ? token.column : start.column);
    }
    for (; open; open--) expect(")", "“)” to close the exponent");
    return sign * Number(token.text);
  };
  const primary = () => {
    const token = next();
    if (token.kind === "number") return { type: "num", value: Number(token.text) };
    if (token.kind === "name") return named(token);
    if (token.kind === "op" && token.text === "(") {
      deeper(token);
      const inner = sum();
      depth--;
      expect(")", `“)” to close the “(” at column ${token.column}`);
      return inner;
    }
    throw new ParseError(token.kind === "end" ? "the expression ends too early" : `unexpected ${describe(token)}`,
      token.column);
  };
  const named = (token) => {
    const name = token.text;
    if (is("(")) {
      const arity = Object.hasOwn(FUNCTIONS, name) && FUNCTIONS[name];
      if (!arity) {
        const close = suggest(name);
        throw new ParseError(`unknown function “${name}”${close ? `; did you mean ${close}?` : ""}`, token.column);
      }
      const open = next();
      deeper(open);
      const args = [sum()];
      while (is(",")) next(), args.push(sum());
      depth--;
      expect(")", `“)” to close ${name}(`);
      if (args.length !== arity) {
        const wanted = arity === 1 ? "one argument" : "two arguments separated by a comma";
        throw new ParseError(`${name} takes ${wanted}, got ${args.length}`, token.column);
      }
      return { type: "call", fn: name, args };
    }
    if (Object.hasOwn(FUNCTIONS, name)) throw new ParseError(`${name} is a function: write ${name}(…)`, token.column);
    if (Object.hasOwn(RESERVED, name)) throw new ParseError(`“${name}” cannot name a variable: ${RESERVED[name]}`, token.column);
    return { type: "var", name };
  };

  const tree = sum();
  const rest = peek();
  if (rest.kind !== "end") {
    const hint = rest.kind === "name" || is("(") ? " (write * to multiply)" : "";
    throw new ParseError(`expected an operator, found ${describe(rest)}${hint}`, rest.column);
  }
  return tree;
};

/** The variables of a tree, in order of first appearance. */
export const variables = (tree, out = []) => {
  if (tree.type === "var" && !out.includes(tree.name)) out.push(tree.name);
  for (const child of [tree.arg, tree.left, tree.right, tree.base, ...(tree.args ?? [])]) {
    if (child) variables(child, out);
  }
  return out;
};
