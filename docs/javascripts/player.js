// Step player over each animation, drawn from its patch atlas. Without JavaScript: the GIF.
// An ES module (mkdocs.yml loads it with type: module). Its markup, the labels and icons it swaps
// included, comes from overrides/partials/vb-figure.html: this module reads the page and writes only
// text and state into it. It exports the stepping core, which the explorer and live figures reuse.
const reduce = matchMedia("(prefers-reduced-motion: reduce)");


/**
 * The stepping core over the controls of one player (`root`, a .vb-player from the partial): buttons,
 * range, keys, counter, caption and play/pause over the frames load() gave it. show(step) draws a step,
 * ready() says whether it can, frames.durations[step] is its time in ms while playing. It plays only
 * while `view` is half on screen, and never by itself under reduced motion.
 * Returns { go, play, pause, load, run, stop, watch, step, running, frames }.
 */
export const stepper = (root, { view, show = () => {}, ready = () => true }) => {
  const part = (name) => root.querySelector(`.vb-player__${name}`);
  const [play, range, count, caption, live, text] = ["play", "range", "count", "caption", "live", "text"].map(part);
  const abort = new AbortController(), { signal } = abort;
  const frames = { captions: [], counts: [], durations: [] };
  const hooks = { show, ready };
  let step = 0, wants = !reduce.matches, visible = false, running = false, timer;
  const last = () => frames.captions.length - 1;

  const go = (to) => {
    step = Math.max(0, Math.min(last(), to));
    count.textContent = frames.counts[step];
    caption.textContent = frames.captions[step];
    range.value = step + 1;
    range.setAttribute("aria-valuetext", frames.counts[step]);
    hooks.show(step);
  };

  // Loops like the GIF while wanted, on screen and ready; announced only when paused. The button
  // offers what a press would do: its label and icon are the page's data-vb-play or data-vb-pause.
  const run = () => {
    running = wants && visible && hooks.ready() && last() > 0;
    clearTimeout(timer);
    if (running) timer = setTimeout(() => (go((step + 1) % (last() + 1)), run()), frames.durations[step]);
    root.dataset.playing = running;
    live.setAttribute("aria-live", running ? "off" : "polite");
    const offer = wants ? "Pause" : "Play";
    play.title = play.dataset[`vb${offer}`];
    play.setAttribute("aria-label", play.title);
    play.querySelector("path").setAttribute("d", play.dataset[`vb${offer}Icon`]);
  };
  const pause = () => ((wants = false), run());
  const start = () => (step === last() && go(0), (wants = true), run());
  const toggle = () => (wants ? pause() : start());
  const user = (to) => (pause(), go(to));

  const buttons = { first: () => user(0), prev: () => user(step - 1), play: toggle,
    next: () => user(step + 1), last: () => user(last()) };
  for (const name in buttons) part(name).addEventListener("click", buttons[name], { signal });
  range.addEventListener("input", () => user(range.value - 1), { signal });
  root.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: last() };
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key in moves && e.target !== range) user(moves[e.key]);
    else if (e.key === " " && e.target.tagName !== "BUTTON") toggle();
    else return;
    e.preventDefault();
  }, { signal });

  /** New frames {captions, counts, durations[, show, ready]}, shown from step `at`; `playing` true or
   * false plays or pauses (reduced motion never plays by itself), undefined keeps the state. */
  const load = (next, at = 0, playing) => {
    frames.captions = next.captions;
    frames.counts = next.counts;
    frames.durations = next.durations;
    if (next.show) hooks.show = next.show;
    if (next.ready) hooks.ready = next.ready;
    range.max = next.captions.length;
    if (!next.sized) sizers(text, next.captions);
    if (playing !== undefined) wants = playing && !reduce.matches;
    go(at);
    run();
  };

  const onScreen = new IntersectionObserver((seen) => ((visible = seen.at(-1).isIntersecting), run()),
    { threshold: 0.5 });
  onScreen.observe(view);
  /** Plays while `element` is on screen, in place of the view it had. */
  const watch = (element) => (onScreen.disconnect(), (visible = false), onScreen.observe(element));
  reduce.addEventListener("change", () => reduce.matches && pause(), { signal });
  const stop = () => {
    clearTimeout(timer);
    abort.abort();
    onScreen.disconnect();
  };
  return { go, play: start, pause, load, run, stop, watch,
    get step() { return step; }, get running() { return running; }, get frames() { return frames; } };
};

// Hidden copies of the longest captions under the shown one keep the height of the tallest
// (site.css); the few longest stand for all, so a large graph's edit stays quick.
const sizers = (text, captions) => {
  const longest = [...captions].sort((a, b) => b.length - a.length).slice(0, 3);
  const have = [...text.querySelectorAll(".vb-player__sizer")].map((s) => s.textContent);
  if (have.length <= 3 && have.join("\n") === longest.join("\n")) return;
  text.replaceChildren(text.firstElementChild, ...longest.map((words) => {
    const sizer = document.createElement("div");
    sizer.className = "vb-player__sizer";
    sizer.ariaHidden = "true";
    sizer.textContent = words;
    return sizer;
  }));
};

/** A figure's frames as its page lists them: captions and counters from the step list, durations given. */
export const pageFrames = (figure, durations = []) => {
  const items = [...figure.querySelectorAll(".vb-figure__steps li")];
  return { captions: items.map((li) => li.textContent), counts: items.map((li) => li.dataset.vbCount), durations,
    sized: true }; // the partial wrote a sizer per caption
};

