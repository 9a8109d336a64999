"""Run colours of a comparison: the Okabe-Ito palette, told apart with any colour vision.

The first six (the most a hand-built comparison holds) read on the dark and the light theme;
more runs cycle through all eight and switch to dashed lines.
"""

from __future__ import annotations

from html import escape

RUN_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
               "#999999")


def run_colour(index: int) -> str:
    return RUN_COLOURS[index % len(RUN_COLOURS)]


HISTORY_ORDER = ("#009e73", "#cc79a7", "#d55e00", "#e69f00", "#0072b2", "#56b4e9", "#f0e442",
                 "#999999")
"""Okabe-Ito again, in the order finished runs take them over the Training tab's plots."""


def history_colour(index: int, theme) -> str:
    """The colour of the ``index``-th ticked finished run: one the current run's curves on
    ``theme`` (its loss and accuracy colours) do not use, so the two never look alike."""
    taken = {colour.lower() for colour in (theme.raw_loss, theme.smooth_loss, theme.train_acc,
                                           theme.test_acc)}
    free = [colour for colour in HISTORY_ORDER if colour not in taken]
    return free[index % len(free)]


def run_dashed(index: int) -> bool:
    """Runs past the eighth repeat a colour, so they are dashed."""
    return (index // len(RUN_COLOURS)) % 2 == 1


def legend_html(labels: list[str], marks: list[str] | None = None) -> str:
    """'<swatch> label' for each run, in its colour, for a QLabel above the plots (a legend
    inside a plot would cover the curves)."""
    items = []
    for index, label in enumerate(labels):
        mark = marks[index] if marks else ""
        swatch = "&#9473;&#9473;" if not run_dashed(index) else "&#9476;&#9476;"
        items.append(f'<span style="color:{run_colour(index)}; font-weight:bold">{swatch}</span>'
                     f"&nbsp;{escape(label)}{escape(mark)}")
    return "&nbsp;&nbsp;&nbsp; ".join(items)


def fixed_axes(plot) -> None:
    """No SI prefix on the axes: pyqtgraph re-renders an axis label's HTML whenever the range
    crosses a prefix step, which on live plots is most frames."""
    for name in ("left", "bottom"):
        plot.getAxis(name).enableAutoSIPrefix(False)
