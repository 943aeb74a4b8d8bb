// Plane geometry of visual_backprop/draw/shapes.py: where a line meets a card or an op pill,
// arrowheads, bowed twin edges, and a free spot for a tag.

/** True when (px, py), relative to the centre, lies inside a stadium of half-size (hw, hh). */
const inside = (px, py, hw, hh) => {
  const dx = Math.max(Math.abs(px) - Math.max(hw - hh, 0), 0);
  return dx * dx + py * py <= hh * hh;
};

/** Where the ray from `centre` toward `toward` leaves a round shape of half-size `half`, plus `gap`. */
export const outlinePoint = (centre, [hw, hh], toward, gap = 0) => {
  if (hw <= 0) return centre;
  const dx = toward[0] - centre[0], dy = toward[1] - centre[1];
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length, uy = dy / length;
  let lo = 0, hi = hw + hh;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (inside(ux * mid, uy * mid, hw, hh)) lo = mid;
    else hi = mid;
  }
  return [centre[0] + ux * (lo + gap), centre[1] + uy * (lo + gap)];
};

const exit = (points, [hw, hh], gap) => {
  const [cx, cy] = points[0];
  if (hw <= 0) return [...points];
  let k = 1;
  while (k < points.length - 1 && inside(points[k][0] - cx, points[k][1] - cy, hw + gap, hh + gap)) k++;
  const [ax, ay] = points[k - 1], [bx, by] = points[k];
  let lo = 0, hi = 1;
  for (let n = 0; n < 40; n++) {
    const mid = (lo + hi) / 2;
    if (inside(ax + (bx - ax) * mid - cx, ay + (by - ay) * mid - cy, hw + gap, hh + gap)) lo = mid;
    else hi = mid;
  }
  return [[ax + (bx - ax) * hi, ay + (by - ay) * hi], ...points.slice(k)];
};

/** `points`, from the centre of one shape to the centre of another, cut to run outline to outline. */
export const clipPolyline = (points, startHalf, endHalf, gap = [1, 2]) =>
  exit(exit(points, startHalf, gap[0]).reverse(), endHalf, gap[1]).reverse();

/** A quadratic curve from `start` to `end` bulging `offset` px to the side (straight when 0). */
export const bowed = (start, end, offset, samples = 12) => {
  if (!offset) return [start, end];
  const [x0, y0] = start, [x1, y1] = end;
  const length = Math.hypot(x1 - x0, y1 - y0) || 1;
  const nx = -(y1 - y0) / length, ny = (x1 - x0) / length;
  const qx = (x0 + x1) / 2 + 2 * offset * nx, qy = (y0 + y1) / 2 + 2 * offset * ny;
  return Array.from({ length: samples + 1 }, (_, i) => {
    const t = i / samples;
    return [(1 - t) ** 2 * x0 + 2 * (1 - t) * t * qx + t * t * x1, (1 - t) ** 2 * y0 + 2 * (1 - t) * t * qy + t * t * y1];
  });
};

/** The three corners of a filled arrowhead pointing from `tail` to `tip`. */
export const arrowhead = (tail, tip, size) => {
  const dx = tip[0] - tail[0], dy = tip[1] - tail[1];
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length, uy = dy / length;
  const bx = tip[0] - ux * size, by = tip[1] - uy * size, w = size * 0.45;
  return [tip, [bx - uy * w, by + ux * w], [bx + uy * w, by - ux * w]];
};

/** Centre and box of a w × h label near `anchor`: least covered blocker area (weighted), then nearest,
 * searched on a 6 px grid inside `bounds`. */
export const freeSpot = ([w, h], anchor, blockers, bounds, reach = [150, 120], step = 6) => {
  const [left, top, right, bottom] = bounds;
  let best = null, bestCost = Infinity;
  for (let dy = -reach[1]; dy <= reach[1]; dy += step) {
    for (let dx = -reach[0]; dx <= reach[0]; dx += step) {
      const cx = anchor[0] + dx, cy = anchor[1] + dy;
      const x0 = cx - w / 2, x1 = cx + w / 2, y0 = cy - h / 2, y1 = cy + h / 2;
      let cost = Math.hypot(dx, dy);
      cost += 1e5 * (Math.max(left - x0, 0) + Math.max(x1 - right, 0) + Math.max(top - y0, 0) + Math.max(y1 - bottom, 0));
      if (cost >= bestCost) continue;
      let covered = 0;
      for (const b of blockers) {
        const ix = Math.min(x1, b[2]) - Math.max(x0, b[0]), iy = Math.min(y1, b[3]) - Math.max(y0, b[1]);
        if (ix > 0 && iy > 0) covered += ix * iy;
      }
      cost += 30 * covered;
      if (cost < bestCost) (bestCost = cost), (best = [[cx, cy], [x0, y0, x1, y1]]);
    }
  }
  return best;
};
