// Draws scenes of a trace as SVG, as visual_backprop/draw/graph.py draws the GIFs: round value cards,
// op nodes, arrows, a legend, tags "local × upstream = contribution" beside the active edge, and each
// step's headline in a strip under the graph (headline.js).
// The elements are built once per graph; paint(scene) only applies what style.js says each shows.
// Colours are CSS variables (stylesheets/explorer.css), so the palette switch needs no redraw.
import { FONT_SIZE, LINE, MIN_SHOWN_FONT, OP_FONT_SIZE, OP_WORD_SMALLER, SHOWN } from "./constants.js";
import { layered, opId } from "./layout.js";
import { geometry, place } from "./place.js";
import { arrowhead, clipPolyline } from "./shapes.js";
import { names, num, opSymbol } from "./scenes.js";
import { fmt } from "./format.js";
import { GAP, RULE, baselines, wrapWords } from "./headline.js";
import { style } from "./style.js";
import { blockers, placeTags } from "./tags.js";

const SVG = "http://www.w3.org/2000/svg";

/** Text widths in px in the font the page gives `element`, measured by the browser; .ink(text, size) is [ascent, descent]. */
export const measurer = (element) => {
  const context = document.createElement("canvas").getContext("2d");
  const family = getComputedStyle(element).fontFamily;
  const cache = new Map();
  const measured = (text, size, bold) => {
    const key = `${bold}|${size}|${text}`;
    if (!cache.has(key)) {
      context.font = `${bold ? "bold " : ""}${size}px ${family}`;
      cache.set(key, context.measureText(text));
    }
    return cache.get(key);
  };
  const width = (text, size, bold = false) => measured(text, size, bold).width;
  width.ink = (text, size) => (({ actualBoundingBoxAscent: a, actualBoundingBoxDescent: d }) => [a, d])(measured(text, size));
  return width;
};

const make = (parent, tag, attributes = {}) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  parent.append(element);
  return element;
};
const points = (pts) => pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
const colour = (element, role, property = "stroke") => element.style.setProperty(property, `var(--vbx-${role})`);

/** What the drawing depends on besides the numbers: nodes, operations, labels, edges, the width. */
export const shape = (trace, narrow) => JSON.stringify([narrow, trace.nodes.map((n) => [n.op, n.label, n.parents])]);

/** The SVG of one trace at one width; paint(scene) shows a scene. */
export class GraphPainter {
  constructor(trace, svg, { narrow, width, headlines = [] }) {
    this.shape = shape(trace, narrow);
    this.trace = trace;
    this.svg = svg;
    this.width = width;
    const geo = (this.geo = geometry(narrow));
    const layout = narrow ? "narrow" : "wide";
    this.font = FONT_SIZE[layout];
    this.minFont = (MIN_SHOWN_FONT * geo.width) / SHOWN[layout];
    this.names = names(trace);
    this.layout = layered(trace);
    this.symbols = new Map(trace.nodes.filter((n) => n.op).map((n) => [n.id, opSymbol(n.op)]));
    this.opSize = (s) => Math.max(OP_FONT_SIZE[layout] - ([...s].length <= 2 ? 0 : OP_WORD_SMALLER), this.minFont);
    const opWidths = new Map([...this.symbols].map(([id, s]) => [opId(id), Math.max(geo.op, width(s, this.opSize(s)) + 14)]));
    this.placement = (!narrow && place(this.layout, geo, "lr", opWidths)) || place(this.layout, geo, "tb", opWidths);
    this.maxGrad = Math.max(0, ...trace.nodes.map((n) => Math.abs(n.grad))) || 1;
    const lineH = Math.round(this.font * LINE);
    const [graphW, graphH] = this.placement.size;
    const roomY = this.placement.direction === "tb" ? 0 : 22; // room above and below for the tags
    const left = (geo.width - graphW) / 2, top = geo.margin + lineH + 6 + 4 + roomY;
    const shift = ([x, y]) => [x + left, y + top];
    this.centers = new Map([...this.placement.centers].map(([k, p]) => [k, shift(p)]));
    this.routes = new Map([...this.placement.routes].map(([k, lines]) => [k, lines.map((l) => l.map(shift))]));
    this.outputs = new Map([...this.placement.outputs].map(([k, l]) => [k, l.map(shift)]));
    this.graphTop = top;
    this.graphBottom = top + graphH + roomY;
    this.bottom = this.graphBottom + 2; // the lowest a tag may reach
    this.strip(headlines);
    this.build();
  }

  /** The same drawing for new numbers (and their headlines) of a graph of the same shape. */
  retrace(trace, headlines = []) {
    this.trace = trace;
    this.maxGrad = Math.max(0, ...trace.nodes.map((n) => Math.abs(n.grad))) || 1;
    this.strip(headlines);
    this.resize();
  }

  /** The headlines' lines, and the strip under the graph as high as the longest: the drawing's height. */
  strip(headlines) {
    const { geo, font } = this, room = geo.width - 2 * geo.margin;
    this.headlines = new Map(headlines.map((h) => [h, wrapWords(h, room, font, this.width)]));
    const lines = Math.max(0, ...[...this.headlines.values()].map((l) => l.length));
    this.captionTop = this.graphBottom + (lines ? GAP : 0);
    this.size = [geo.width, Math.ceil(this.captionTop + lines * Math.round(font * LINE) + geo.margin)];
  }

