// The explorer's and live figures' step player: the figures' stepping core (javascripts/player.js)
// over the widget's own steps, in the markup of overrides/partials/vb-figure.html's controls() that
// the page already holds, so it has the same controls, keys, live caption and reduced-motion behaviour.
import { stepper as core } from "../player.js";
import { duration, stepLabel } from "./steps.js"; // the figures' counters and frame times (draw/steps.py)

export { duration, stepLabel };

/** Frames for the core from steps [{caption, phase, duration}]. */
export const framesOf = (steps) => ({
  captions: steps.map((s) => s.caption),
  counts: steps.map((s, i) => stepLabel(i + 1, steps.length, s.phase)),
  durations: steps.map((s) => s.duration),
});

/** A running core (a figure's own player) taken over: it plays while `view` is on screen and shows steps with show(step). */
export const adopt = (steps, view, show) => {
  steps.watch(view);
  return {
    /** New steps [{caption, phase, duration}], shown from `at`. `autoplay` true: play as a new figure
     * does (never under reduced motion); false: paused; undefined: as it was. */
    load: (list, at, autoplay) => steps.load({ ...framesOf(list), show, ready: () => true }, at, autoplay),
    get step() {
      return steps.step;
    },
    get playing() {
      return steps.running;
    },
    pause: steps.pause,
    play: steps.play,
    stop: steps.stop,
  };
};

/** A new core over the controls in `root` (a .vb-player), stepping through steps shown by show(step) on `view`. */
export const stepper = (root, view, show) => adopt(core(root, { view }), view, show);
