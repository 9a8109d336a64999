"""Lab 3, chapter 4.4: the gradient of function_2 as a field of arrows pointing downhill
(figure 4-9), and gradient descent from a start the user drags, with the learning rate and the
number of steps (figure 4-10: too large diverges, too small stalls).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QSpinBox, QWidget

from engine.functions import function_2
from engine.numerical import gradient_descent, gradient_field
from engine.surfaces import SURFACES
from gui.actions.export import Table
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS, LabPlot
from gui.views.paths.contours import contour_lines
from gui.widgets.forms.log_spin_box import LogSpinBox

FIELD_POINTS = np.arange(-2, 2.5, 0.25)  # the book's grid for figure 4-9
ARROW_LENGTH = 0.22  # the longest arrow, in data units (just under the grid spacing)
HEAD_FRACTION = 0.35
DESCENT_RANGE = (-4.5, 4.5)
BOOK_START = (-3.0, 4.0)
LEFT_PLOT_AT = 50.0  # a point further out than this has diverged off the plot


def arrow_segments(xs: np.ndarray, ys: np.ndarray, u: np.ndarray,
                   v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Line segments (pairs of points, for connect='pairs') drawing an arrow (u, v) at every
    grid point, scaled so the longest has ARROW_LENGTH: drawing only, the values are the
    engine's gradient."""
    X, Y = np.meshgrid(xs, ys)
    longest = float(np.hypot(u, v).max()) or 1.0
    du, dv = u * ARROW_LENGTH / longest, v * ARROW_LENGTH / longest
    tip_x, tip_y = X + du, Y + dv
    segments = [(X, Y, tip_x, tip_y)]
    for angle in (0.5, -0.5):  # two strokes of the head, turned back from the tip
        cos, sin = np.cos(np.pi - angle), np.sin(np.pi - angle)
        hx = (du * cos - dv * sin) * HEAD_FRACTION
        hy = (du * sin + dv * cos) * HEAD_FRACTION
        segments.append((tip_x, tip_y, tip_x + hx, tip_y + hy))
    x = np.stack([np.stack([s[0], s[2]], axis=-1).ravel() for s in segments]).ravel()
    y = np.stack([np.stack([s[1], s[3]], axis=-1).ravel() for s in segments]).ravel()
    return x, y


