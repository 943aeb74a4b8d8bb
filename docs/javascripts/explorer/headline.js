// The headline strip under the graph, set as visual_backprop/draw/graph.py sets its caption text:
// words wrapped greedily to the room between the margins (draw/textsize.py's wrap_words), the top of
// the block at the strip's top, each line LINE font sizes high with its ink centred in that height
// (matplotlib's fixed line spacing for text with va="top"), a faint rule above the strip.
import { LINE } from "./constants.js";

// px between the graph's room and the headline's top, and from the rule up to that top (draw/graph.py).
export const GAP = 14, RULE = 7;
// DejaVu Sans's typographic ascent + descent (OS/2 table: 1556 + 492 of 2048 units), in font sizes:
// matplotlib spaces lines by LINE times this.
const EM_HEIGHT = 1;

/** Greedy word wrap of `text` into lines no wider than `room` px at `size` (wrap_words). */
export const wrapWords = (text, room, size, width) => {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const trial = line ? `${line} ${word}` : word;
    if (line && width(trial, size) > room) {
      lines.push(line);
      line = word;
    } else line = trial;
  }
  if (line) lines.push(line);
  return lines;
};

/** Each line's baseline below the block's top: y += ascent + lead, then descent + lead, lead = (LINE·em − ink) / 2. */
export const baselines = (lines, size, ink) => {
  const out = [];
  let y = 0;
  for (const line of lines) {
    const [ascent, descent] = line ? ink(line, size) : [0, 0];
    const lead = (LINE * EM_HEIGHT * size - ascent - descent) / 2;
    y += ascent + lead;
    out.push(y);
    y += descent + lead;
  }
  return out;
};
