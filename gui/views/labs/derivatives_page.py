"""Lab 2, chapter 4.2: the numerical derivative as a tangent (figure 4-7), and why h = 1e-4
with central differences: the error against h on log-log axes, in float32 and float64.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.numerical import (
    DIFFERENCE_PRECISIONS,
    DIFFERENTIATION_EXAMPLES,
    difference_errors,
    finite_difference,
    numerical_diff,
    tangent_line,
)
from gui.actions.export import Table
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS, LabPlot

STEP_SIZES = np.logspace(-20, 0, 161)
BOOK_H = 1e-4
TINY_H = 1e-50
SAMPLES = 400
ERROR_SERIES = {("forward", "float32"): (SERIES_COLOURS[0], True),
                ("central", "float32"): (SERIES_COLOURS[1], True),
                ("forward", "float64"): (SERIES_COLOURS[0], False),
                ("central", "float64"): (SERIES_COLOURS[1], False)}
"""Colour per method, dashed for float32."""


class DerivativesPage(QWidget):
    """For tests: ``function_combo``, ``x_line`` (the point of the tangent), ``h_line`` (the
    step, in log10 units as the axes are logarithmic), ``tangent_readout``, ``h_readout``."""

    title = "Derivatives"

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.tangent_plot = LabPlot("f(x) and its tangent from the numerical derivative",
                                    "x", "f(x)", style, stem="labs-derivative-tangent",
                                    table=self.tangent_table)
        self.error_plot = LabPlot("Error of the difference quotient against h",
                                  "h", "|numerical − exact|", style,
                                  stem="labs-derivative-error", table=self.error_table)
        self.error_plot.item.setLogMode(True, True)
        self.error_plot.set_note("Right: truncation error (∝ h forward, ∝ h² central). Left: "
                                 "rounding (∝ 1/h). Drag the dashed line to pick h.")
        self.function_combo = QComboBox()
        self.function_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.function_combo.setMinimumContentsLength(12)
        for name, example in DIFFERENTIATION_EXAMPLES.items():
            self.function_combo.addItem(example.label, name)
        self.function_combo.setToolTip("The function to differentiate.")
        self.x_line = pg.InfiniteLine(5.0, angle=90, movable=True)
        self.h_line = pg.InfiniteLine(math.log10(BOOK_H), angle=90, movable=True,
                                      bounds=(-20, 0))
        self.tangent_plot.item.addItem(self.x_line)
        self.error_plot.item.addItem(self.h_line)
        self.function_curve = pg.PlotDataItem()
        self.tangent_curve = pg.PlotDataItem()
        self.point = pg.ScatterPlotItem()
        for item in (self.function_curve, self.tangent_curve, self.point):
            self.tangent_plot.item.addItem(item)
        self.error_curves = {key: pg.PlotDataItem(connect="finite") for key in ERROR_SERIES}
        for curve in self.error_curves.values():
            self.error_plot.item.addItem(curve)
        self.tangent_readout = QLabel()
        self.tangent_readout.setWordWrap(True)
        self.h_readout = QLabel()
        self.h_readout.setWordWrap(True)
        self._errors: dict = {}
        self.chooser = QWidget()
        chooser = QHBoxLayout(self.chooser)
        chooser.setContentsMargins(0, 0, 0, 0)
        chooser.addWidget(QLabel("Function"))
        chooser.addWidget(self.function_combo, 1)
        columns = QHBoxLayout()  # not a grid: each plot takes what its texts leave
        for plot, readout in ((self.tangent_plot, self.tangent_readout),
                              (self.error_plot, self.h_readout)):
            column = QVBoxLayout()
            column.addWidget(plot, 1)
            column.addWidget(readout)
            columns.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chooser)
        layout.addLayout(columns, 1)
        self.function_combo.currentIndexChanged.connect(self._on_function_chosen)
        self.x_line.sigPositionChanged.connect(self._on_x_moved)
        self.h_line.sigPositionChanged.connect(self._on_h_moved)
        self.apply_style(style)
        self._on_function_chosen()

    def plots(self) -> list[LabPlot]:
        return [self.tangent_plot, self.error_plot]

    def controls(self) -> list[QWidget]:
        return [self.chooser]

    def tangent_table(self) -> Table:
        """f and the tangent as drawn, one row per x."""
        xs, f = self.function_curve.getOriginalDataset()
        _, tangent = self.tangent_curve.getOriginalDataset()
        rows = [(float(xs[i]), float(f[i]), float(tangent[i])) for i in range(len(xs))]
        return Table(("x", "f", "tangent"), rows)

    def error_table(self) -> Table:
        """|numerical - exact| per h for each method and precision ('nan' where it is exactly
        0, which the log axes cannot draw)."""
        header = ("h", *(f"{method}_{precision}" for method, precision in ERROR_SERIES))
        columns = [self._errors[key] for key in ERROR_SERIES]
        rows = [(float(h), *(float(column[i]) for column in columns))
                for i, h in enumerate(STEP_SIZES)]
        return Table(header, rows)

    def example(self):
        return DIFFERENTIATION_EXAMPLES[self.function_combo.currentData()]

    def step_size(self) -> float:
        return 10.0 ** float(self.h_line.value())

    def apply_style(self, style: Style) -> None:
        self.style = style
        for plot in self.plots():
            plot.apply_style(style)
        fg = style.theme.foreground
        for line in (self.x_line, self.h_line):
            line.setPen(style.pen(fg, 1.5, dashed=True))
            line.setHoverPen(style.pen(SERIES_COLOURS[4], 3.0))
        self.function_curve.setPen(style.pen(SERIES_COLOURS[1], 2.5))
        self.tangent_curve.setPen(style.pen(SERIES_COLOURS[4], 2.0))
        self.point.setSize(style.point_size(1.0))
        self.point.setBrush(SERIES_COLOURS[4])
        for key, (colour, dashed) in ERROR_SERIES.items():
            self.error_curves[key].setPen(style.pen(colour, 2.0, dashed=dashed))
        self.error_plot.set_legend([(f"{method}, {precision}", colour, dashed)
                                    for (method, precision), (colour, dashed)
                                    in ERROR_SERIES.items()])
        self.tangent_plot.set_legend([("f", SERIES_COLOURS[1], False),
                                      ("tangent", SERIES_COLOURS[4], False)])

    @Slot()
    def _on_function_chosen(self) -> None:
        example = self.example()
        low, high = example.x_range
        xs = np.linspace(low, high, SAMPLES)
        self.function_curve.setData(xs, example.f(xs))
        self.x_line.setBounds((low, high))
        self.tangent_plot.item.setXRange(low, high, padding=0.02)
        x = 5.0 if self.function_combo.currentData() == "function_1" else (low + high) / 4
        if self.x_line.value() == x:
            self._on_x_moved()
        else:
            self.x_line.setValue(x)  # _on_x_moved follows

    @Slot()
    def _on_x_moved(self) -> None:
        example = self.example()
        x = float(self.x_line.value())
        xs = np.linspace(*example.x_range, SAMPLES)
        self.tangent_curve.setData(xs, tangent_line(example.f, x)(xs))
        self.point.setData(pos=[(x, float(example.f(x)))])
        slope = numerical_diff(example.f, x)
        tiny = finite_difference(example.f, x, TINY_H, "forward", np.float32)
        parabola = self.function_combo.currentData() == "function_1"
        self.tangent_readout.setText(
            f"x = {x:.4g}: numerical derivative (central, h = 1e-4) = {slope!r}, "
            f"exact {float(example.derivative(x))!r}.<br>h = 1e-50 is "
            f"{float(np.float32(TINY_H))} in float32: the forward difference is {tiny!r}."
            + ("<br>function_1 is a parabola: central differences make no truncation error on "
               "it. Try sin for the V." if parabola else ""))
        self._errors = difference_errors(example.f, example.derivative, x, STEP_SIZES)
        for key, curve in self.error_curves.items():
            curve.setData(STEP_SIZES, self._errors[key])
        self._on_h_moved()

    @Slot()
    def _on_h_moved(self) -> None:
        example = self.example()
        x, h = float(self.x_line.value()), self.step_size()
        values = {key: finite_difference(example.f, x, h, key[0], DIFFERENCE_PRECISIONS[key[1]])
                  for key in ERROR_SERIES}
        self.h_readout.setText(
            f"h = {h:.2g}, float32 / float64: forward {values['forward', 'float32']:.10g} / "
            f"{values['forward', 'float64']:.10g}, central {values['central', 'float32']:.10g}"
            f" / {values['central', 'float64']:.10g}.")
