// One live graph: number fields per variable, the alert, the drawing and the step player. The explorer
// page (page.js) and the live figures in the articles (live.js) both mount it. Its graph comes from an
// expression, or from a figure's own nodes (figure.js), so a live figure keeps its labels and phases.
// Bad input shows the engine's words in the alert while the last good drawing stays.
import { explore } from "./build.js";
import { EngineError, record } from "./engine.js";
import { graphFromNodes } from "./figure.js";
import { GraphPainter, measurer, shape } from "./paint.js";
import { scenesFor } from "./scenes.js";
import { NARROW } from "./constants.js";
import { adopt, duration, stepper } from "./stepper.js";

const DEFAULT_VALUE = 1;
const sentence = (text) => text + (text.endsWith("?") ? "" : ".");

/** The scenes a figure with these phases shows: "done" belongs to the backward pass. */
export const inPhases = (scenes, phases) => scenes.filter((s) => phases.includes(s.phase === "done" ? "backward" : s.phase));

/** {trace} of the graph at the fields' values (from options.nodes, a figure's, or the expression), or {error}. */
const readGraph = (options, fields, expr, values) => {
  const bad = fields.read();
  if (bad) return { error: `The value of ${bad} is not a number` };
  try {
    return { trace: options.nodes ? record(graphFromNodes(options.nodes, values)) : explore(expr, values).trace };
  } catch (error) {
    return { error: error instanceof EngineError ? `The engine refuses: ${error.message}` : error.message };
  }
};

/**
 * Mounts the widget in `element`, which holds .vbx__variables, .vbx__error, svg.vbx__graph and a .vb-player.
 * options: {expr, values, step, editable, nodes, phases, box, idPrefix, core, onChange(good), onStep(step, playing),
 * onFail(column), onInput()}; `core` is a figure's running player (player.js) to take over instead of a new one.
 * Returns {show(expr, step, autoplay), fail(message, column), reset(values), good, painter, scenes, step, player, stop()}.
 */
export const mount = (element, options = {}) => {
  const $ = (selector) => element.querySelector(selector);
  const parts = { fields: $(".vbx__variables"), alert: $(".vbx__error"), svg: $(".vbx__graph"),
    frame: $(".vbx__figure") ?? element };
  const narrow = matchMedia(NARROW);
  const abort = new AbortController(), { signal } = abort;
  const phases = options.phases ?? ["forward", "backward"];
  const values = Object.assign(Object.create(null), options.values);
  const state = { good: null, painter: null, scenes: [], shown: 0, expr: options.expr ?? "", width: null };
  const steps = () => state.scenes.map((s, i) => ({ caption: s.caption, phase: s.phase,
    duration: duration(s.headline, i === state.scenes.length - 1) }));
  const shown = (step) => {
    state.shown = step;
    state.painter?.paint(state.scenes[step]);
    options.onStep?.(step, player.playing);
  };
  const player = options.core ? adopt(options.core, parts.svg, shown) : stepper($(".vb-player"), parts.svg, shown);
  const fail = (message, column) => {
    alertWith(parts.alert, message, column, state.expr);
    parts.frame.classList.toggle("vbx__figure--stale", Boolean(state.good));
    options.onFail?.(column);
  };
  const fields = makeFields(parts.fields, values, options, () => show(), signal);
  const draw = () => (state.painter = drawing(parts.svg, state, narrow.matches, options.box));
  /** Draws `expr` (or the figure) at the fields' values, from step `step`; false on bad input. */
  const show = (expr = state.expr, step, autoplay) => {
    state.expr = expr;
    const names = options.nodes ? Object.keys(options.values) : options.names?.(expr);
    if (names === undefined) return false;
    fields.sync(names);
    const { trace, error } = readGraph(options, fields, expr, values);
    if (error) return fail(error), false;
    parts.alert.replaceChildren();
    parts.frame.classList.remove("vbx__figure--stale");
    state.good = { expr, names, values: Object.fromEntries(names.map((n) => [n, values[n]])), trace };
    state.scenes = inPhases(scenesFor(trace), phases);
    draw();
    player.load(steps(), step ?? Math.min(state.shown, state.scenes.length - 1), autoplay);
    options.onChange?.(state.good);
    return true;
  };
  narrow.addEventListener("change", () => state.good && (draw(), state.painter.paint(state.scenes[state.shown])), { signal });
  if (options.expr !== undefined || options.nodes) show(options.expr, options.step ?? 0, options.autoplay);
  return {
    show, fail,
    /** Empties the fields, to be made anew from `fresh` values by the next show(). */
    reset: (fresh) => (fields.clear(), Object.assign(values, fresh)),
    get good() { return state.good; },
    get painter() { return state.painter; },
    get scenes() { return state.scenes; },
    get step() { return state.shown; },
    player,
    stop: () => (abort.abort(), options.core || player.stop()),
  };
};

