// The step player's controls for the explorer: the same markup and classes as the figures' player
// (hooks/figures.py, stylesheets/player.css), and the same behaviour as javascripts/player.js —
// buttons, range, ArrowLeft/ArrowRight/Home/End/Space, a polite live caption while paused, playing
// only while on screen and never by itself under reduced motion.
// TODO(issue 14): player.js's stepping core becomes importable; this module then shrinks to a call.

const BUTTONS = [["first", "First step", "M4 5h2v14H4zm9 0v14l-7-7zm8 0v14l-7-7z"],
  ["prev", "Previous step", "M15 5v14l-9-7zm1 0h2v14h-2z"], ["play", "Play", "M7 5v14l12-7z"],
  ["next", "Next step", "M6 5h2v14H6zm3 0v14l9-7z"], ["last", "Last step", "M3 5v14l7-7zm7 0v14l7-7zm8 0h2v14h-2z"]];
const ICONS = { play: "M7 5v14l12-7z", pause: "M6 5h4v14H6zm8 0h4v14h-4z" };
const reduce = matchMedia("(prefers-reduced-motion: reduce)");

/** "Step 3 of 12 — backward", as hooks/figures.py's step_label words it. */
export const stepLabel = (step, frames, phase) => `Step ${step} of ${frames}${phase && phase !== "step" ? ` — ${phase}` : ""}`;

/** Milliseconds a step stays up: time to read its words (draw/render.py's frame_duration). */
export const duration = (text, last) => Math.round((Math.min(1400 + 30 * [...text].length, 5000) + (last ? 2000 : 0)) / 10) * 10;

/** The controls inside `root` (a .vb-player); show(step) is called for every step shown. */
export const stepper = (root, label, show) => {
  const svgIcon = (d) => `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${d}"/></svg>`;
  root.className = "vb-player";
  root.tabIndex = 0;
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", label);
  root.setAttribute("aria-keyshortcuts", "ArrowLeft ArrowRight Home End Space");
  root.innerHTML = `<div class="vb-player__bar">${BUTTONS.map(([name, text, d]) =>
    `<button type="button" class="vb-player__${name}" title="${text}" aria-label="${text}">${svgIcon(d)}</button>`)
    .join("")}<input type="range" class="vb-player__range" min="1" max="1" value="1" aria-label="Step"></div>`
    + '<div class="vb-player__live" aria-live="polite" aria-atomic="true"><div class="vb-player__count"></div>'
    + '<div class="vb-player__text"><div class="vb-player__caption"></div></div></div>';
  const part = (name) => root.querySelector(`.vb-player__${name}`);
  const [play, range, count, caption, live] = ["play", "range", "count", "caption", "live"].map(part);
  let steps = [], step = 0, wants = false, visible = false, timer;
  const last = () => steps.length - 1;

  const go = (to) => {
    step = Math.max(0, Math.min(last(), to));
    const text = stepLabel(step + 1, steps.length, steps[step].phase);
    count.textContent = text;
    caption.textContent = steps[step].caption;
    range.value = step + 1;
    range.setAttribute("aria-valuetext", text);
    show(step);
  };
  const run = () => {
    const running = wants && visible && steps.length > 1;
    clearTimeout(timer);
    if (running) timer = setTimeout(() => (go((step + 1) % steps.length), run()), steps[step].duration);
    root.dataset.playing = running;
    live.setAttribute("aria-live", running ? "off" : "polite");
    const text = wants ? "Pause" : "Play";
    play.title = text;
    play.setAttribute("aria-label", text);
    play.querySelector("path").setAttribute("d", ICONS[text.toLowerCase()]);
  };
  const pause = () => ((wants = false), run());
  const start = () => (step === last() && go(0), (wants = true), run());
  const toggle = () => (wants ? pause() : start());
  const user = (to) => (pause(), go(to));

  const actions = { first: () => user(0), prev: () => user(step - 1), play: toggle, next: () => user(step + 1),
    last: () => user(last()) };
  for (const name in actions) part(name).onclick = actions[name];
  range.oninput = () => user(range.value - 1);
  root.onkeydown = (e) => {
    const moves = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: last() };
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key in moves && e.target !== range) user(moves[e.key]);
    else if (e.key === " " && e.target.tagName !== "BUTTON") toggle();
    else return;
    e.preventDefault();
  };
  const onScreen = new IntersectionObserver((seen) => ((visible = seen.at(-1).isIntersecting), run()), { threshold: 0.5 });
  onScreen.observe(root);
  const onReduce = () => reduce.matches && pause();
  reduce.addEventListener("change", onReduce);

  return {
    /** New steps [{caption, phase, duration}], shown from `at`; plays by itself only if `autoplay`. */
    load(next, at, autoplay) {
      steps = next;
      range.max = steps.length;
      if (autoplay !== undefined) wants = autoplay && !reduce.matches;
      go(at);
      run();
    },
    get step() {
      return step;
    },
    stop() {
      clearTimeout(timer);
      onScreen.disconnect();
      reduce.removeEventListener("change", onReduce);
    },
  };
};
