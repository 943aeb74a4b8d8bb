"""Draw scenes of a traced graph: round value cards, op nodes, arrows, edge tags and a caption line.

A GraphPainter builds every artist once for a trace, a theme and a layout;
`paint(scene)` then applies draw/style.py's style(): it only sets what each
artist shows (text, colour, width, visibility), and `frame()` redraws only the
regions that changed. It reads numbers from the scene and the trace and never
computes a derivative.
"""

import math

from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyBboxPatch, Polygon

from ..format import fitted, fmt
from .incremental import IncrementalCanvas
from .layout import layered, op_id
from .naming import names, op_symbol
from .place import Geometry, place
from .raster import new_figure
from .shapes import arrowhead, clip_polyline
from .style import font_size, op_font_size, style
from .tags import LINE, blockers, edge_key, place_tags
from .textsize import text_width, wrap_words
from .theme import FONT

__all__ = ["GraphPainter"]


class GraphPainter:
    """All artists of one graph figure; paint(scene) updates them, frame() returns pixels."""

    def __init__(self, trace, theme, title=None, headlines=(), full=False, gradients=True):
        self.trace, self.theme, self.gradients = trace, theme, gradients
        self.geo = geo = Geometry.for_theme(theme)
        self.names = names(trace)
        self.font = font_size(theme.narrow)
        self.layout = layered(trace)
        self.symbols = {node.id: op_symbol(node.op) for node in trace.nodes if node.op}
        op_widths = {
            op_id(n): max(geo.op, text_width(s, self._op_size(s)) + 14) for n, s in self.symbols.items()
        }
        wide = None if theme.narrow else place(self.layout, geo, "lr", op_widths)
        self.placement = wide or place(self.layout, geo, "tb", op_widths)
        self.max_grad = max((abs(n.grad) for n in trace.nodes), default=0.0) or 1.0

        room = geo.width - 2 * geo.margin
        line_h = round(self.font * LINE)
        self.headlines = {h: wrap_words(h, room, self.font) for h in headlines}
        caption_lines = max((len(v) for v in self.headlines.values()), default=0)
        self.title_lines = wrap_words(title, room, self.font + 2) if title else []
        head = len(self.title_lines) * round((self.font + 2) * LINE) + (4 if title else 0) + line_h + 6
        graph_w, graph_h = self.placement.size
        # Left to right, keep a tag's height free above and below the graph for the tags.
        room_y = 0 if self.placement.direction == "tb" else 22
        left, top = (geo.width - graph_w) / 2, geo.margin + head + 4 + room_y

        def shift(p):
            return p[0] + left, p[1] + top

        self.centers = {k: shift(p) for k, p in self.placement.centers.items()}
        self.routes = {
            k: [[shift(p) for p in line] for line in lines] for k, lines in self.placement.routes.items()
        }
        self.outputs = {k: [shift(p) for p in line] for k, line in self.placement.outputs.items()}
        self.graph_top = top
        self.caption_top = top + graph_h + room_y + (14 if caption_lines else 0)
        self.size = (geo.width, math.ceil(self.caption_top + caption_lines * line_h + geo.margin))
        self._build()
        ax = self.ax
        self.canvas = IncrementalCanvas(self.fig, [*ax.patches, *ax.lines, *ax.texts], self.size, full=full)

    def _op_size(self, symbol):
        return op_font_size(symbol, self.theme.narrow, self.theme.min_font)

    def _half(self, element):
        return self.placement.half.get(element, (0.0, 0.0))

    # --- artists --------------------------------------------------------------

    def _text(self, x, y, s="", **kw):
        kw = {"fontfamily": FONT, "fontsize": self.font, "zorder": 4} | kw
        return self.ax.text(x, y, s, **kw)

    def _line(self, pts, **kw):
        kw = {
            "color": self.theme.faint,
            "linewidth": 1.4,
            "solid_capstyle": "butt",
            "solid_joinstyle": "round",
            "zorder": 1,
        } | kw
        artist = Line2D([p[0] for p in pts], [p[1] for p in pts], **kw)
        self.ax.add_line(artist)
        return artist

    def _patch(self, patch):
        self.ax.add_patch(patch)
        return patch

    def _build(self):
        t, geo = self.theme, self.geo
        self.fig = new_figure(self.size, t)
        ax = self.ax = self.fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, self.size[0])
        ax.set_ylim(self.size[1], 0)  # pixel coordinates, y down
        ax.set_aspect("equal")
        ax.axis("off")
        y = geo.margin
        for line in self.title_lines:
            self._text(geo.margin, y, line, ha="left", va="top", color=t.text, fontweight="bold",
                       fontsize=self.font + 2)
            y += round((self.font + 2) * LINE)
        y += 4 if self.title_lines else 0
        x = geo.margin
        legend = [("● value", t.value)]
        if self.gradients:
            legend.append((f"∇ gradient ∂{self.names[self.trace.root]}/∂node", t.grad))
        for words, colour in legend:
            self._text(x, y, words, ha="left", va="top", color=colour)
            x += text_width(words, self.font) + 18
        self._build_edges()
        self._build_ops()
        self._build_cards()
        box = {
            "boxstyle": "round,pad=0.28,rounding_size=0.5",
            "facecolor": t.background,
            "linewidth": 1.6,
            "edgecolor": t.grad,
        }
        self.tags = [
            (
                self._text(0, 0, ha="center", va="center", color=t.text, zorder=8, visible=False, bbox=box),
                self._line([(0, 0), (1, 1)], linewidth=1.2, zorder=7, visible=False),
            )
            for _ in range(2)
        ]
        self.blockers = blockers(self.centers, self.placement.half, self.layout.kind)
        self.anchors = {"outputs": self.outputs, "centers": self.centers,
                        "edges": {edge_key(*k): e[1][0] for k, e in self.edges.items()}}
        self._line(
            [(geo.margin, self.caption_top - 7), (self.size[0] - geo.margin, self.caption_top - 7)],
            linewidth=1,
        )
        self.caption = self._text(
            geo.margin, self.caption_top, ha="left", va="top", color=t.text, linespacing=LINE
        )

    def _build_edges(self):
        """One polyline per piece of each input's route to its op node, and op node -> value."""
        t = self.theme
        self.edges = {}
        chains = {(s, tg, sl): chain[:-1] for s, tg, sl, chain in self.layout.edges}
        for key, lines in self.routes.items():
            pieces = []
            for k, line in enumerate(lines):
                a, b = chains[key][k], chains[key][k + 1]
                pieces.append(clip_polyline(line, self._half(a), self._half(b)))
            artists = [self._line(pts) for pts in pieces]
            head = self._patch(Polygon(arrowhead(pieces[-1][-2], pieces[-1][-1], 9), color=t.faint, zorder=2))
            back = self._patch(
                Polygon(arrowhead(pieces[0][1], pieces[0][0], 12), color=t.grad, zorder=5, visible=False)
            )
            self.edges[key] = (artists, pieces, head, back)
        self.out_edges = {}
        for node_id, line in self.outputs.items():
            pts = clip_polyline(line, self._half(op_id(node_id)), self._half(node_id))
            head = self._patch(Polygon(arrowhead(pts[-2], pts[-1], 9), color=t.faint, zorder=2))
            self.out_edges[node_id] = (self._line(pts), head)

    def _build_ops(self):
        """A circle per op node, or a pill when its symbol is a word (tanh, exp, ReLU)."""
        t = self.theme
        self.ops = {}
        for node_id, symbol in self.symbols.items():
            (x, y), (hw, hh) = self.centers[op_id(node_id)], self._half(op_id(node_id))
            style = {"facecolor": t.background, "edgecolor": t.faint, "linewidth": 1.4, "zorder": 3}
            if hw - hh < 0.5:
                box = Circle((x, y), hh, **style)
            else:
                box = FancyBboxPatch(
                    (x - hw, y - hh), 2 * hw, 2 * hh, boxstyle=f"round,pad=0,rounding_size={hh}", **style
                )
            self._patch(box)
            label = self._text(
                x, y + 0.5, symbol, ha="center", va="center", color=t.muted, fontsize=self._op_size(symbol)
            )
            self.ops[node_id] = (box, label)

    def _build_cards(self):
        """A round card per value: label, value and gradient rows, and a ring for |gradient|."""
        t, r = self.theme, self.geo.card / 2
        row = self.font * 1.25
        smallest = self.theme.min_font
        self.cards = {}
        for node in self.trace.nodes:
            x, y = self.centers[node.id]
            halo = self._patch(
                Circle(
                    (x, y), r + 2, facecolor="none", edgecolor=t.grad, linewidth=0, zorder=2, visible=False
                )
            )
            ring = self._patch(
                Circle((x, y), r, facecolor=t.card, edgecolor=t.faint, linewidth=1.5, zorder=3)
            )
            # A constant such as the 1 in b + 1 is labelled by its value: no separate label row.
            constant = not node.op and node.label == fmt(node.data)
            label = "" if constant else self.names[node.id]
            size = self.font
            while label and size > smallest and text_width(label, size, True) > 2 * r - 10:
                size = max(size - 0.5, smallest)
            rows = (y - row * 0.55, y - row * 0.55, y + row * 0.55) if constant else (y - row, y, y + row)
            label_artist = self._text(x, rows[0], label, ha="center", va="center_baseline", color=t.text,
                                      fontweight="bold", fontsize=size)
            value = self._text(x, rows[1], ha="center", va="center_baseline", color=t.value)
            grad = self._text(x, rows[2], ha="center", va="center_baseline", color=t.grad)
            room = 2 * math.sqrt(max(r * r - (abs(rows[1] - y) + self.font / 2) ** 2, 1)) - 6
            self.cards[node.id] = (halo, ring, label_artist, value, grad, room)

    # --- one frame ------------------------------------------------------------

    def paint(self, scene):
        """Set every artist to show `scene`, as style() says."""
        look = style(self.trace, scene, self.anchors)
        self._paint_cards(look)
        self._paint_edges(look)
        self._paint_tags(look["tags"])
        lines = self.headlines.get(scene.headline) or wrap_words(
            scene.headline, self.geo.width - 2 * self.geo.margin, self.font
        )
        self.caption.set_text("\n".join(lines))

    def _colour(self, role):
        return getattr(self.theme, role)

    def _paint_cards(self, look):
        for node_id, (halo, ring, label, value, grad, room) in self.cards.items():
            card = look["cards"][node_id]
            value.set_text("" if card["value"] is None else self._fit(card["value"], room))
            g = card["grad"]
            grad.set_text("" if g is None else "∇ " + self._fit(g, room - text_width("∇ ", self.font)))
            ring.set_edgecolor(self._colour(card["ring"]["role"]))
            ring.set_linewidth(card["ring"]["width"])
            ring.set_linestyle("-" if card["ring"]["dash"] is None else (0, tuple(card["ring"]["dash"])))
            label.set_color(self._colour(card["label"]["role"]))
            halo.set_visible(card["halo"]["visible"])
            halo.set_linewidth(card["halo"]["width"])
            halo.set_radius(self.geo.card / 2 + card["ring"]["width"] / 2 + 2 + card["halo"]["width"] / 2)
        for node_id, (box, symbol) in self.ops.items():
            op = look["ops"][node_id]
            box.set_edgecolor(self._colour(op["box"]["role"]))
            box.set_linewidth(op["box"]["width"])
            symbol.set_color(self._colour(op["symbol"]["role"]))

    def _paint_edges(self, look):
        for key, (artists, _, head, back) in self.edges.items():
            edge = look["edges"][edge_key(*key)]
            for artist in artists:
                artist.set_color(self._colour(edge["line"]["role"]))
                artist.set_linewidth(edge["line"]["width"])
            head.set_color(self._colour(edge["head"]["role"]))
            back.set_visible(edge["back"]["visible"])
        for node_id, (artist, head) in self.out_edges.items():
            out = look["outputs"][node_id]
            artist.set_color(self._colour(out["line"]["role"]))
            artist.set_linewidth(out["line"]["width"])
            head.set_color(self._colour(out["head"]["role"]))

    def _fit(self, x, room):
        """x with as many digits as fit in `room` px."""
        return fitted(x, lambda text: text_width(text, self.font) <= room)

    def _paint_tags(self, wanted):
        """Tags: a forward step's arithmetic, or local × upstream = contribution and a running sum."""
        bounds = (2, self.graph_top - 6, self.size[0] - 2, self.caption_top - 12)
        placed = place_tags(wanted[: len(self.tags)], self.font, self.blockers, bounds, self.placement.half)
        for k, (artist, leader) in enumerate(self.tags):
            artist.set_visible(k < len(placed))
            leader.set_visible(False)
            if k >= len(placed):
                continue
            tag = placed[k]
            artist.set_text(tag.text)
            artist.set_position(tag.center)
            artist.get_bbox_patch().set_edgecolor(self._colour(tag.role))
            if tag.leader is not None:
                (x0, y0), (x1, y1) = tag.leader
                leader.set_data([x0, x1], [y0, y1])
                leader.set_color(self._colour(tag.role))
                leader.set_visible(True)

    def frame(self):
        """The current picture as an RGB array."""
        return self.canvas.frame()