class GradientPage(QWidget):
    """For tests: ``start_target`` (drag the start), ``lr_spin``, ``steps_spin``,
    ``path()`` (the descent's points) and ``readout``."""

    title = "Gradient"

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.field_plot = LabPlot("−∇f of f(x₀, x₁) = x₀² + x₁² (figure 4-9)", "x₀", "x₁", style,
                                  stem="labs-gradient-field", table=self.field_table)
        self.descent_plot = LabPlot("Gradient descent on f (figure 4-10)", "x₀", "x₁", style,
                                    stem="labs-gradient-descent", table=self.descent_table)
        for plot in (self.field_plot, self.descent_plot):
            plot.item.setAspectLocked(True)
            plot.item.getViewBox().setMouseEnabled(False, False)
        self.arrows = pg.PlotCurveItem(connect="pairs")
        self.field_plot.item.addItem(self.arrows)
        self.field_plot.item.setRange(xRange=(-2.3, 2.3), yRange=(-2.3, 2.3), padding=0)
        self._gradient = gradient_field(function_2, FIELD_POINTS, FIELD_POINTS)
        dx, dy = self._gradient
        self._arrow_data = arrow_segments(FIELD_POINTS, FIELD_POINTS, -dx, -dy)
        self.contours = pg.PlotCurveItem(connect="finite")
        bowl = SURFACES["bowl"]
        xs, ys, z = bowl.grid(120, DESCENT_RANGE, DESCENT_RANGE)
        self._contour_data = contour_lines(xs, ys, z, np.array([1, 2, 4, 8, 12, 16, 20, 25]))
        self.path_curve = pg.PlotDataItem()
        self.start_target = pg.TargetItem(BOOK_START, movable=True)
        for item in (self.contours, self.path_curve, self.start_target):
            self.descent_plot.item.addItem(item)
        self.descent_plot.item.setRange(xRange=DESCENT_RANGE, yRange=DESCENT_RANGE, padding=0)
        self.lr_spin = LogSpinBox(1e-4, 10.0, 0.1)
        self.lr_spin.setToolTip("Learning rate: 0.1 converges, 10 diverges, 1e-4 stalls.")
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, 100)
        self.steps_spin.setValue(20)
        self.steps_spin.setToolTip("Number of gradient-descent steps.")
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self._path = np.empty((0, 2))
        self._build_layout()
        self.start_target.sigPositionChanged.connect(self._recompute)
        self.lr_spin.valueChanged.connect(self._recompute)
        self.steps_spin.valueChanged.connect(self._recompute)
        self.apply_style(style)

    def _build_layout(self) -> None:
        self.descent_controls, form = QWidget(), QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Learning rate", self.lr_spin)
        form.addRow("Steps", self.steps_spin)
        self.descent_controls.setLayout(form)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.field_plot, 0, 0)
        grid.addWidget(self.descent_plot, 0, 1)
        grid.addWidget(self.descent_controls, 1, 1)
        grid.addWidget(self.readout, 2, 1)
        grid.setRowStretch(0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def plots(self) -> list[LabPlot]:
        return [self.field_plot, self.descent_plot]

    def controls(self) -> list[QWidget]:
        return [self.descent_controls]

    def field_table(self) -> Table:
        """−∇f at every grid point: the arrows' directions before scaling them to fit."""
        dx, dy = self._gradient
        rows = [(float(x0), float(x1), float(-dx[i, j]), float(-dy[i, j]))
                for i, x1 in enumerate(FIELD_POINTS) for j, x0 in enumerate(FIELD_POINTS)]
        return Table(("x0", "x1", "minus_df_dx0", "minus_df_dx1"), rows)

    def descent_table(self) -> Table:
        """The points of the path drawn (up to where it leaves the plot), with f there."""
        x0, x1 = self.path_curve.getOriginalDataset()
        rows = [(step, float(a), float(b), float(function_2(np.array([a, b]))))
                for step, (a, b) in enumerate(zip(x0, x1, strict=True))]
        return Table(("step", "x0", "x1", "f"), rows)

    def path(self) -> np.ndarray:
        return self._path.copy()

    def set_start(self, point: tuple[float, float]) -> None:
        self.start_target.setPos(*point)

    def apply_style(self, style: Style) -> None:
        self.style = style
        fg = style.theme.foreground
        for plot in self.plots():
            plot.apply_style(style)
        self.arrows.setData(*self._arrow_data, pen=style.pen(SERIES_COLOURS[1], 1.5))
        self.contours.setData(*self._contour_data, pen=style.pen(fg, 1.0, alpha=0.35))
        self.path_curve.setPen(style.pen(SERIES_COLOURS[0], 2.0))
        self.path_curve.setSymbol("o")
        self.path_curve.setSymbolSize(style.point_size(0.6))
        self.path_curve.setSymbolBrush(SERIES_COLOURS[0])
        self.start_target.setPen(style.pen(SERIES_COLOURS[4], 2.5))
        self.descent_plot.set_note("Drag the target to move the start.")
        self._recompute()

    @Slot()
    def _recompute(self) -> None:
        position = self.start_target.pos()
        start = np.array([position.x(), position.y()])
        lr, steps = self.lr_spin.value(), self.steps_spin.value()
        final, history = gradient_descent(function_2, start, lr=lr, step_num=steps)
        self._path = history
        outside = np.flatnonzero(np.abs(history).max(axis=1) > LEFT_PLOT_AT)
        shown = history if not len(outside) else history[: outside[0] + 1]
        self.path_curve.setData(shown[:, 0], shown[:, 1])
        f_start, f_end = function_2(start), function_2(final)
        if f_end > f_start:
            verdict = (f"<span style='color:{self.style.theme.error}'>diverges: "
                       "the learning rate is too large</span>")
        elif f_end > 0.5 * f_start:
            verdict = "barely moves: the learning rate is too small"
        else:
            verdict = "descends toward the minimum at (0, 0)"
        self.readout.setText(
            f"From ({start[0]:.2f}, {start[1]:.2f}), lr {lr:g}, {steps} steps: x = "
            f"({final[0]:.4g}, {final[1]:.4g}), f = {f_end:.4g}; {verdict}.")