// The alert's words for bad input; a parse error also shows the expression with a caret under `column`.
const alertWith = (alert, message, column, expr) => {
  alert.replaceChildren();
  const p = document.createElement("p");
  p.textContent = `${sentence(message)} The graph below is the last one that worked.`;
  alert.append(p);
  if (!column) return;
  const pre = document.createElement("pre");
  pre.textContent = `${expr}\n${" ".repeat(column - 1)}^`;
  pre.setAttribute("aria-label", `column ${column}`);
  p.prepend(`Column ${column}: `);
  alert.append(pre);
};

// The drawing of state.good: new values for the same graph only change numbers, in the same elements.
const drawing = (svg, state, narrow, box) => {
  const { trace } = state.good, headlines = state.scenes.map((s) => s.headline);
  state.width ||= measurer(svg);
  let painter = state.painter;
  if (painter?.shape === shape(trace, narrow)) painter.retrace(trace, headlines);
  else painter = new GraphPainter(trace, svg, { narrow, width: state.width, headlines });
  fitBox(svg, painter, box?.[narrow ? "narrow" : "wide"]);
  return painter;
};

// New values' headlines may wrap to fewer lines than the figure's, making the painter's height short of
// the figure's: the box keeps the figure's size, so nothing moves and positions match the picture's.
const fitBox = (svg, painter, box) => {
  if (!box || box[0] !== painter.size[0] || box[1] < painter.size[1]) return;
  svg.setAttribute("viewBox", `0 0 ${box[0]} ${box[1]}`);
  svg.setAttribute("width", box[0]);
  svg.setAttribute("height", box[1]);
};

// One number input per variable, in order of first use; values live on when a name comes back.
const makeFields = (holder, values, options, changed, signal) => {
  const prefix = options.idPrefix ?? "vbx-var-";
  const sync = (names) => {
    const current = [...holder.querySelectorAll("input")].map((i) => i.dataset.name);
    if (current.join() === names.join()) return;
    holder.replaceChildren(...names.map((name) => {
      const id = `${prefix}${name}`, wrapper = document.createElement("div");
      wrapper.className = "vbx__variable";
      wrapper.innerHTML = `<label for="${id}"></label><input id="${id}" type="number" step="any" inputmode="decimal">`;
      wrapper.querySelector("label").textContent = name;
      const field = wrapper.querySelector("input");
      field.dataset.name = name;
      field.value = String(values[name] ?? DEFAULT_VALUE);
      field.readOnly = options.editable === false;
      field.addEventListener("input", () => (options.onInput?.(), changed()), { signal });
      return wrapper;
    }));
  };
  /** Reads every field into `values`; the name of the first that is not a number, if any. */
  const read = () => {
    for (const field of holder.querySelectorAll("input")) {
      // Number(), not valueAsNumber: Firefox's keeps only 15 significant digits, so an address's
      // 6.881373587019543 would reach the engine as 6.88137358701954.
      const x = field.value.trim() === "" ? NaN : Number(field.value);
      if (!Number.isFinite(x)) return field.dataset.name;
      values[field.dataset.name] = x;
    }
    return null;
  };
  return { sync, read, clear: () => holder.replaceChildren() };
};
