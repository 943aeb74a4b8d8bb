// Pixel geometry of visual_backprop/draw/place.py: wide graphs run left to right, cut into bands at
// the cuts fewest edges cross when they do not fit; narrow graphs run top to bottom.
import { bowed } from "./shapes.js";

/** Sizes in px of the wide and the narrow layout. */
export const geometry = (narrow) => (narrow
  ? { width: 360, card: 64, op: 28, pitch: 82, minGap: 20, maxGap: 24, bandGap: 30, margin: 8 }
  : { width: 720, card: 70, op: 30, pitch: 86, minGap: 24, maxGap: 96, bandGap: 34, margin: 10 });

const pairwise = (list) => list.slice(1).map((b, i) => [list[i], b]);

const thicknessOf = (layout, geo, opWidths) => layout.ranks.map((rank) => {
  const kinds = new Set(rank.map((e) => layout.kind.get(e)));
  if (kinds.has("value")) return geo.card;
  if (kinds.has("op")) return Math.max(...rank.filter((e) => layout.kind.get(e) === "op").map((e) => opWidths.get(e) ?? geo.op));
  return 8;
});

const crossingCounts = (layout) => {
  const counts = Array(Math.max(layout.ranks.length - 1, 0)).fill(0);
  for (const [, , , chain] of layout.edges) {
    for (const [a, b] of pairwise(chain)) {
      const [lo, hi] = [layout.rankOf.get(a), layout.rankOf.get(b)].sort((p, q) => p - q);
      for (let i = lo; i < hi; i++) counts[i]++;
    }
  }
  return counts;
};

const less = (p, q) => { // tuples, compared as Python compares them
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return p[i] < q[i];
  return false;
};

/** Consecutive bands of ranks that each fit in `room`: fewest bands, then fewest crossings. */
const bandsOf = (thickness, gap, room, crossings, allowed) => {
  const n = thickness.length, before = [0];
  thickness.forEach((t, i) => before.push(before[i] + t));
  const length = (i, j) => before[j] - before[i] + gap * (j - i - 1);
  const best = new Map([[0, [0, 0, 0, null]]]);
  for (let j = 1; j <= n; j++) {
    let choice = null;
    for (const [i, [bands, crossed, worst]] of best) {
      if (i < j && length(i, j) <= room && (i === 0 || allowed.has(i))) {
        const option = [bands + 1, crossed + (i > 0 ? crossings[i - 1] : 0), Math.max(worst, length(i, j)), i];
        if (!choice || less(option, choice)) choice = option;
      }
    }
    if (choice) best.set(j, choice);
  }
  if (!best.has(n)) return null;
  const cuts = [];
  for (let j = n; j;) {
    const i = best.get(j)[3];
    cuts.push([i, j]);
    j = i;
  }
  return cuts.reverse();
};

