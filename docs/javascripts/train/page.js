// The training playground (docs/train.md): reads the address, builds and trains the network, draws the
// views, fills the tables, and keeps the address and a polite live region up to date. Nothing plays by
// itself. Loads its own stylesheet; starts on Material's document$, so instant navigation starts it too.
import { fmt } from "../explorer/format.js";
import { ACTS, DATA_SETS, LIMITS, readAddress, writeAddress } from "./address.js";
import MOONS from "./moons.js";
import { Network, train } from "./net.js";
import { drawData, initialWeights } from "./prng.js";
import { drawBars, drawBoundary, drawLoss, drawNetwork, palette } from "./views.js";

const STYLESHEET = new URL("./train.css", import.meta.url).href;
const MINUS = "−";
const EPOCHS_PER_FRAME = 10;
const FRAME_BUDGET_MS = 10; // training time per frame at most; the rest is for drawing
const SPOKEN_EVERY_MS = 1000; // the live region speaks at most once a second
const REDUCED_REDRAW_MS = 500; // under reduced motion the views change in steps, not every frame
const full = (x) => fmt(x, 6, MINUS);
const short = (x) => fmt(x, 3, MINUS);
const data = { moons: MOONS };
const pointsOf = (name) => (data[name] ??= drawData(name));

// The page links its stylesheet (so it applies before the first paint); should the link be missing,
// this adds it. The views' colours come from it, so drawing waits for it either way.
const styled = new Promise((done) => {
  let link = [...document.querySelectorAll("link[rel=stylesheet]")].find((l) => l.href === STYLESHEET);
  if (link?.sheet) return done();
  if (!link) {
    link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLESHEET });
    document.head.append(link);
  }
  link.addEventListener("load", done, { once: true });
  link.addEventListener("error", done, { once: true });
});

const option = (value, text = value) => Object.assign(document.createElement("option"), { value, textContent: text });
const cell = (tag, text, value) => {
  const element = Object.assign(document.createElement(tag), { textContent: text });
  if (value !== undefined) element.dataset.value = String(value);
  return element;
};
const row = (...cells) => {
  const tr = document.createElement("tr");
  tr.append(...cells);
  return tr;
};

