"""A legend outside the data: in a row of the plot's own layout, above or below the axes.

pyqtgraph's legend floats over the view box, where it covers whatever the data do there (the
accuracy lines of the spiral set, the Rosenbrock valley). A legend in the plot's layout takes
its own row, so it can never hide a curve, and it is part of every export of the plot.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

from gui.style import Style

TITLE_ROW = 0  # above the view box; PlotItem keeps this row for its (unused) title
BELOW_ROW = 4  # under the bottom axis
LABEL_RELATIVE = 0.85  # entries a little smaller than the axis labels: the data's room
MAX_HEIGHT_SHARE = 0.4
"""A legend taller than this share of its plot shrinks its text (SHRINK_STEPS): five entries
at 2x text on a 1024 px screen left the accuracy data a 20 px strip."""
DATA_SHARE = 0.4
"""Nor may the rows be taller than this share of the data area they leave: the accuracy
legend's three rows at 2x text on a 1024x768 screen were 111 px over 117 px of data."""
SHRINK_STEPS = (1.0, 0.8, 0.65, 0.5)
ROW_MARGIN = 2


class OutsideLegend(pg.LegendItem):
    """Entries in up to ``columns`` columns (fewer, in more rows, when the plot is narrow), in
    row ``row`` of ``plot``'s layout. It never makes the plot wider than its window."""

    def __init__(self, plot: pg.PlotItem, columns: int, row: int = TITLE_ROW) -> None:
        super().__init__(colCount=columns, frame=False, horSpacing=14)
        self._row = row
        self._max_columns = columns
        self._point_size = 0.0  # the entries' text size in the current style
        self._colour = "#000000"
        self._shrink = 1.0  # the share of that size they are drawn at now
        self.setMinimumWidth(0)  # the plot's layout must not grow to fit a long legend
        plot.getViewBox().sigResized.connect(self.fit_row)
        if row == TITLE_ROW:  # the legend takes the title's cell (these plots have no title)
            plot.layout.removeItem(plot.titleLabel)
        # across the whole plot, axes included: a narrow plot at large text fits its
        # entries in fewer rows, and the data keep their height (apply_style keeps the
        # left axis's label, which runs up past a short axis, clear of the entries)
        plot.layout.addItem(self, row, 0, 1, 3)

    def add(self, item: pg.GraphicsObject, label: str) -> None:
        self.addItem(item, label)
        for sample, _label in self.items:
            sample.setEnabled(False)  # a click on a sample would hide its curve
        self.fit_row()

    def apply_style(self, style: Style) -> None:
        self._point_size, self._colour = style.point_size(LABEL_RELATIVE), style.theme.foreground
        self.setLabelTextColor(self._colour)
        self._set_text_size(self._shrink, force=True)
        _left, _top, right, _bottom = self.layout.getContentsMargins()
        # little above and below: the row is the data's height (9 px each side by default)
        self.layout.setContentsMargins(QFontMetrics(style.font()).height() + 4, ROW_MARGIN,
                                       right, ROW_MARGIN)
        self.fit_row()

    def _set_text_size(self, shrink: float, *, force: bool = False) -> None:
        """Entries at ``shrink`` times the style's legend text size."""
        if (shrink == self._shrink and not force) or not self._point_size:
            return
        self._shrink = shrink
        size = f"{self._point_size * shrink:.0f}pt"
        self.setLabelTextSize(size)  # for entries added later
        for _sample, label in self.items:  # pyqtgraph keeps the old look of existing labels
            label.setText(label.text, size=size, color=self._colour)

    def fit_row(self) -> None:
        """As many columns as fit the data's width, and the height the rows then need; text
        a size smaller while the rows would take more than MAX_HEIGHT_SHARE of the plot or
        DATA_SHARE of the data's height."""
        plot = self.parentItem()  # the PlotItem whose layout holds the legend
        if plot is None:
            return
        # the data's height without the legend's row (the row's height as last set)
        data_and_row = plot.getViewBox().height() + self.height()
        for shrink in SHRINK_STEPS:
            self._set_text_size(shrink)
            columns = self._fitting_columns(plot.width())  # the legend's row spans the plot
            if columns != self.columnCount:
                self.setColumnCount(columns)
            self.layout.invalidate()
            height = self.layout.preferredHeight() if self.items else 0.0
            if (height <= MAX_HEIGHT_SHARE * plot.height()
                    and height <= DATA_SHARE * (data_and_row - height)):
                break
        plot.layout.setRowFixedHeight(self._row, height)

    def _fitting_columns(self, width: float) -> int:
        """The most columns (up to the maximum) whose widest entries fit in ``width``."""
        # the label's text, not the label item: the layout stretches that to its column;
        # each entry is two cells (sample, label), so two spacings per entry
        spacing = self.layout.horizontalSpacing()
        entries = [sample.boundingRect().width() + label.item.boundingRect().width()
                   + 2 * spacing for sample, label in self.items]
        left, _top, right, _bottom = self.layout.getContentsMargins()
        for columns in range(min(self._max_columns, len(entries)), 1, -1):
            widest = [max(entries[start::columns]) for start in range(columns)]
            if sum(widest) <= width - left - right:
                return columns
        return 1

    def updateSize(self) -> None:  # noqa: N802 - pyqtgraph's name
        """The plot's layout sizes the legend: pyqtgraph's own resizing would fight it."""
