"""Plot set-up the figure modules share: panels that stack on a phone, and lines told apart without colour."""

__all__ = ["MARKS", "panels", "marked_styles", "log_lines"]

MARKS = ("o-", "s--", "^:")  # marker and dash differ too, so no line is known by its colour alone


def panels(fig, theme, count):
    """`count` axes of `fig`: side by side in the wide layout, stacked in the narrow one."""
    return fig.subplots(count, 1) if theme.narrow else fig.subplots(1, count)


def marked_styles(theme):
    """(format, colour) of the first three lines of a plot: gradient, value, then accent."""
    return tuple(zip(MARKS, (theme.grad, theme.value, theme.accent)))


def log_lines(ax, theme, xs, series):
    """Each (ys, label) of `series` over `xs` on a log y axis, styled in order by marked_styles."""
    styles = marked_styles(theme)
    if len(series) > len(styles):
        raise ValueError(f"log_lines styles at most {len(styles)} lines, got {len(series)}")
    for (ys, label), (style, color) in zip(series, styles):
        ax.semilogy(xs, ys, style, color=color, label=label)