/** The playground inside `root` (#vbt); returns stop(). */
const start = (root) => {
  const $ = (selector) => root.querySelector(selector);
  const abort = new AbortController(), { signal } = abort;
  const reduced = matchMedia("(prefers-reduced-motion: reduce)");
  const controls = { data: $("#vbt-data"), layers: $("#vbt-layers"), act: $("#vbt-act"), lr: $("#vbt-lr"),
    seed: $("#vbt-seed") };
  const widths = [...root.querySelectorAll(".vbt__width select")];
  const play = $(".vbt__play"), alert = $(".vbt__alert"), live = $(".vbt__live"), loss = $("#vbt-loss");
  const canvases = { boundary: $(".vbt__boundary"), curve: $(".vbt__curve"), network: $(".vbt__network"),
    bars: $(".vbt__bars") };
  const gradients = $("#vbt-gradients");
  DATA_SETS.forEach((name) => controls.data.append(option(name)));
  ACTS.forEach((name) => controls.act.append(option(name)));
  for (let n = LIMITS.layers[0]; n <= LIMITS.layers[1]; n++) controls.layers.append(option(String(n)));
  widths.forEach((select) => {
    for (let n = LIMITS.units[0]; n <= LIMITS.units[1]; n++) select.append(option(String(n)));
  });

  let config = null, network = null, points = [], losses = [], playing = false, frame = 0;
  let spokenAt = 0, drawnAt = 0, colours = palette(root);
  const pixels = {};
  const epoch = () => losses.length - 1;

  const showConfig = () => {
    controls.data.value = config.data;
    controls.act.value = config.act;
    controls.layers.value = String(config.layers.length);
    widths.forEach((select, k) => {
      select.closest(".vbt__width").hidden = k >= config.layers.length;
      select.value = String(config.layers[k] ?? 4);
    });
    controls.lr.value = String(Math.log10(config.lr));
    controls.lr.setAttribute("aria-valuetext", String(config.lr));
    $("#vbt-lr-value").textContent = String(config.lr);
    controls.seed.value = String(config.seed);
    $("#vbt-seed-value").textContent = String(config.seed);
  };

  const summary = () => `Epoch ${epoch()}: loss ${full(network.loss)}, accuracy ${full((100 * network.correct) / points.length)}% `
    + `(${network.correct} of ${points.length} points on the right side).`;

  const drawViews = () => {
    drawBoundary(canvases.boundary, network, points, colours, pixels);
    drawLoss(canvases.curve, losses, colours);
    drawNetwork(canvases.network, network, gradients.checked, colours);
    drawBars(canvases.bars, network, colours, short);
    $(".vbt__loss-value").textContent = full(network.loss);
    $(".vbt__epoch-value").textContent = String(epoch());
    $(".vbt__accuracy-value").textContent = `${full((100 * network.correct) / points.length)}%`;
    loss.dataset.loss = String(network.loss);
    loss.dataset.epoch = String(epoch());
    drawnAt = performance.now();
  };

  const fillTable = () => {
    $(".vbt__weights tbody").replaceChildren(...network.parameters().map(([name, value, grad]) =>
      row(Object.assign(cell("th", name), { scope: "row" }), cell("td", full(value), value), cell("td", full(grad), grad))));
    $(".vbt__weights-epoch").textContent = `At epoch ${epoch()}; the table is brought up to date whenever training pauses.`;
  };

  const fillData = () => {
    $(".vbt__data tbody").replaceChildren(...points.map(([x1, x2, label]) =>
      row(cell("td", full(x1), x1), cell("td", full(x2), x2), cell("td", label > 0 ? "+1" : `${MINUS}1`, label))));
  };

  const remember = () => {
    const hash = writeAddress(config, epoch());
    if (location.hash !== hash) history.replaceState(history.state, "", hash);
  };

  const speak = () => {
    live.textContent = summary();
    spokenAt = performance.now();
  };

  const settle = () => {
    drawViews();
    fillTable();
    remember();
    speak();
  };

  const pause = () => {
    if (!playing) return;
    playing = false;
    cancelAnimationFrame(frame);
    play.textContent = "Play";
    root.dataset.playing = "false";
    settle();
  };

  const advance = (count) => {
    const begun = performance.now();
    for (let e = 0; e < count && epoch() < LIMITS.epoch[1]; e++) {
      network.update(config.lr);
      network.compute(points);
      losses.push(network.loss);
      if (performance.now() - begun > FRAME_BUDGET_MS) break;
    }
  };

  const tick = () => {
    advance(EPOCHS_PER_FRAME);
    const now = performance.now();
    if (!reduced.matches || now - drawnAt >= REDUCED_REDRAW_MS) drawViews();
    if (now - spokenAt >= SPOKEN_EVERY_MS) speak(), remember();
    if (epoch() >= LIMITS.epoch[1]) pause();
    else frame = requestAnimationFrame(tick);
  };

  /** A fresh network for `next`, trained to its epoch; shows every view. */
  const build = (next) => {
    pause();
    config = next;
    points = pointsOf(config.data);
    network = new Network(config.layers, config.act, initialWeights([2, ...config.layers, 1], config.seed));
    losses = [];
    train(network, points, config.lr, config.epoch, losses);
    showConfig();
    fillData();
    settle();
  };

  const fromControls = () => {
    const count = Number(controls.layers.value);
    const lr = Number((10 ** Number(controls.lr.value)).toPrecision(2));
    build({ data: controls.data.value, act: controls.act.value, seed: Number(controls.seed.value), lr, epoch: 0,
      layers: widths.slice(0, count).map((select) => Number(select.value)) });
  };

  const fromAddress = () => {
    const { config: asked, problems } = readAddress(location.hash);
    alert.replaceChildren(...problems.map((text) => cell("p", text)));
    alert.hidden = problems.length === 0;
    build(asked);
  };

  play.addEventListener("click", () => {
    if (playing) return pause();
    if (epoch() >= LIMITS.epoch[1]) return speak();
    playing = true;
    play.textContent = "Pause";
    root.dataset.playing = "true";
    frame = requestAnimationFrame(tick);
  }, { signal });
  $(".vbt__step").addEventListener("click", () => (pause(), advance(1), settle()), { signal });
  $(".vbt__reset").addEventListener("click", () => build({ ...config, epoch: 0 }), { signal });
  for (const control of [...Object.values(controls), ...widths]) {
    control.addEventListener("change", fromControls, { signal });
  }
  controls.lr.addEventListener("input", () => {
    const lr = Number((10 ** Number(controls.lr.value)).toPrecision(2));
    $("#vbt-lr-value").textContent = String(lr);
    controls.lr.setAttribute("aria-valuetext", String(lr));
  }, { signal });
  controls.seed.addEventListener("input", () => ($("#vbt-seed-value").textContent = controls.seed.value), { signal });
  gradients.addEventListener("change", drawViews, { signal });
  addEventListener("hashchange", () => location.hash !== writeAddress(config, epoch()) && fromAddress(), { signal });
  const redraw = () => ((colours = palette(root)), drawViews());
  const scheme = new MutationObserver(redraw);
  scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  // Drawn on the next frame, not inside the observer: a redraw that resizes the views would otherwise
  // start another round of notifications in the same frame ("ResizeObserver loop" errors).
  let resizeFrame = 0;
  const resized = new ResizeObserver(() => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => network && drawViews());
  });
  resized.observe($(".vbt__views"));
  fromAddress();
  root.dataset.started = "true";
  return () => (pause(), abort.abort(), scheme.disconnect(), resized.disconnect(), cancelAnimationFrame(resizeFrame));
};

// Material's deferred bundle may not have run yet; every deferred script has by DOMContentLoaded.
let stop = null;
const follow = () => styled.then(() => document$.subscribe(() => {
  const root = document.getElementById("vbt");
  if (stop && !root?.dataset.started) stop(), (stop = null);
  if (root && !root.dataset.started) stop = start(root);
}));
if (window.document$) follow();
else addEventListener("DOMContentLoaded", follow, { once: true });
