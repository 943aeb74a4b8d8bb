// A figure's step counter and frame times, as visual_backprop/draw/steps.py words and times them,
// from the numbers in the generated constants.js.
import { DURATION } from "./constants.js";

/** "Step 3 of 12 — backward" ("step", the default phase, is left out). */
export const stepLabel = (step, frames, phase) => `Step ${step} of ${frames}${phase && phase !== "step" ? ` — ${phase}` : ""}`;

/** Milliseconds a step stays up: time to read its words, in multiples of 10 ms. */
export const duration = (text, last) => {
  const d = DURATION;
  const ms = Math.min(d.base + d.per_character * [...text].length, d.most) + (last ? d.last : 0);
  return Math.round(ms / d.step) * d.step;
};
