// The explorer page (docs/playground.md): the expression field, the presets, the shareable address and
// the table, around the widget (widget.js) that holds the values, the graph and its step player.
// Starts on Material's document$, so it also starts after instant navigation.
import { readHash, writeHash } from "./address.js";
import { fmt } from "./format.js";
import { parse, variables } from "./parse.js";
import { MINUS } from "./scenes.js";
import { mount } from "./widget.js";

const DEFAULT_VALUE = 1;

export { readHash, writeHash };

const full = (x) => fmt(x, 6, MINUS);

/** Every variable's value and gradient, and the output's, as rows of the table body `body`. */
const fillTable = (body, trace, names) => {
  const byLabel = Object.fromEntries(trace.nodes.filter((n) => !n.op).map((n) => [n.label, n]));
  const output = trace.nodes.find((n) => n.id === trace.root);
  const rows = [...names.map((name) => [name, byLabel[name]]), ["output", output]];
  body.replaceChildren(...rows.map(([name, node]) => {
    const tr = document.createElement("tr");
    const grad = name === "output" ? 1 : node.grad;
    for (const [text, exact] of [[name, null], [full(node.data), node.data], [full(grad), grad]]) {
      const td = document.createElement(exact === null ? "th" : "td");
      if (exact === null) td.scope = "row";
      else td.dataset.value = String(exact);
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
};

/** The address, written once typing pauses (replaceState costs a few ms, more than the rest of an edit). */
const addressKeeper = () => {
  let writing, last = "", sharing = readHash(location.hash).expr !== undefined;
  return {
    share: () => (sharing = true),
    get last() { return last; },
    set last(hash) { last = hash; },
    remember(good, step) {
      if (!sharing || !good) return;
      const hash = writeHash(good.expr, good.names, good.values, step ? step + 1 : 0);
      clearTimeout(writing);
      if (hash !== last) writing = setTimeout(() => history.replaceState(history.state, "", (last = hash)), 150);
    },
    stop: () => clearTimeout(writing),
  };
};

/** The explorer inside `root` (#vbx): the expression, presets, address and table around the widget; returns stop(). */
const start = (root) => {
  const input = root.querySelector("#vbx-expression"), body = root.querySelector("table tbody");
  const abort = new AbortController(), { signal } = abort;
  const address = addressKeeper();
  // The address follows the reader's edits and steps; a bare address stays bare until the first one.
  const holder = root.querySelector(".vbx__player");
  for (const type of ["click", "keydown", "input"]) holder.addEventListener(type, address.share, { signal, capture: true });
  const names = (expr) => {
    try {
      return variables(parse(expr));
    } catch (error) {
      widget.fail(error.message, error.column ?? undefined);
      return undefined;
    }
  };
  const widget = mount(root, {
    names, onInput: address.share,
    onFail: (column) => input.setAttribute("aria-invalid", String(column !== undefined)),
    onStep: (step, playing) => playing || address.remember(widget?.good, step),
    onChange: (good) => {
      input.setAttribute("aria-invalid", "false");
      fillTable(body, good.trace, good.names);
      root.classList.add("vbx--ready");
      address.remember(good, widget?.step ?? 0);
    },
  });

  const fromHash = (hash = location.hash) => {
    if (hash === address.last) return;
    const state = readHash(hash);
    if (state.expr === undefined) return;
    input.value = state.expr;
    const fresh = {};
    try {
      for (const name of variables(parse(state.expr))) fresh[name] = state.values[name] ?? DEFAULT_VALUE;
    } catch {
      // The message comes from show() below.
    }
    widget.reset(fresh);
    const step = Number.isInteger(state.step) && state.step > 0 ? state.step - 1 : 0;
    widget.show(state.expr, step, !state.step);
  };

  const presets = [...root.querySelectorAll("[data-vbx-preset]")];
  const choose = (button) => {
    const hash = `#expr=${encodeURIComponent(button.dataset.expr)}&${button.dataset.values}`;
    address.share();
    history.replaceState(history.state, "", hash);
    fromHash(hash);
  };
  presets.forEach((button) => button.addEventListener("click", () => choose(button), { signal }));
  input.addEventListener("input", () => (address.share(), widget.show(input.value)), { signal });
  addEventListener("hashchange", () => (address.share(), fromHash()), { signal });
  root.dataset.started = "true";
  if (readHash(location.hash).expr !== undefined) fromHash();
  else fromHash(`#expr=${encodeURIComponent(presets[0].dataset.expr)}&${presets[0].dataset.values}`);
  return () => (abort.abort(), address.stop(), widget.stop());
};

// This module comes before Material's deferred bundle in the page, so document$ may not exist yet;
// every deferred script has run by DOMContentLoaded.
let stop = null;
const follow = () => document$.subscribe(() => {
  const root = document.getElementById("vbx");
  if (stop && !root?.dataset.started) stop(), (stop = null);
  if (root && !root.dataset.started) stop = start(root);
});
if (window.document$) follow();
else addEventListener("DOMContentLoaded", follow, { once: true });
