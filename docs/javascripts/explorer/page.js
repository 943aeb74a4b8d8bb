// The explorer page (docs/playground.md): reads the expression and the values, draws the graph, fills
// the table, keeps the address shareable, and shows what is wrong with bad input while the last good
// graph stays. Starts on Material's document$, so it also starts after instant navigation.
import { explore } from "./build.js";
import { EngineError } from "./engine.js";
import { fmt } from "./format.js";
import { parse, variables } from "./parse.js";
import { GraphPainter, measurer, shape } from "./paint.js";
import { MINUS, scenesFor } from "./scenes.js";
import { NARROW } from "./constants.js"; // where the figures' narrow layout starts (draw/steps.py)
import { duration, stepper } from "./stepper.js";

const DEFAULT_VALUE = 1;

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

const full = (x) => fmt(x, 6, MINUS);
const sentence = (text) => text + (text.endsWith("?") ? "" : ".");

/** The explorer inside `root` (#vbx); returns stop(). */
const start = (root) => {
  const $ = (selector) => root.querySelector(selector);
  const input = $("#vbx-expression"), fields = $(".vbx__variables"), alert = $(".vbx__error");
  const svg = $(".vbx__graph"), figure = $(".vbx__figure"), body = $("table tbody");
  const narrow = matchMedia(NARROW);
  const abort = new AbortController(), { signal } = abort;
  const values = Object.create(null);
  let good = null, painter = null, scenes = [], shownStep = 0, lastHash = "";

  // The address follows the reader's edits and steps; a bare address stays bare until the first one.
  let sharing = readHash(location.hash).expr !== undefined;
  const holder = $(".vbx__player");
  for (const type of ["click", "keydown", "input"]) {
    holder.addEventListener(type, () => (sharing = true), { signal, capture: true });
  }
  const player = stepper(figure, holder, "Step player: the explorer's graph", svg, (step) => {
    shownStep = step;
    painter?.paint(scenes[step]);
    if (good && root.querySelector(".vb-player").dataset.playing !== "true") remember();
  });

  // Written once typing pauses: replaceState costs a few ms, more than the rest of an edit.
  let writing;
  const remember = () => {
    if (!sharing) return;
    const hash = writeHash(good.expr, good.names, good.values, shownStep ? shownStep + 1 : 0);
    clearTimeout(writing);
    if (hash !== lastHash) writing = setTimeout(() => history.replaceState(history.state, "", (lastHash = hash)), 150);
  };

  const fail = (message, column) => {
    alert.replaceChildren();
    const p = document.createElement("p");
    p.textContent = `${sentence(message)} The graph below is the last one that worked.`;
    alert.append(p);
    if (column) {
      const pre = document.createElement("pre");
      pre.textContent = `${input.value}\n${" ".repeat(column - 1)}^`;
      pre.setAttribute("aria-label", `column ${column}`);
      p.prepend(`Column ${column}: `);
      alert.append(pre);
    }
    figure.classList.toggle("vbx__figure--stale", Boolean(good));
    input.setAttribute("aria-invalid", String(column !== undefined));
  };

  // One number input per variable, in order of first use; values live on when a name comes back.
  const syncFields = (names) => {
    const current = [...fields.querySelectorAll("input")].map((i) => i.dataset.name);
    if (current.join() === names.join()) return;
    fields.replaceChildren(...names.map((name) => {
      const id = `vbx-var-${name}`, wrapper = document.createElement("div");
      wrapper.className = "vbx__variable";
      wrapper.innerHTML = `<label for="${id}"></label><input id="${id}" type="number" step="any" inputmode="decimal">`;
      wrapper.querySelector("label").textContent = name;
      const field = wrapper.querySelector("input");
      field.dataset.name = name;
      field.value = String(values[name] ?? DEFAULT_VALUE);
      field.addEventListener("input", () => ((sharing = true), update()), { signal });
      return wrapper;
    }));
  };

  const table = (trace, names) => {
    const byLabel = Object.fromEntries(trace.nodes.filter((n) => !n.op).map((n) => [n.label, n]));
    const root_ = trace.nodes.find((n) => n.id === trace.root);
    const rows = [...names.map((name) => [name, byLabel[name]]), ["output", root_]];
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

  let width = null; // text widths, measured once per page in the page's font
  // The drawing for the good graph; the player's show(step) paints it.
  const draw = () => {
    width ||= measurer(svg);
    // New values for the same graph only change numbers: the layout and the elements stay.
    if (painter?.shape === shape(good.trace, narrow.matches)) painter.retrace(good.trace);
    else painter = new GraphPainter(good.trace, svg, { narrow: narrow.matches, width });
  };

  const update = (step, autoplay) => {
    const expr = input.value;
    let tree;
    try {
      tree = parse(expr);
    } catch (error) {
      return fail(error.message, error.column ?? undefined);
    }
    const names = variables(tree);
    syncFields(names);
    for (const field of fields.querySelectorAll("input")) {
      const x = field.valueAsNumber;
      if (!Number.isFinite(x)) return fail(`The value of ${field.dataset.name} is not a number`);
      values[field.dataset.name] = x;
    }
    let trace;
    try {
      ({ trace } = explore(expr, values));
    } catch (error) {
      return fail(error instanceof EngineError ? `The engine refuses: ${error.message}` : error.message);
    }
    alert.replaceChildren();
    input.setAttribute("aria-invalid", "false");
    figure.classList.remove("vbx__figure--stale");
    const picked = Object.fromEntries(names.map((n) => [n, values[n]]));
    good = { expr, names, values: picked, trace };
    scenes = scenesFor(trace);
    const steps = scenes.map((s, i) => ({ caption: s.caption, phase: s.phase,
      duration: duration(s.headline, i === scenes.length - 1) }));
    table(trace, names);
    draw();
    player.load(steps, step ?? Math.min(shownStep, steps.length - 1), autoplay);
    root.classList.add("vbx--ready");
    remember();
  };

  const fromHash = (hash = location.hash) => {
    if (hash === lastHash) return;
    const state = readHash(hash);
    if (state.expr === undefined) return;
    input.value = state.expr;
    try {
      for (const name of variables(parse(state.expr))) values[name] = state.values[name] ?? DEFAULT_VALUE;
    } catch {
      // The message comes from update() below.
    }
    fields.replaceChildren();
    const step = Number.isInteger(state.step) && state.step > 0 ? state.step - 1 : 0;
    update(step, !state.step);
  };

  const presets = [...root.querySelectorAll("[data-vbx-preset]")];
  const choose = (button) => {
    const hash = `#expr=${encodeURIComponent(button.dataset.expr)}&${button.dataset.values}`;
    if (sharing) history.replaceState(history.state, "", hash);
    fromHash(hash);
  };
  presets.forEach((button) => button.addEventListener("click", () => ((sharing = true), choose(button)), { signal }));
  input.addEventListener("input", () => ((sharing = true), update()), { signal });
  addEventListener("hashchange", () => ((sharing = true), fromHash()), { signal });
  narrow.addEventListener("change", () => good && (draw(), painter.paint(scenes[shownStep])), { signal });
  root.dataset.started = "true";
  if (readHash(location.hash).expr !== undefined) fromHash();
  else choose(presets[0]); // the site's first example: b used twice
  return () => (abort.abort(), clearTimeout(writing), player.stop());
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