  resize() {
    const [w, h] = this.size;
    Object.entries({ viewBox: `0 0 ${w} ${h}`, width: w, height: h }).forEach(([n, v]) => this.svg.setAttribute(n, v));
  }

  half(element) {
    return this.placement.half.get(element) ?? [0, 0];
  }

  text(parent, x, y, content, size = this.font, attributes = {}) {
    const element = make(parent, "text", { x: x.toFixed(1), y: y.toFixed(1), "font-size": size, ...attributes });
    element.textContent = content;
    return element;
  }

  build() {
    const { svg, geo } = this;
    svg.replaceChildren();
    this.resize();
    let x = geo.margin;
    const legend = [["● value", "value"], [`∇ gradient ∂${this.names[this.trace.root]}/∂node`, "grad"]];
    for (const [words, role] of legend) {
      colour(this.text(svg, x, geo.margin + this.font * 0.8, words), role, "fill");
      x += this.width(words, this.font) + 18;
    }
    this.buildEdges();
    this.buildOps();
    this.buildCards();
    this.blockers = blockers(this.centers, this.placement.half, this.layout.kind);
    this.anchors = { outputs: this.outputs, centers: this.centers,
      edges: new Map([...this.edges].map(([key, { pieces }]) => [key, pieces[0]])) };
    this.tags = [0, 1].map(() => {
      const group = make(svg, "g", { class: "vbx-tag", visibility: "hidden" });
      const leader = make(group, "line", { "stroke-width": 1.2 });
      const box = make(group, "rect", { rx: 6, "stroke-width": 1.6 });
      colour(box, "background", "fill");
      const label = this.text(group, 0, 0, "", this.font, { "text-anchor": "middle", "dominant-baseline": "central" });
      colour(label, "text", "fill");
      return { group, leader, box, label };
    });
    const y = this.captionTop - RULE;
    colour(make(svg, "line", { x1: geo.margin, y1: y, x2: this.size[0] - geo.margin, y2: y, "stroke-width": 1 }), "faint");
    this.caption = this.text(svg, geo.margin, this.captionTop, "", this.font, { class: "vbx__headline" });
    colour(this.caption, "text", "fill");
  }

  buildEdges() {
    const chains = new Map(this.layout.edges.map(([s, t, slot, chain]) => [`${s}|${t}|${slot}`, chain.slice(0, -1)]));
    const group = make(this.svg, "g", { fill: "none", "stroke-linejoin": "round" });
    this.edges = new Map();
    for (const [key, lines] of this.routes) {
      const chain = chains.get(key);
      const pieces = lines.map((line, k) => clipPolyline(line, this.half(chain[k]), this.half(chain[k + 1])));
      const lineElements = pieces.map((pts) => make(group, "polyline", { points: points(pts) }));
      const last = pieces.at(-1);
      const head = make(this.svg, "polygon", { points: points(arrowhead(last.at(-2), last.at(-1), 9)) });
      const back = make(this.svg, "polygon", { points: points(arrowhead(pieces[0][1], pieces[0][0], 12)), visibility: "hidden" });
      colour(back, "grad", "fill");
      this.edges.set(key, { lines: lineElements, pieces, head, back, target: key.split("|")[1] });
    }
    this.outEdges = new Map();
    for (const [id, line] of this.outputs) {
      const pts = clipPolyline(line, this.half(opId(id)), this.half(id));
      const element = make(group, "polyline", { points: points(pts) });
      const head = make(this.svg, "polygon", { points: points(arrowhead(pts.at(-2), pts.at(-1), 9)) });
      this.outEdges.set(id, { line: element, head });
    }
  }

  buildOps() {
    this.ops = new Map();
    for (const [id, symbol] of this.symbols) {
      const [x, y] = this.centers.get(opId(id)), [hw, hh] = this.half(opId(id));
      const box = hw - hh < 0.5 ? make(this.svg, "circle", { cx: x, cy: y, r: hh })
        : make(this.svg, "rect", { x: x - hw, y: y - hh, width: 2 * hw, height: 2 * hh, rx: hh });
      colour(box, "background", "fill");
      const label = this.text(this.svg, x, y + 0.5, symbol, this.opSize(symbol),
        { "text-anchor": "middle", "dominant-baseline": "central" });
      this.ops.set(id, { box, label });
    }
  }