/** Centres, half-sizes, edge routes and size for `layout` flowing "lr" or "tb"; null if "lr" cannot fit. */
export const place = (layout, geo, direction, opWidths) => {
  const thickness = thicknessOf(layout, geo, direction === "lr" ? opWidths : new Map());
  const room = geo.width - 2 * geo.margin;
  const half = new Map();
  for (const [e, kind] of layout.kind) {
    if (kind === "value") half.set(e, [geo.card / 2, geo.card / 2]);
    else if (kind === "op") half.set(e, [(opWidths.get(e) ?? geo.op) / 2, geo.op / 2]);
    else half.set(e, [0, 0]);
  }
  let bands, gap;
  if (direction === "lr") {
    gap = geo.maxGap;
    const allowed = new Set();
    layout.ranks.forEach((rank, r) => {
      const split = rank.some((e) => layout.kind.get(e) === "value" && layout.kind.get(`${e}:op`) === "op"
        && layout.rankOf.get(`${e}:op`) === r - 1);
      if (!split) allowed.add(r);
    });
    const counts = crossingCounts(layout);
    while (gap >= geo.minGap) {
      bands = bandsOf(thickness, gap, room, counts, allowed);
      if (bands && (bands.length === 1 || gap === geo.minGap)) break;
      gap -= 2;
    }
    if (!bands) return null;
    gap = bands.length > 1 ? geo.minGap
      : Math.min(geo.maxGap, (room - thickness.reduce((s, t) => s + t, 0)) / Math.max(thickness.length - 1, 1));
  } else {
    bands = [[0, thickness.length]];
    gap = geo.maxGap;
  }
  const centers = new Map(), bandOf = new Map();
  let acrossStart = 0, alongExtent = 0;
  bands.forEach(([i, j], b) => {
    const members = layout.ranks.slice(i, j).flat();
    const low = Math.min(...members.map((e) => layout.position.get(e)));
    const high = Math.max(...members.map((e) => layout.position.get(e)));
    let pitch = geo.pitch;
    if (direction === "tb" && (high - low) * pitch + geo.card > room) { // squeeze a crowded rank
      pitch = Math.max((room - geo.card) / Math.max(high - low, 1e-9), geo.card + 2);
    }
    let at = 0;
    for (let r = i; r < j; r++) {
      const mid = at + thickness[r] / 2;
      for (const e of layout.ranks[r]) {
        const across = acrossStart + (layout.position.get(e) - low) * pitch + geo.card / 2;
        centers.set(e, direction === "lr" ? [mid, across] : [across, mid]);
        bandOf.set(e, b);
      }
      at += thickness[r] + gap;
    }
    alongExtent = Math.max(alongExtent, at - gap);
    acrossStart += (high - low) * pitch + geo.card + geo.bandGap;
  });
  const acrossExtent = acrossStart - geo.bandGap;
  const size = direction === "lr" ? [alongExtent, acrossExtent] : [acrossExtent, alongExtent];
  // Channels: the free middle of each gap between ranks, for edges that change band.
  const channel = new Map(), offsets = new Map();
  for (const [i, j] of bands) {
    let at = 0;
    for (let r = i; r < j; r++) {
      offsets.set(r, at);
      channel.set(r, at + thickness[r] + gap / 2);
      at += thickness[r] + gap;
    }
  }
  const bandBottom = new Map();
  for (const [e, [, y]] of centers) {
    const b = bandOf.get(e);
    bandBottom.set(b, Math.max(bandBottom.get(b) ?? 0, y + half.get(e)[1]));
  }
  const routes = new Map(), outputs = new Map(), twins = new Map();
  for (const [source, target, slot, chain] of layout.edges) { // the same input twice (a + a): bow apart
    if (chain.length === 3) {
      const key = `${source}|${target}`;
      twins.set(key, [...(twins.get(key) ?? []), slot]);
    }
  }
  for (const [source, target, slot, chain] of layout.edges) {
    outputs.set(target, [centers.get(chain.at(-2)), centers.get(target)]);
    const lines = [];
    for (const [a, b] of pairwise(chain.slice(0, -1))) {
      const pa = centers.get(a), pb = centers.get(b);
      if (bandOf.get(a) === bandOf.get(b)) {
        const slots = twins.get(`${source}|${target}`) ?? [slot];
        const offset = chain.length === 3 ? (slots.indexOf(slot) - (slots.length - 1) / 2) * 14 : 0;
        lines.push(bowed(pa, pb, offset));
      } else {
        const down = bandBottom.get(bandOf.get(a)) + geo.bandGap / 2;
        const xOut = channel.get(layout.rankOf.get(a)), xIn = offsets.get(layout.rankOf.get(b)) - gap / 2;
        lines.push([pa, [xOut, pa[1]], [xOut, down], [xIn, down], [xIn, pb[1]], pb]);
      }
    }
    routes.set(`${source}|${target}|${slot}`, lines);
  }
  return { centers, half, routes, outputs, size, direction };
};
