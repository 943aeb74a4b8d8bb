"""The look of every figure: colours, fonts and sizes for light/dark and wide/narrow.

Backgrounds and text match Material's `default` and `slate` schemes, so a figure
sits on the page without a box. Meaning colours come from the Okabe–Ito
colour-blind-safe palette: values (forward) are blue, gradients (backward) are
vermilion/orange. Colour never carries meaning alone: gradients are also
written with an explicit sign and marked with ∇, and their size sets line width.
"""

from dataclasses import dataclass, replace

__all__ = ["Theme", "THEME_NAMES", "LAYOUTS", "get_theme", "FONT",
           "WIDE_WIDTH", "NARROW_WIDTH", "WIDE_SHOWN", "NARROW_SHOWN", "MIN_SHOWN_FONT"]

THEME_NAMES = ("light", "dark")
LAYOUTS = ("wide", "narrow")
FONT = "DejaVu Sans"  # every figure's font
WIDE_WIDTH = 720  # px of a wide image
WIDE_SHOWN = 700  # CSS px it is displayed at, in Material's content column
NARROW_WIDTH = 360  # px of a narrow image
NARROW_SHOWN = 358  # CSS px it is displayed at, on a 390 px phone
MIN_SHOWN_FONT = 12.0  # CSS px: no figure text shows smaller than this


@dataclass(frozen=True)
class Theme:
    """Colours (hex strings) and font sizes (px) of one variant; `narrow` marks the phone layout."""

    name: str
    narrow: bool
    background: str
    text: str
    muted: str  # secondary text, axes, arrows waiting their turn
    faint: str  # outlines of things not yet computed
    card: str  # fill of a node card
    value: str  # forward values
    grad: str  # gradients
    active: str  # the edge or node being processed now
    accent: str  # a third series in plots
    extra: tuple  # further series colours for plots, in order
    font_size: float = 14.0  # px; never below 12 px where displayed
    small_size: float = 13.0
    title_size: float = 16.0
    dpi: int = 72  # 1 pt == 1 px, so sizes above are pixels

    @property
    def width(self):
        """Width in px of this layout's images."""
        return NARROW_WIDTH if self.narrow else WIDE_WIDTH

    @property
    def min_font(self):
        """The smallest font size (px) that still shows at 12 CSS px or more where the image is displayed."""
        shown = NARROW_SHOWN if self.narrow else WIDE_SHOWN
        return MIN_SHOWN_FONT * self.width / shown

    @property
    def series(self):
        """Plot colours in order: value, gradient, accent, then the rest of the palette."""
        return (self.value, self.grad, self.accent, *self.extra)

    def rc(self):
        """matplotlib rcParams for plots drawn in this theme."""
        return {
            "figure.facecolor": self.background,
            "axes.facecolor": self.background,
            "savefig.facecolor": self.background,
            "axes.edgecolor": self.muted,
            "axes.labelcolor": self.text,
            "axes.titlecolor": self.text,
            "axes.prop_cycle": _cycler(self.series),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": self.faint,
            "grid.linewidth": 0.8,
            "xtick.color": self.muted,
            "ytick.color": self.muted,
            "xtick.labelcolor": self.text,
            "ytick.labelcolor": self.text,
            "text.color": self.text,
            "font.family": FONT,
            "font.size": self.font_size,
            "axes.titlesize": self.title_size,
            "axes.labelsize": self.font_size,
            "xtick.labelsize": self.small_size,
            "ytick.labelsize": self.small_size,
            "legend.fontsize": self.small_size,
            "legend.frameon": False,
            "lines.linewidth": 2.2,
            "axes.unicode_minus": True,
            "svg.hashsalt": "visual-backprop",
            "path.simplify": True,
        }


def _cycler(colors):
    from cycler import cycler

    return cycler(color=list(colors))


# Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermilion, reddish purple.
_LIGHT = Theme(
    name="light", narrow=False,
    background="#ffffff", text="#1f1f1f", muted="#5f6368", faint="#d5d8de", card="#f4f6fa",
    value="#0072B2", grad="#D55E00", active="#CC79A7", accent="#009E73",
    extra=("#E69F00", "#56B4E9", "#CC79A7", "#000000"),
)
# Material slate: background hsl(225 15% 14%), text hsl(225 15% 90%) at 82 %.
_DARK = Theme(
    name="dark", narrow=False,
    background="#1e2129", text="#dfe1e6", muted="#a3a8b4", faint="#454a57", card="#272b35",
    value="#56B4E9", grad="#E69F00", active="#E08FC0", accent="#2FC49A",
    extra=("#F0E442", "#8FCBF0", "#CC79A7", "#ffffff"),
)
_THEMES = {"light": _LIGHT, "dark": _DARK}


def get_theme(name="light", narrow=False):
    """The Theme called `name` ('light' or 'dark'), for the wide or the narrow layout."""
    if name not in _THEMES:
        raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEME_NAMES)}")
    return replace(_THEMES[name], narrow=bool(narrow))
