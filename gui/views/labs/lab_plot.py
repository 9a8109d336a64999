"""The plot every lab page draws on: a titled pyqtgraph plot with its legend as a line of
coloured text below it (a legend inside the plot would sit on the curves as they move), and
the theme and font scale of the dashboard.

Pages keep their items and restyle them in ``apply_style``; the plot only styles its frame.
Each plot names its file for File > Export (``stem``, e.g. 'labs-derivative-error') and gives
the data it draws as a table, so its PNG comes with a CSV of the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from gui.actions.export import PlotKind, Table
from gui.style import Style, style_plot
from gui.widgets.plots.data_height import MIN_DATA_HEIGHT
from gui.widgets.plots.tick_grid import TickGrid

SERIES_COLOURS = ("#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#d55e00", "#0072b2")
"""Okabe-Ito colours that read on both the dark and the light theme (no yellow)."""


def lab_export_kind(title: str, stem: str, table: Callable[[], Table]) -> PlotKind:
    """How File > Export writes a lab figure: the whole widget (title and legend included,
    as on screen) as <stem>.png and ``table()`` as <stem>.csv."""
    return PlotKind(title, stem, lambda widget: widget, lambda widget: table())


class LabPlot(QWidget):
    """``plot`` (a pg.PlotWidget) under a bold title, over a legend line.

    ``set_legend([(text, colour, dashed), ...])`` writes the legend; ``set_note(html)`` a line
    of explanation under it (hidden in plots-only mode). ``table()`` returns the data drawn,
    for the CSV exported as ``stem``.csv.
    """

    def __init__(self, title: str, x_label: str, y_label: str, style: Style,
                 parent: QWidget | None = None, *, stem: str, table: Callable[[], Table],
                 grid: bool = True) -> None:
        super().__init__(parent)
        self.style = style
        self.stem = stem
        self.table = table
        self.plain_title = title
        self._notes_shown = True
        self.title = QLabel(f"<b>{title}</b>")
        self.title.setWordWrap(True)
        self.plot = pg.PlotWidget()
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setLabels(bottom=x_label, left=y_label)
        # the page scrolls rather than squash the data: at 2x text on a 1024x768 screen the
        # activations page left its plot a 0 px strip under the text
        item.getViewBox().sigResized.connect(self._keep_data_height)
        # pyqtgraph's showGrid costs ~20 ms a paint on log axes; TickGrid well under 1 ms
        self.grid = TickGrid(item) if grid else None
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self._legend_entries: list[tuple[str, str, bool]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.note)
        self.apply_style(style)

    @property
    def item(self) -> pg.PlotItem:
        return self.plot.getPlotItem()

    @Slot()
    def _keep_data_height(self) -> None:
        """The plot's minimum height: its axes as laid out now plus MIN_DATA_HEIGHT."""
        chrome = self.plot.height() - round(self.item.getViewBox().height())
        if self.plot.minimumHeight() != chrome + MIN_DATA_HEIGHT:
            self.plot.setMinimumHeight(chrome + MIN_DATA_HEIGHT)

    def set_legend(self, entries: list[tuple[str, str, bool]]) -> None:
        """One entry per series: its text, its '#rrggbb' colour and whether it is dashed."""
        self._legend_entries = list(entries)
        parts = []
        for text, colour, dashed in entries:
            sample = "- - -" if dashed else "━━"
            parts.append(f"<span style='color:{colour}'><b>{sample}</b></span>&nbsp;{text}")
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join(parts))
        self.legend.setVisible(bool(entries))

    def set_note(self, html: str) -> None:
        self.note.setText(html)
        self.note.setVisible(bool(html) and self._notes_shown)

    def set_controls_visible(self, visible: bool) -> None:
        """Plots only (F10) hides the note (how to use the plot); title and legend stay."""
        self._notes_shown = visible
        self.note.setVisible(visible and bool(self.note.text()))

    def export_kind(self) -> PlotKind:
        return lab_export_kind(self.plain_title, self.stem, self.table)

    def apply_style(self, style: Style) -> None:
        self.style = style
        self.plot.setBackground(style.theme.background)
        style_plot(self.item, style)
        if self.grid is not None:
            self.grid.apply_style(style)


def plot_with_controls(page: QWidget, plot: QWidget, below: list[QWidget],
                       controls: list[QWidget | QLayout], stretch: tuple[int, int]) -> QWidget:
    """Lay ``page`` out as ``plot`` with the readouts ``below`` it on the left and a column
    of ``controls`` (top-aligned) on the right, their widths in the ratio ``stretch``.
    Returns the controls' column: plots only (F10) hides it and the plot takes the width."""
    left = QVBoxLayout()
    left.addWidget(plot, 1)
    for widget in below:
        left.addWidget(widget)
    column = QWidget()
    column_layout = QVBoxLayout(column)
    column_layout.setContentsMargins(0, 0, 0, 0)
    for control in controls:
        if isinstance(control, QLayout):
            column_layout.addLayout(control)
        else:
            column_layout.addWidget(control)
    column_layout.addStretch(1)
    layout = QHBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(left, stretch[0])
    layout.addWidget(column, stretch[1])
    return column
