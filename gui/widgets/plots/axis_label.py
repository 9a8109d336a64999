"""An axis label that stays within its axis: the longest of a few wordings that fits.

pyqtgraph centres a vertical axis's label on the axis, so a label longer than a short plot
runs past the axis's ends: at 2x text on a 1024x768 screen "accuracy (%)" is ~170 px on a
~110 px accuracy axis, and ran up through the legend and out of the plot. FittedAxisLabel
shows the longest wording that fits the axis's length ("accuracy (%)", "acc. (%)", "%") and
chooses again whenever the axis is resized or restyled (call ``fit()`` after a restyle).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

LABEL_MARGIN = 8
"""The label item's own margins around its text (QGraphicsTextItem's document margin)."""


class FittedAxisLabel:
    """Shows on ``axis`` the first of ``wordings`` (longest first) whose text fits along it;
    the last one when none does."""

    def __init__(self, axis: pg.AxisItem, *wordings: str) -> None:
        self._axis = axis
        self._wordings = wordings
        axis.geometryChanged.connect(self.fit)
        self.fit()

    @property
    def text(self) -> str:
        """The wording on the axis now."""
        return self._axis.labelText

    def fit(self) -> None:
        axis = self._axis
        metrics = QFontMetrics(axis.label.font())
        vertical = axis.orientation in ("left", "right")
        room = (axis.height() if vertical else axis.width()) - LABEL_MARGIN
        text = next((wording for wording in self._wordings
                     if metrics.horizontalAdvance(wording) <= room), self._wordings[-1])
        if text != axis.labelText or not axis.label.isVisible():
            axis.setLabel(text)
            axis.resizeEvent()  # pyqtgraph centres the label only when the axis resizes
