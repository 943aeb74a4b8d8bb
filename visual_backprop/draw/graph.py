"""Draw scenes of a traced graph with matplotlib: round value cards, op nodes, arrows, captions.

A GraphPainter builds every artist once for a trace, a theme and a layout, then
`paint(scene)` only changes what each artist shows (text, colour, width,
visibility) before the canvas is drawn. It reads numbers from the scene and the
trace; it never computes a derivative.
"""

import itertools
import math
import textwrap

from matplotlib.patches import Circle, FancyArrowPatch

from .layout import layered, op_id
from .raster import new_figure, pixels
from .scenes import names, num, op_symbol, signed

__all__ = ["GraphPainter"]


class Geometry:
    """Pixel sizes of one layout: card and op diameters, gaps, fonts, margins."""

    def __init__(self, theme):
        self.narrow = theme.narrow
        self.width = 360 if theme.narrow else 720
        self.card = 70 if theme.narrow else 76  # value card diameter
        self.op = 32 if theme.narrow else 34
        self.pitch = self.card + (10 if theme.narrow else 16)  # along a rank
        self.margin = 8
        self.min_gap = 20
        self.max_gap = 70
        self.font = theme.font_size
        self.line = round(theme.font_size * 1.3)


class GraphPainter:
    """All artists of one graph figure; paint(scene) updates them, frame() returns pixels."""

    def __init__(self, trace, theme, title=None, captions=()):
        self.trace, self.theme = trace, theme
        self.geo = Geometry(theme)
        self.names = names(trace)
        self.layout = layered(trace)
        self.max_grad = max((abs(n.grad) for n in trace.nodes), default=1.0) or 1.0
        self.direction = "tb" if theme.narrow else "lr"
        self.centers, graph_w, graph_h = self._place()
        if self.direction == "lr" and graph_w > self.geo.width:
            self.direction = "tb"
            self.centers, graph_w, graph_h = self._place()
        self.caption_chars = max(20, int((self.geo.width - 2 * self.geo.margin) / (0.6 * theme.font_size)))
        lines = max((len(self._wrap(c)) for c in captions), default=0)
        self.title_h = self.geo.line + 8 if title else 0
        self.caption_h = lines * self.geo.line + (12 if lines else 0)
        top = self.geo.margin + self.title_h
        left = (self.geo.width - graph_w) / 2
        self.centers = {k: (x + left, y + top) for k, (x, y) in self.centers.items()}
        self.size = (self.geo.width, math.ceil(top + graph_h + self.caption_h + self.geo.margin))
        self._build(title)

    # --- geometry -----------------------------------------------------------

    def _place(self):
        """Centres of every element relative to the graph's top left, and the graph's extent."""
        g, layout = self.geo, self.layout
        thickness = [max((g.card if layout.kind[e] == "value" else g.op if layout.kind[e] == "op" else 0)
                          for e in rank) for rank in layout.ranks]
        across = (max(layout.position.values()) if layout.position else 0) * g.pitch + g.card
        along_space = (g.width - 2 * g.margin) if self.direction == "lr" else None
        gaps = len(thickness) - 1
        if along_space is not None:
            gap = (along_space - sum(thickness)) / gaps if gaps else 0
            if gaps and gap < g.min_gap:
                return {}, math.inf, 0
            gap = min(gap, g.max_gap)
        else:
            gap = 26
        offsets, at = [], 0.0
        for t in thickness:
            offsets.append(at + t / 2)
            at += t + gap
        along = at - gap
        centers = {}
        for r, rank in enumerate(layout.ranks):
            for e in rank:
                a, c = offsets[r], layout.position[e] * g.pitch + g.card / 2
                centers[e] = (a, c) if self.direction == "lr" else (c, a)
        if self.direction == "lr":
            return centers, along, across
        if across > g.width - 2 * g.margin:  # too wide even top to bottom: squeeze the pitch
            scale = (g.width - 2 * g.margin - g.card) / max(across - g.card, 1)
            centers = {k: ((x - g.card / 2) * scale + g.card / 2, y) for k, (x, y) in centers.items()}
            across = g.width - 2 * g.margin
        return centers, across, along

    def _wrap(self, text):
        return textwrap.wrap(text, self.caption_chars, break_on_hyphens=False) if text else []

    def radius(self, element):
        kind = self.layout.kind[element]
        return self.geo.card / 2 if kind == "value" else self.geo.op / 2 if kind == "op" else 0

    # --- artists --------------------------------------------------------------

    def _build(self, title):
        t, g = self.theme, self.geo
        self.fig = new_figure(self.size, t)
        ax = self.fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, self.size[0])
        ax.set_ylim(self.size[1], 0)
        ax.set_aspect("equal")
        ax.axis("off")
        self.ax = ax
        font = {"family": "DejaVu Sans", "size": t.font_size}
        if title:
            ax.text(self.size[0] / 2, g.margin, title, ha="center", va="top", color=t.text,
                    fontsize=t.title_size, fontweight="bold", fontfamily="DejaVu Sans")
        self.arrows = {}
        for source, target, slot, chain in self.layout.edges:
            pieces = []
            for a, b in itertools.pairwise(chain):
                head = self.layout.kind[b] != "dummy"
                arrow = FancyArrowPatch(
                    self.centers[a], self.centers[b], shrinkA=self.radius(a) + 1, shrinkB=self.radius(b) + 2,
                    arrowstyle="-|>" if head else "-", mutation_scale=12, linewidth=1.4, color=t.faint,
                    zorder=1)
                ax.add_patch(arrow)
                pieces.append(arrow)
            self.arrows[(source, target, slot)] = pieces
        self.cards, self.ops = {}, {}
        for node in self.trace.nodes:
            x, y = self.centers[node.id]
            r = g.card / 2
            ring = Circle((x, y), r, facecolor=t.card, edgecolor=t.faint, linewidth=1.5, zorder=3)
            ax.add_patch(ring)
            label = ax.text(x, y - 17, self.names[node.id], ha="center", va="center", color=t.text,
                            fontweight="bold", zorder=4, **font)
            value = ax.text(x, y + 1, "", ha="center", va="center", color=t.value, zorder=4, **font)
            grad = ax.text(x, y + 19, "", ha="center", va="center", color=t.grad, zorder=4, **font)
            self.cards[node.id] = (ring, label, value, grad)
            if node.op:
                ox, oy = self.centers[op_id(node.id)]
                circle = Circle((ox, oy), g.op / 2, facecolor=t.background, edgecolor=t.faint,
                                linewidth=1.4, zorder=3)
                ax.add_patch(circle)
                symbol = op_symbol(node.op)
                size = t.font_size + 2 if len(symbol) <= 2 else t.small_size - (1 if len(symbol) > 3 else 0)
                text = ax.text(ox, oy, symbol, ha="center", va="center_baseline", color=t.muted, zorder=4,
                               fontfamily="DejaVu Sans", fontsize=max(size, 12))
                self.ops[node.id] = (circle, text)
        self.note = ax.text(0, 0, "", ha="center", va="center", color=t.text, zorder=6, visible=False,
                            bbox={"boxstyle": "round,pad=0.3", "facecolor": t.background,
                                  "edgecolor": t.grad, "linewidth": 1.4}, **font)
        self.sum_note = ax.text(0, 0, "", ha="center", va="center", color=t.grad, zorder=6, visible=False,
                                bbox={"boxstyle": "round,pad=0.3", "facecolor": t.background,
                                      "edgecolor": t.grad, "linewidth": 1.4}, **font)
        self.caption = ax.text(g.margin, self.size[1] - self.caption_h - g.margin + 10, "", ha="left",
                               va="top", color=t.text, linespacing=1.3, **font)

    # --- one frame ------------------------------------------------------------

    def paint(self, scene):
        """Set every artist to show `scene`."""
        t = self.theme
        for node in self.trace.nodes:
            ring, label, value, grad = self.cards[node.id]
            known = node.id in scene.values
            has_grad = node.id in scene.grads
            value.set_text(num(node.data) if known else "")
            grad.set_text(f"∇ {signed(scene.grads[node.id])}" if has_grad else "")
            active = node.id == scene.node or (scene.edge is not None and node.id == scene.edge.parent)
            if active:
                ring.set_edgecolor(t.active)
                ring.set_linewidth(3.5)
                ring.set_linestyle("-")
            elif has_grad:
                ring.set_edgecolor(t.grad)
                ring.set_linewidth(1.5 + 3.0 * math.sqrt(abs(scene.grads[node.id]) / self.max_grad))
                ring.set_linestyle("-")
            else:
                ring.set_edgecolor(t.text if known else t.faint)
                ring.set_linewidth(1.5)
                ring.set_linestyle("-" if known else (0, (4, 3)))
            label.set_color(t.text if known else t.muted)
            if node.op:
                circle, text = self.ops[node.id]
                on = known
                circle.set_edgecolor(t.active if node.id == scene.node else t.text if on else t.faint)
                circle.set_linewidth(2.5 if node.id == scene.node else 1.4)
                text.set_color(t.text if on else t.muted)
        for (source, target, slot), pieces in self.arrows.items():
            computed = target in scene.values
            active = scene.edge is not None and (scene.edge.parent, scene.edge.node, scene.edge.slot) == (
                source, target, slot)
            feeding = scene.phase == "forward" and target == scene.node
            for arrow in pieces:
                colour = t.grad if active else t.active if feeding else t.muted if computed else t.faint
                arrow.set_color(colour)
                arrow.set_linewidth(3.5 if active else 2.2 if feeding else 1.4)
        edge = scene.edge
        if edge is not None:
            (sx, sy), (ox, oy) = self.centers[edge.parent], self.centers[op_id(edge.node)]
            self.note.set_position(((sx + ox) / 2, (sy + oy) / 2))
            self.note.set_text(f"{num(edge.local)} × {num(edge.upstream)} = {num(edge.contribution)}")
            self.note.set_visible(True)
            if edge.accumulates:
                px, py = self.centers[edge.parent]
                self.sum_note.set_position((px, py - self.geo.card / 2 - 14))
                self.sum_note.set_text(f"+= {num(edge.contribution)} → {num(edge.after)}")
                self.sum_note.set_visible(True)
            else:
                self.sum_note.set_visible(False)
        else:
            self.note.set_visible(False)
            self.sum_note.set_visible(False)
        self.caption.set_text("\n".join(self._wrap(scene.caption)))

    def frame(self):
        """The current picture as an RGB array."""
        return pixels(self.fig, self.size)


