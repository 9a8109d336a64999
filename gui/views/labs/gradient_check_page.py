"""Lab 5, chapter 5.7.3: the gradient check. Backprop against central differences for every
parameter array of the setup panel's network (narrowed to a few units, in float64), with the
time each took: why backprop exists. Computed off the GUI thread (BackgroundJob).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QSizePolicy, QWidget

from engine.config import ConfigError, RunConfig
from engine.gradient_check import GradientCheck, check_network, gradient_check
from gui.actions.export import Table
from gui.run.background import BackgroundJob
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS, LabPlot, plot_with_controls
from gui.widgets.plots.axis_label import FittedAxisLabel

PASS_THRESHOLD = 1e-6
FLOOR = 1e-16  # float64 rounding: errors below it are drawn at it (log10 of 0 is -inf)


def check_of(config: RunConfig) -> Callable[[], GradientCheck]:
    """The work for the background thread: build the small network, check it."""
    network = config.network

    def run() -> GradientCheck:
        net = check_network(
            network.hidden_sizes, activation=network.activation,
            weight_init=network.weight_init,
            init_std=network.init_std if network.weight_init == "std" else None,
            dropout=network.dropout, batchnorm=network.batchnorm,
            weight_decay=network.weight_decay, seed=config.train.seed)
        return gradient_check(net, seed=config.train.seed)

    return run


def named_ticks(names: list[str], pixels_per_bar: float,
                metrics: QFontMetrics) -> list[list[tuple[int, str]]]:
    """A tick under every bar, named where the names fit side by side, else every k-th one
    (at 2x text on a 1024 px screen 'W1b1W2b2...' ran together)."""
    widest = max((metrics.horizontalAdvance(name) for name in names), default=0)
    step = max(1, math.ceil((widest + metrics.averageCharWidth()) / max(pixels_per_bar, 1.0)))
    return [[(i, name) for i, name in enumerate(names) if i % step == 0],
            [(i, "") for i in range(len(names)) if i % step]]


class GradientCheckPage(QWidget):
    """For tests: ``check_button``, ``run_check()``, ``result()`` (the last GradientCheck or
    None), ``bars``, ``table`` and ``message``. A check runs each time the page is shown."""

    title = "Gradient check"

    def __init__(self, style: Style, run_config: Callable[[], RunConfig],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self._run_config = run_config
        self._result: GradientCheck | None = None
        self._job: BackgroundJob | None = None
        self.plot = LabPlot("Relative error of backprop against numerical gradients",
                            "parameter array", "log₁₀ relative error", style,
                            stem="labs-gradient-check", table=self.errors_table)
        self.plot.item.getViewBox().setMouseEnabled(False, False)
        self.plot.item.getViewBox().sigResized.connect(self._name_bars)
        self._y_label = FittedAxisLabel(self.plot.item.getAxis("left"),
                                        "log₁₀ relative error", "log₁₀ error")
        self.bars = pg.BarGraphItem(x=[], y0=[], height=[], width=0.6)
        self.threshold = pg.InfiniteLine(np.log10(PASS_THRESHOLD), angle=0)
        self.plot.item.addItem(self.bars)
        self.plot.item.addItem(self.threshold)
        self.check_button = QPushButton("Check gradients")
        self.check_button.setToolTip("Compare backprop with central differences again.")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = QLabel()
        self.table.setWordWrap(True)
        # the table scrolls sideways rather than take the plot's width (at 2x text on a
        # 1024 px screen it left the bars 160 px and cut the axis labels)
        self._table_area = QScrollArea()
        self._table_area.setWidget(self.table)
        self._table_area.setWidgetResizable(True)
        self._table_area.setFrameShape(QFrame.Shape.NoFrame)
        self._table_area.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.controls_column = plot_with_controls(
            self, self.plot, [self.message], [self.check_button, self._table_area], (3, 2))
        self.check_button.clicked.connect(self.run_check)
        self.apply_style(style)

    def plots(self) -> list[LabPlot]:
        return [self.plot]

    def controls(self) -> list[QWidget]:
        """The button and the per-array table: plots only keeps the bars and the verdict."""
        return [self.controls_column]

    def errors_table(self) -> Table:
        """Each array's relative error (the bars) and its numerical gradient's time; no rows
        before the first check has finished."""
        arrays = self._result.parameters if self._result is not None else []
        rows = [(p.name, "x".join(map(str, p.shape)), p.relative_error,
                 p.numerical_seconds * 1e3) for p in arrays]
        return Table(("array", "shape", "relative_error", "numerical_ms"), rows)

    def result(self) -> GradientCheck | None:
        return self._result

    def is_running(self) -> bool:
        return self._job is not None and self._job.is_running()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.run_check()

    @Slot()
    def run_check(self) -> None:
        """Start a check of the current setup's network unless one is running."""
        if self.is_running():
            return
        try:
            config = self._run_config()
        except ConfigError as error:
            self.message.setText(f"<span style='color:{self.style.theme.error}'>The setup "
                                 f"panel has a bad value: {error}</span>")
            return
        self.message.setText("Checking…")
        self.check_button.setEnabled(False)
        self._job = BackgroundJob(check_of(config))  # no parent: it outlives a closed page
        self._job.succeeded.connect(self._on_checked)
        self._job.failed.connect(self._on_failed)
        self._job.start()

    def apply_style(self, style: Style) -> None:
        self.style = style
        self.plot.apply_style(style)
        self._y_label.fit()  # the new font's width
        self.threshold.setPen(style.pen(style.theme.error, 1.5, dashed=True))
        self.bars.setOpts(brush=SERIES_COLOURS[2], pen=style.pen(style.theme.foreground, 1.0))
        self.plot.set_legend([("relative error", SERIES_COLOURS[2], False),
                              (f"pass below {PASS_THRESHOLD:g}", style.theme.error, True)])
        if self._result is not None:
            self._show(self._result)

    @Slot(object)
    def _on_checked(self, check: GradientCheck) -> None:
        self._result = check
        self.check_button.setEnabled(True)
        self._show(check)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.message.setText(f"<span style='color:{self.style.theme.error}'>{message}</span>")

    @Slot()
    def _name_bars(self) -> None:
        """The arrays' names under the bars, as many as fit the plot's width now."""
        if self._result is None:
            return
        names = [p.name for p in self._result.parameters]
        view_box = self.plot.item.getViewBox()
        axis = self.plot.item.getAxis("bottom")
        metrics = QFontMetrics(axis.style.get("tickFont") or self.font())
        axis.setTicks(named_ticks(names, view_box.width() / (len(names) + 0.5), metrics))

    def _show(self, check: GradientCheck) -> None:
        errors = np.array([p.relative_error for p in check.parameters])
        heights = np.log10(np.maximum(errors, FLOOR)) - np.log10(FLOOR)
        x = np.arange(len(errors))
        self.bars.setOpts(x=x, y0=np.full(len(x), np.log10(FLOOR)), height=heights)
        self._name_bars()
        self.plot.item.setRange(xRange=(-0.6, len(x) - 0.4), yRange=(np.log10(FLOOR), 0),
                                padding=0.03)  # room for the top tick's label
        passed = check.worst_error() < PASS_THRESHOLD
        verdict = ("all arrays pass" if passed
                   else f"<span style='color:{self.style.theme.error}'>some arrays fail"
                        "</span>")
        self.message.setText(
            f"Network {check.network} (the setup's, narrowed), float64, a batch of 3: "
            f"worst error {check.worst_error():.1e}, {verdict}.<br>Backprop: "
            f"{check.backprop_seconds * 1e3:.2f} ms for all arrays; numerical: "
            f"{check.numerical_seconds() * 1e3:.1f} ms, {check.slowdown():.0f}× slower.")
        rows = "".join(
            f"<tr><td>{p.name}</td><td>{'×'.join(map(str, p.shape))}</td>"
            f"<td align='right'>{p.relative_error:.1e}</td>"
            f"<td align='right'>{p.numerical_seconds * 1e3:.2f} ms</td></tr>"
            for p in check.parameters)
        self.table.setText("<table cellspacing='6'><tr><th>array</th><th>shape</th>"
                           f"<th>error</th><th>numerical</th></tr>{rows}</table>")
        # every row shows; only the width scrolls
        scroll_bar = self._table_area.horizontalScrollBar().sizeHint().height()
        self._table_area.setFixedHeight(self.table.sizeHint().height() + scroll_bar)
