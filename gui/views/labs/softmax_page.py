"""Lab 1b, chapters 3.5 and 4.2: softmax of editable scores with a temperature (and the
overflow that the max shift prevents, with large scores), and cross-entropy against mean
squared error as the probability given to the target moves.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from engine.functions import (
    losses_against_target_probability,
    softmax_with_temperature,
    softmax_without_shift,
)
from gui.actions.export import Table
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS, LabPlot

TARGET_PROBABILITIES = np.linspace(0.01, 1.0, 199)
DEFAULT_SCORES = "0.3, 2.9, 4.0"  # the book's softmax example
LARGE_SCORES = "1010, 1000, 990"  # the book's overflow example
TEMPERATURE_STEPS = 0.05  # slider units
MAXIMUM_CLASSES = 20


def parse_scores(text: str) -> np.ndarray:
    """'0.3, 2.9, 4.0' -> array; ValueError with a message for anything else."""
    parts = [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]
    try:
        scores = np.array([float(part) for part in parts])
    except ValueError:
        raise ValueError("scores: numbers separated by commas, e.g. 0.3, 2.9, 4.0") from None
    if not 2 <= len(scores) <= MAXIMUM_CLASSES or not np.isfinite(scores).all():
        raise ValueError(f"scores: between 2 and {MAXIMUM_CLASSES} finite numbers")
    return scores


class SoftmaxPage(QWidget):
    """For tests: ``scores_edit`` (or ``set_scores``), ``large_button``,
    ``temperature_slider``, ``target_spin``, ``p_line`` (drag it), and the readouts
    ``overflow_label`` and ``loss_readout``."""

    title = "Softmax and losses"

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self._scores = parse_scores(DEFAULT_SCORES)
        self.softmax_plot = LabPlot("Softmax of the scores", "class", "probability", style,
                                    stem="labs-softmax", table=self.softmax_table)
        self.loss_plot = LabPlot("Loss as the target's probability moves",
                                 "probability given to the target", "loss", style,
                                 stem="labs-losses", table=self.loss_table)
        self.p_line = pg.InfiniteLine(0.6, angle=90, movable=True, bounds=(0.01, 1.0))
        self.loss_plot.item.addItem(self.p_line)
        self.loss_markers = pg.ScatterPlotItem()
        self.loss_plot.item.addItem(self.loss_markers)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.6)
        self.softmax_plot.item.addItem(self.bars)
        self.softmax_plot.item.setYRange(0, 1, padding=0.02)
        self.scores_edit = QLineEdit(DEFAULT_SCORES)
        self.scores_edit.setToolTip("The scores a (before softmax), separated by commas.")
        self.large_button = QPushButton("Large scores")
        self.large_button.setToolTip(f"{LARGE_SCORES}: exp() overflows without the max shift.")
        self.temperature_slider = QSlider(Qt.Orientation.Horizontal)
        self.temperature_slider.setRange(2, 100)  # T = 0.1 ... 5.0
        self.temperature_slider.setValue(20)
        self.temperature_slider.setToolTip("softmax(a / T): large T flattens, small T sharpens.")
        self.temperature_label = QLabel()
        self.overflow_label = QLabel()
        self.overflow_label.setWordWrap(True)
        self.target_spin = QSpinBox()
        self.target_spin.setToolTip("The correct class t (one-hot) for the losses.")
        self.loss_readout = QLabel()
        self.loss_readout.setWordWrap(True)
        self._build_layout()
        self.p_line.sigPositionChanged.connect(self._on_p_moved)
        self.scores_edit.editingFinished.connect(self._on_scores_edited)
        self.large_button.clicked.connect(self._on_large_scores)
        self.temperature_slider.valueChanged.connect(self._on_softmax_changed)
        self.target_spin.valueChanged.connect(self._on_softmax_changed)
        self.apply_style(style)

    def _build_layout(self) -> None:
        """The plots over their controls (hidden in plots only) over their readouts."""
        self.softmax_controls, softmax_form = QWidget(), QFormLayout()
        softmax_form.setContentsMargins(0, 0, 0, 0)
        softmax_form.addRow("Scores", self.scores_edit)
        softmax_form.addRow("", self.large_button)
        softmax_form.addRow(self.temperature_label, self.temperature_slider)
        self.softmax_controls.setLayout(softmax_form)
        self.loss_controls, loss_form = QWidget(), QFormLayout()
        loss_form.setContentsMargins(0, 0, 0, 0)
        loss_form.addRow("Target class", self.target_spin)
        self.loss_controls.setLayout(loss_form)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.softmax_plot, 0, 0)
        grid.addWidget(self.softmax_controls, 1, 0)
        grid.addWidget(self.overflow_label, 2, 0)
        grid.addWidget(self.loss_plot, 0, 1)
        grid.addWidget(self.loss_controls, 1, 1)
        grid.addWidget(self.loss_readout, 2, 1)
        grid.setRowStretch(0, 1)
        for column in range(2):
            grid.setColumnStretch(column, 1)

    def plots(self) -> list[LabPlot]:
        return [self.softmax_plot, self.loss_plot]

    def controls(self) -> list[QWidget]:
        return [self.softmax_controls, self.loss_controls]

    def softmax_table(self) -> Table:
        """Each class's score and the probability its bar shows, at the temperature."""
        temperature = self.temperature()
        heights = self.bars.opts["height"]
        rows = [(index, float(score), temperature, float(heights[index]))
                for index, score in enumerate(self._scores)]
        return Table(("class", "score", "temperature", "probability"), rows)

    def loss_table(self) -> Table:
        """Both loss curves, one row per probability given to the target."""
        p, ce = self._ce_curve.getOriginalDataset()
        _, mse = self._mse_curve.getOriginalDataset()
        rows = [(float(p[i]), float(ce[i]), float(mse[i])) for i in range(len(p))]
        return Table(("target_probability", "cross_entropy", "mean_squared_error"), rows)

    def temperature(self) -> float:
        return self.temperature_slider.value() * TEMPERATURE_STEPS

    def set_scores(self, text: str) -> None:
        self.scores_edit.setText(text)
        self._on_scores_edited()

    def apply_style(self, style: Style) -> None:
        self.style = style
        for plot in self.plots():
            plot.apply_style(style)
        self._draw_loss_curves(style)
        fg = style.theme.foreground
        self.p_line.setPen(style.pen(fg, 1.5, dashed=True))
        self.p_line.setHoverPen(style.pen(SERIES_COLOURS[4], 3.0))
        self.bars.setOpts(brush=SERIES_COLOURS[1], pen=style.pen(fg, 1.0))
        self.loss_markers.setSize(style.point_size(0.9))
        self._on_softmax_changed()

    def _draw_loss_curves(self, style: Style) -> None:
        loss_item = self.loss_plot.item
        for curve in [c for c in loss_item.listDataItems()]:
            loss_item.removeItem(curve)
        self._ce_curve = pg.PlotDataItem(pen=style.pen(SERIES_COLOURS[0], 2.5))
        self._mse_curve = pg.PlotDataItem(pen=style.pen(SERIES_COLOURS[2], 2.5))
        loss_item.addItem(self._ce_curve)
        loss_item.addItem(self._mse_curve)
        self.loss_plot.set_legend([("cross-entropy", SERIES_COLOURS[0], False),
                                   ("mean squared error", SERIES_COLOURS[2], False)])

    @Slot()
    def _on_scores_edited(self) -> None:
        try:
            self._scores = parse_scores(self.scores_edit.text())
        except ValueError as error:
            self.overflow_label.setText(
                f"<span style='color:{self.style.theme.error}'>{error}</span>")
            return
        self._on_softmax_changed()

    @Slot()
    def _on_large_scores(self) -> None:
        self.set_scores(LARGE_SCORES)

    @Slot()
    def _on_softmax_changed(self) -> None:
        temperature = self.temperature()
        self.temperature_label.setText(f"Temperature T = {temperature:.2f}")
        y = softmax_with_temperature(self._scores, temperature)
        classes = len(y)
        self.bars.setOpts(x=np.arange(classes), height=y, width=0.6)
        self.softmax_plot.item.setXRange(-0.6, classes - 0.4, padding=0)
        self.softmax_plot.item.getAxis("bottom").setTicks(
            [[(index, str(index)) for index in range(classes)]])
        naive = softmax_without_shift(self._scores, temperature)
        shown = ", ".join(f"{value:.3f}" for value in y)
        shown = f"softmax = [{shown}] at T = {temperature:.2f}"
        if np.isfinite(naive).all():
            note = f"{shown}; without the max shift: the same."
        else:
            note = (f"{shown}<br><span style='color:{self.style.theme.error}'>"
                    f"Without the max shift: exp(a / T) for a = {self._scores.max():g} "
                    f"overflows, the result is [{', '.join(str(v) for v in naive)}].</span>")
        self.overflow_label.setText(note)
        self.target_spin.blockSignals(True)
        self.target_spin.setRange(0, classes - 1)
        self.target_spin.blockSignals(False)
        ce, mse = losses_against_target_probability(TARGET_PROBABILITIES, classes)
        self._ce_curve.setData(TARGET_PROBABILITIES, ce)
        self._mse_curve.setData(TARGET_PROBABILITIES, mse)
        self.p_line.setValue(max(float(y[self.target_spin.value()]), 0.01))
        self._on_p_moved()

    @Slot()
    def _on_p_moved(self) -> None:
        p = float(self.p_line.value())
        classes = len(self._scores)
        ce, mse = losses_against_target_probability(np.array([p]), classes)
        self.loss_markers.setData(pos=[(p, ce[0]), (p, mse[0])],
                                  brush=[SERIES_COLOURS[0], SERIES_COLOURS[2]])
        self.loss_readout.setText(
            f"p(target) = {p:.3f}, the rest shared by the other {classes - 1}: cross-entropy "
            f"{ce[0]:.4f}, mean squared error {mse[0]:.4f}")
