// A live figure: "Change the inputs" under a graph animation turns it, in place, into the widget
// (widget.js) over the figure's own graph, from figures/NAME/live.json (hooks/live_figures.py): a
// number field per variable, the graph drawn by the browser in the figures' font, and the figure's
// step player. Pressed again, the original figure comes back. player.js imports this on the press.
import { LIVE_ROOM, playerOf } from "../player.js";
import { writeHash } from "./address.js";
import { fmt } from "./format.js";

const num = (x) => fmt(x, 4, "\u2212"); // as the figures print numbers (scenes.js)

const FONT = "VB DejaVu Sans"; // the figures' font, DejaVu Sans, as the site serves it (live.css)
const ORIGINAL = "Change the inputs", BACK = "Show the original figure";
const lives = new Map(); // figure -> { stop }

const here = (path) => new URL(path, import.meta.url);

// The stylesheet and both weights of the font, once per page.
let assets;
const stylesheet = (url) => new Promise((done, failed) => {
  const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: url });
  link.onload = done;
  link.onerror = () => failed(Error(`cannot load ${url}`));
  document.head.append(link);
});
const loadAssets = () => (assets ||= Promise.all([
  stylesheet(here("../../stylesheets/explorer.css")),
  stylesheet(here("live.css")),
  ...[["normal", "dejavu-sans"], ["bold", "dejavu-sans-bold"]].map(([weight, file]) => {
    const face = new FontFace(FONT, `url(${here(`../../assets/fonts/${file}.woff`)})`, { weight });
    document.fonts.add(face);
    return face.load();
  }),
]));

/** The live widget of `figure` ({widget, stop}), or undefined while it shows the original. */
export const liveOf = (figure) => lives.get(figure);

const fetchJson = (url) => fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(Error(`HTTP ${r.status} for ${url}`))));

/** Turns `figure` live, or back to the original if it is live; `button` is its control. */
export const toggle = async (figure, button) => {
  if (lives.has(figure)) return lives.get(figure).stop();
  // The widget's modules, the figure's data, the stylesheets and the font, all at once.
  const [{ mount }, data] = await Promise.all([import("./widget.js"),
    fetchJson(new URL(button.dataset.vbLive, location.href)), loadAssets()]);
  lives.set(figure, start(figure, button, data, mount));
};

// The markup of the live parts, around the figure's own player (which stays where it is).
const liveParts = (figure, names) => {
  const box = document.createElement("div");
  box.className = "vb-live vbx vbx--ready";
  box.innerHTML = '<svg class="vbx__graph" role="img"></svg><div class="vb-live__inputs">'
    + '<div class="vbx__variables" role="group"></div><p class="vb-live__status" aria-live="polite"></p></div>'
    + '<div class="vbx__error" role="alert"></div>';
  const svg = box.querySelector("svg");
  svg.setAttribute("aria-label", `${figure.querySelector(".vb-player__canvas").getAttribute("aria-label")} `
    + "Drawn anew for the values in the fields below; the step player says each step in words.");
  box.querySelector(".vbx__variables").setAttribute("aria-label", `Inputs of the figure: ${names.join(", ")}`);
  return box;
};

/** One line for the live region: the new output and every input's gradient. */
export const summary = (trace, names) => {
  const byLabel = Object.fromEntries(trace.nodes.filter((n) => !n.op).map((n) => [n.label, n]));
  const root = trace.nodes.find((n) => n.id === trace.root);
  const out = root.label || "f";
  return `${out} = ${num(root.data)}; ${names.map((n) => `∂${out}/∂${n} = ${num(byLabel[n].grad)}`).join(", ")}.`;
};

const start = (figure, button, data, mount) => {
  const player = playerOf(figure);
  if (!player) throw Error("the figure's step player has not started");
  const names = Object.keys(data.values);
  const link = figure.querySelector(".vb-figure__explore a"), href = link.getAttribute("href");
  const caption = figure.querySelector("figcaption");
  const note = Object.assign(document.createElement("span"), { className: "vb-live__note" });
  note.textContent = ` (These numbers are for the figure's own inputs: ${names.map((n) => `${n} = ${num(data.values[n])}`).join(", ")}.)`;
  const box = liveParts(figure, names), canvas = figure.querySelector(".vb-player__canvas");
  const shown = [canvas, ...figure.querySelectorAll("picture img")].find((e) => e.getBoundingClientRect().height > 0);
  const top = (shown ?? canvas).getBoundingClientRect().top;
  canvas.before(box);
  figure.querySelector(".vb-live-slot")?.remove(); // player.js kept the fields' room since the press
  figure.classList.add("vb-figure--live");
  caption.append(note);
  const status = box.querySelector(".vb-live__status");
  box.querySelector(".vb-live__inputs").style.minHeight = LIVE_ROOM;
  let first = true;
  const widget = mount(figure, {
    nodes: data.nodes, values: data.values, phases: data.phases, box: data.sizes, core: player.core,
    idPrefix: `${figure.id}-input-`, step: player.core.step, autoplay: undefined,
    onChange: (good) => {
      link.setAttribute("href", href.replace(/#.*$/, "") + writeHash(data.expr, names, good.values, 0));
      if (!first) status.textContent = summary(good.trace, names);
      first = false;
    },
  });
  // The drawing takes the picture's place on screen: scroll anchoring may have moved the page.
  scrollBy(0, box.querySelector("svg").getBoundingClientRect().top - top);
  figure.dataset.vbLive = "true";
  button.textContent = BACK;
  box.querySelector("input")?.focus({ preventScroll: true });
  const stop = () => {
    widget.stop();
    player.core.watch(figure.querySelector(".vb-player__canvas"));
    box.remove();
    note.remove();
    figure.classList.remove("vb-figure--live", "vbx__figure--stale");
    delete figure.dataset.vbLive;
    link.setAttribute("href", href);
    button.textContent = ORIGINAL;
    const original = player.original;
    player.core.load(original.sized ? { ...original, sized: false } : original, player.core.step);
    lives.delete(figure);
  };
  return { stop, widget };
};