  buildCards() {
    const r = this.geo.card / 2, row = this.font * 1.25;
    this.cards = new Map();
    for (const node of this.trace.nodes) {
      const [x, y] = this.centers.get(node.id);
      const halo = make(this.svg, "circle", { cx: x, cy: y, r: r + 2, fill: "none", visibility: "hidden" });
      colour(halo, "grad");
      const ring = make(this.svg, "circle", { cx: x, cy: y, r });
      colour(ring, "card", "fill");
      // A constant such as the 1 in b + 1 is labelled by its value: no separate label row.
      const constant = !node.op && node.label === num(node.data).replaceAll("\u2212", "-");
      const name = constant ? "" : this.names[node.id];
      let size = this.font;
      while (name && size > this.minFont && this.width(name, size, true) > 2 * r - 10) size = Math.max(size - 0.5, this.minFont);
      const rows = constant ? [y - row * 0.55, y - row * 0.55, y + row * 0.55] : [y - row, y, y + row];
      const middle = { "text-anchor": "middle", "dominant-baseline": "central" };
      const label = this.text(this.svg, x, rows[0], name, size, { ...middle, "font-weight": "bold" });
      const value = this.text(this.svg, x, rows[1], "", this.font, middle);
      colour(value, "value", "fill");
      const grad = this.text(this.svg, x, rows[2], "", this.font, middle);
      colour(grad, "grad", "fill");
      const room = 2 * Math.sqrt(Math.max(r * r - (Math.abs(rows[1] - y) + this.font / 2) ** 2, 1)) - 6;
      this.cards.set(node.id, { halo, ring, label, value, grad, room });
    }
  }

  /** fmt(x) with 4, 3 or 2 significant digits: the most that fit in `room` px. */
  fit(x, room) {
    for (const digits of [4, 3]) {
      const text = fmt(x, digits, "\u2212");
      if (this.width(text, this.font) <= room) return text;
    }
    return fmt(x, 2, "\u2212");
  }

  paint(scene) {
    const look = style(this.trace, scene, this.anchors);
    this.paintCards(look);
    this.paintEdges(look);
    this.paintTags(look.tags);
    this.paintHeadline(scene.headline);
  }

  /** The scene's headline, one tspan a line, on the baselines matplotlib gives them. */
  paintHeadline(headline) {
    const { geo, font } = this;
    const lines = this.headlines.get(headline) ?? wrapWords(headline, geo.width - 2 * geo.margin, font, this.width);
    const ys = baselines(lines, font, this.width.ink);
    this.caption.replaceChildren(...lines.map((line, k) => {
      const span = document.createElementNS(SVG, "tspan");
      span.setAttribute("x", geo.margin);
      span.setAttribute("y", (this.captionTop + ys[k]).toFixed(2));
      span.textContent = line;
      return span;
    }));
  }

  paintCards(look) {
    for (const [id, { halo, ring, label, value, grad, room }] of this.cards) {
      const card = look.cards[id], g = card.grad;
      value.textContent = card.value === null ? "" : this.fit(card.value, room);
      grad.textContent = g === null ? "" : `∇ ${this.fit(g, room - this.width("∇ ", this.font))}`;
      colour(ring, card.ring.role);
      ring.setAttribute("stroke-width", card.ring.width);
      ring.setAttribute("stroke-dasharray", card.ring.dash === null ? "none" : card.ring.dash.join(" "));
      colour(label, card.label.role, "fill");
      halo.setAttribute("visibility", card.halo.visible ? "visible" : "hidden");
      halo.setAttribute("stroke-width", card.halo.width);
      halo.setAttribute("r", this.geo.card / 2 + card.ring.width / 2 + 2 + card.halo.width / 2);
    }
    for (const [id, { box, label: symbol }] of this.ops) {
      const op = look.ops[id];
      colour(box, op.box.role);
      box.setAttribute("stroke-width", op.box.width);
      colour(symbol, op.symbol.role, "fill");
    }
  }

  paintEdges(look) {
    for (const [key, { lines, head, back }] of this.edges) {
      const edge = look.edges[key];
      for (const line of lines) {
        colour(line, edge.line.role);
        line.setAttribute("stroke-width", edge.line.width);
      }
      colour(head, edge.head.role, "fill");
      back.setAttribute("visibility", edge.back.visible ? "visible" : "hidden");
    }
    for (const [id, { line, head }] of this.outEdges) {
      const out = look.outputs[id];
      colour(line, out.line.role);
      line.setAttribute("stroke-width", out.line.width);
      colour(head, out.head.role, "fill");
    }
  }

  paintTags(wanted) {
    const bounds = [2, this.graphTop - 6, this.size[0] - 2, this.bottom];
    const placed = placeTags(wanted.slice(0, this.tags.length), this.font, this.blockers, bounds,
      this.placement.half, this.width);
    this.tags.forEach(({ group, leader, box, label }, k) => {
      group.setAttribute("visibility", k < placed.length ? "visible" : "hidden");
      leader.setAttribute("visibility", "hidden");
      if (k >= placed.length) return;
      const { text, role, center: [cx, cy], box: spot, size, leader: line } = placed[k];
      label.textContent = text;
      label.setAttribute("x", cx);
      label.setAttribute("y", cy);
      Object.entries({ x: spot[0] + 3, y: spot[1] + 3, width: size[0] - 6, height: size[1] - 6 })
        .forEach(([name, value]) => box.setAttribute(name, value));
      colour(box, role);
      if (line !== null) {
        const [[x1, y1], [x2, y2]] = line;
        Object.entries({ x1, y1, x2, y2 }).forEach(([n, v]) => leader.setAttribute(n, v));
        colour(leader, role);
        leader.setAttribute("visibility", "visible");
      }
    });
  }
}
