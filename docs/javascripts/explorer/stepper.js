// The explorer's step player: the figures' stepping core (window.vbStepper, from javascripts/player.js)
// over the explorer's own steps, in the markup of overrides/partials/vb-figure.html's player(), so it
// has the same controls, keys, live caption and reduced-motion behaviour as every figure's player.
// Only the markup is written here: the page is Markdown, which cannot call the Jinja macro.
import { duration, stepLabel } from "./steps.js"; // the figures' counters and frame times (draw/steps.py)

const BUTTONS = [["first", "First step", "M4 5h2v14H4zm9 0v14l-7-7zm8 0v14l-7-7z"],
  ["prev", "Previous step", "M15 5v14l-9-7zm1 0h2v14h-2z"], ["play", "Play", "M7 5v14l12-7z"],
  ["next", "Next step", "M6 5h2v14H6zm3 0v14l9-7z"], ["last", "Last step", "M3 5v14l7-7zm7 0v14l7-7zm8 0h2v14h-2z"]];
const reduce = matchMedia("(prefers-reduced-motion: reduce)");
const TOGGLE = ' data-vb-play="Play" data-vb-play-icon="M7 5v14l12-7z" data-vb-pause="Pause"'
  + ' data-vb-pause-icon="M6 5h4v14H6zm8 0h4v14h-4z"';

export { duration, stepLabel };

/** The player's controls in `holder` (an element inside `figure`), stepping through steps shown by show(step). */
export const stepper = (figure, holder, label, view, show) => {
  holder.innerHTML = `<div class="vb-player" tabindex="0" role="group" aria-keyshortcuts="ArrowLeft ArrowRight Home End Space">`
    + `<div class="vb-player__bar">${BUTTONS.map(([name, text, d]) => `<button type="button" class="vb-player__${name}" `
      + `title="${text}" aria-label="${text}"${name === "play" ? TOGGLE : ""}><svg viewBox="0 0 24 24" aria-hidden="true">`
      + `<path d="${d}"/></svg></button>`).join("")}<input type="range" class="vb-player__range" min="1" value="1" `
    + 'aria-label="Step"></div><div class="vb-player__live" aria-live="polite" aria-atomic="true">'
    + '<div class="vb-player__count"></div><div class="vb-player__text"><div class="vb-player__caption"></div></div></div></div>';
  const root = holder.firstChild, play = root.querySelector(".vb-player__play");
  const text = root.querySelector(".vb-player__text");
  root.setAttribute("aria-label", label);
  const captions = [], counts = [], durations = [];
  let core = null;
  const wanting = () => play.getAttribute("aria-label") === play.dataset.vbPause; // offers Pause: it wants to play

  return {
    /** New steps [{caption, phase, duration}], shown from `at`. `autoplay` true: play as a new figure
     * does (never under reduced motion); false: paused; undefined: as it was. */
    load(steps, at, autoplay) {
      const keep = autoplay === undefined && core ? wanting() : autoplay !== false && !reduce.matches;
      // The core keeps its step count: a graph with as many steps keeps it, and reads the new words in place.
      if (core && steps.length !== captions.length) core = (core.stop(), null);
      captions.splice(0, Infinity, ...steps.map((s) => s.caption));
      counts.splice(0, Infinity, ...steps.map((s, i) => stepLabel(i + 1, steps.length, s.phase)));
      durations.splice(0, Infinity, ...steps.map((s) => s.duration));
      // Hidden copies of the longest captions under the shown one keep the height of the tallest
      // (player.css); the few longest stand for all, so a large graph's edit stays quick.
      const longest = [...captions].sort((a, b) => b.length - a.length).slice(0, 3);
      text.replaceChildren(text.firstChild, ...longest.map((words) => {
        const sizer = document.createElement("div");
        sizer.className = "vb-player__sizer";
        sizer.ariaHidden = "true";
        sizer.textContent = words;
        return sizer;
      }));
      if (!core) {
        root.querySelector(".vb-player__range").max = steps.length;
        core = window.vbStepper(figure, { captions, counts, show, view, duration: (step) => durations[step] });
      }
      core.go(at);
      core.run(); // sets the play button to what the core wants, which is to play unless motion is reduced
      if (wanting() !== keep) play.click();
    },
    get step() {
      return core ? core.step : 0;
    },
    stop() {
      core?.stop();
    },
  };
};
