"""Lab 1, chapter 3.2: the step, sigmoid, ReLU and tanh functions with their derivatives on
one plot, and a draggable x that reads off every value and slope there.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.functions import ACTIVATION_FUNCTIONS
from gui.actions.export import Table
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS, LabPlot

ACTIVATION_XS = np.linspace(-5, 5, 401)


class ActivationsPage(QWidget):
    """For tests: ``x_line`` (drag it, or ``set_x``) and ``readout``."""

    title = "Activations"

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.plot = LabPlot("Activation functions (solid) and their derivatives (dashed)",
                            "x", "y", style, stem="labs-activations", table=self.table)
        self.plot.item.setRange(xRange=(-5, 5), yRange=(-1.2, 1.6), padding=0.02)
        self.x_line = pg.InfiniteLine(0.5, angle=90, movable=True, bounds=(-5, 5))
        self.plot.item.addItem(self.x_line)
        self.markers = pg.ScatterPlotItem()
        self.plot.item.addItem(self.markers)
        self.curves: list[pg.PlotDataItem] = []
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self.plot.set_note("Drag the dashed line. The step function's slope is 0 wherever it "
                           "is defined: no gradient can flow through it, which is why networks "
                           "use sigmoid, tanh or ReLU.")
        self.x_line.sigPositionChanged.connect(self._on_x_moved)
        self.apply_style(style)

    def plots(self) -> list[LabPlot]:
        return [self.plot]

    def controls(self) -> list[QWidget]:
        """Nothing to hide in plots only but the plot's note: the x is dragged on the plot."""
        return []

    def table(self) -> Table:
        """x and every curve drawn: each function and its derivative."""
        columns = [curve.getOriginalDataset()[1] for curve in self.curves]
        header = ["x"]
        for name in ACTIVATION_FUNCTIONS:
            header += [name, f"{name}_derivative"]
        rows = [(float(x), *(float(column[i]) for column in columns))
                for i, x in enumerate(ACTIVATION_XS)]
        return Table(tuple(header), rows)

    def set_x(self, x: float) -> None:
        self.x_line.setValue(x)

    def apply_style(self, style: Style) -> None:
        self.style = style
        self.plot.apply_style(style)
        self.x_line.setPen(style.pen(style.theme.foreground, 1.5, dashed=True))
        self.x_line.setHoverPen(style.pen(SERIES_COLOURS[4], 3.0))
        self.markers.setSize(style.point_size(0.9))
        for curve in self.curves:
            self.plot.item.removeItem(curve)
        self.curves = []
        legend = []
        for (name, (f, df)), colour in zip(ACTIVATION_FUNCTIONS.items(), SERIES_COLOURS,
                                           strict=False):
            for values, width, dashed in ((f(ACTIVATION_XS), 2.5, False),
                                          (df(ACTIVATION_XS), 1.5, True)):
                curve = pg.PlotDataItem(ACTIVATION_XS, values,
                                        pen=style.pen(colour, width, dashed=dashed))
                self.plot.item.addItem(curve)
                self.curves.append(curve)
            legend.append((name, colour, False))
        self.plot.set_legend(legend)
        self._on_x_moved()

    @Slot()
    def _on_x_moved(self) -> None:
        x = float(self.x_line.value())
        points, brushes, parts = [], [], []
        for (name, (f, df)), colour in zip(ACTIVATION_FUNCTIONS.items(), SERIES_COLOURS,
                                           strict=False):
            value, slope = float(f(np.array([x]))[0]), float(df(np.array([x]))[0])
            points.append((x, value))
            brushes.append(colour)
            parts.append(f"{name} {value:.3f} (slope {slope:.3f})")
        self.markers.setData(pos=points, brush=brushes)
        self.readout.setText(f"x = {x:.2f}:  " + ",  ".join(parts))