// Frame i of the atlas: frame 0, then the patches of frames 1..i over it (unchanged pixels are transparent).
const atlasDrawer = (canvas) => {
  let drawn = {};
  const draw = (step, variant = drawn.variant) => {
    if (!variant) return;
    const context = canvas.getContext("2d");
    for (let f = drawn.step < step ? drawn.step + 1 : 0; f <= step; f++) {
      for (const [sx, sy, w, h, dx, dy] of variant.patches[f]) context.drawImage(drawn.atlas, sx, sy, w, h, dx, dy, w, h);
    }
    drawn.step = step;
    Object.assign(canvas.dataset, { step, variant: drawn.key });
  };
  const use = (key, variant, atlas) => {
    if (drawn.key === key) return;
    [canvas.width, canvas.height] = [variant.width, variant.height];
    drawn = { key, variant, atlas, step: -1 };
  };
  return { draw, use, get key() { return drawn.key; } };
};

const players = new Map(); // figure -> its player: { core, original, stop }

/** The player of an animation `figure` on this page (undefined before it starts or after it failed). */
export const playerOf = (figure) => players.get(figure);

// Brings to life the player of an animation `figure`: loads player.json once it comes near,
// draws the frames of the variant in force from its atlas.
const player = (figure) => {
  const source = figure.querySelector('source:not([media*="reduce"])'); // narrow
  const root = figure.querySelector(".vb-player");
  const canvas = figure.querySelector(".vb-player__canvas");
  const original = pageFrames(figure);
  if (!original.captions.length || !source || !root || !canvas) throw Error("no steps, narrow source or player in the markup");
  const pictures = [...figure.querySelectorAll("picture")];
  const narrow = matchMedia(source.media);
  const abort = new AbortController(), { signal } = abort;
  const atlases = {}, drawer = atlasDrawer(canvas);
  let data, key;
  original.show = (step) => drawer.key === key && drawer.draw(step);
  original.ready = () => drawer.key === key;
  const core = stepper(root, { view: canvas });

  // The variant for the palette and width in force, drawn once its atlas is in.
  const choose = () => {
    const want = (key = `${narrow.matches ? "narrow" : "wide"}-${
      document.body.dataset.mdColorScheme === "slate" ? "dark" : "light"}`);
    if (!data) return; // the canvas stays hidden, and unsized, until it draws
    const variant = data.variants[want];
    (atlases[want] ||= new Promise((done, failed) => {
      const atlas = new Image();
      atlas.onload = () => done(atlas);
      atlas.onerror = () => failed(Error(`cannot load ${variant.atlas}`));
      atlas.src = new URL(variant.atlas, data.base);
    })).then((atlas) => {
      if (key !== want || signal.aborted) return;
      drawer.use(want, variant, atlas);
      if (core.frames.captions === original.captions) drawer.draw(core.step);
      // The GIF stays until the canvas has a frame; then it leaves the page, so that nothing
      // keeps a hidden copy sized for the wide layout (Lighthouse checks hidden images too).
      figure.classList.add("vb-figure--drawn");
      pictures.forEach((picture) => picture.remove());
      core.run();
    }, fail);
  };

  const load = () => {
    near.disconnect();
    const base = new URL(figure.dataset.vbPlayer, location.href);
    fetch(base, { signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(Error(`HTTP ${r.status}`))))
      .then((json) => {
        if (json.frames !== original.captions.length) throw Error("step count differs from the page's");
        data = { ...json, base };
        original.durations.push(...json.durations);
        choose();
      })
      .catch(fail);
  };

  // Fetch once the figure comes near.
  const near = new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && load(),
    { rootMargin: "100% 0px" });
  const scheme = new MutationObserver(choose);
  const stop = () => {
    core.stop();
    abort.abort();
    [near, scheme].forEach((o) => o.disconnect());
    players.delete(figure);
  };
  const fail = (error) => {
    if (signal.aborted) return;
    console.error(`step player ${figure.dataset.vbFigure}: ${error.message}; GIF shown`);
    stop();
    root.remove();
    canvas.before(...pictures);
    figure.classList.remove("vb-figure--drawn");
  };

  near.observe(figure);
  scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  narrow.addEventListener("change", choose, { signal });
  choose();
  core.load(original, 0, true);
  return { core, original, stop };
};

export const LIVE_ROOM = "4.5rem"; // the height of a live figure's row of fields (live.css)

// "Change the inputs" under a figure: the live figure's code, stylesheet and font load on the first press.
addEventListener("click", (event) => {
  const button = event.target.closest?.(".vb-figure__live");
  const figure = button?.closest("figure[data-vb-player]");
  if (!figure) return;
  button.disabled = true;
  // The room the live figure's fields will take, made now: a move the press explains is no layout shift.
  if (!figure.dataset.vbLive && !figure.querySelector(".vb-live-slot")) {
    const slot = Object.assign(document.createElement("div"), { className: "vb-live-slot" });
    slot.style.minHeight = LIVE_ROOM;
    figure.querySelector(".vb-player__canvas")?.after(slot);
  }
  import("./explorer/live.js")
    .then((live) => live.toggle(figure, button))
    .catch((error) => {
      figure.querySelector(".vb-live-slot")?.remove();
      console.error(`live figure ${figure.dataset.vbFigure}: ${error.message}`);
    })
    .finally(() => (button.disabled = false));
});

// Each page Material shows, instant navigation too: stop the players that left, start the new.
const follow = () => document$.subscribe(() => {
  for (const [figure, { stop }] of players) if (!figure.isConnected) stop();
  for (const figure of document.querySelectorAll("figure[data-vb-player]")) {
    try {
      players.has(figure) || players.set(figure, player(figure));
    } catch (error) {
      console.error(`step player ${figure.dataset.vbFigure}: ${error.message}`);
    }
  }
});
// A module runs after the parser is done, but Material's bundle may still come after it.
if (window.document$) follow();
else addEventListener("DOMContentLoaded", follow, { once: true });
