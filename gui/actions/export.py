"""Figures for slides: every plot of a view as a high-DPI PNG plus its data as CSV, or one
plot straight to the clipboard.

A plot is drawn at EXPORT_SCALE times its on-screen size (text and curves are redrawn at that
resolution, not upscaled). The CSV holds exactly what the plot draws:

    loss.csv             iteration, loss, smoothed_loss            one row per iteration
    accuracy.csv         epoch, train_accuracy_percent, test_...   one row per epoch
    activations.csv      layer, values, bin_start, bin_end, count  one row per bin per layer
    optimizer-paths.csv  optimizer, step, x, y                     one row per step per path
    decision-boundary.csv  x, y, predicted, p_<class>...           one row per grid point
    labs-<page>-<plot>.csv the data of that lab figure             (its own export_kind())

Files are written atomically (temp file + os.replace) and an existing file is replaced only
when ``ask_overwrite(path)`` agrees.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from gui.dialogs.prompts import OverwriteForBatch, Prompts
from gui.views.paths.surface_plot import SurfacePlot
from gui.views.playground.boundary_plot import BoundaryPlot
from gui.views.training.accuracy_plot import AccuracyPlot
from gui.views.training.histogram_plot import HistogramPlot
from gui.views.training.loss_plot import LossPlot
from gui.widgets.plots.plot_panel import PlotPanel

EXPORT_SCALE = 2.0

Rows = list[tuple[object, ...]]


@dataclass(frozen=True)
class Table:
    """A CSV's content: column names and rows of numbers or words."""

    header: tuple[str, ...]
    rows: Rows

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(tuple(_cell(value) for value in row) for row in self.rows)
        return out.getvalue()


def _cell(value: object) -> object:
    """Floats with 9 significant digits (float32 losses print without noise digits)."""
    if isinstance(value, float | np.floating):
        return format(float(value), ".9g")
    return value


def _curve_data(curve: pg.PlotDataItem) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) as last given to the curve (before downsampling or clipping to the view)."""
    x, y = curve.getOriginalDataset()
    return (np.empty(0), np.empty(0)) if x is None else (x, y)


def loss_table(plot: LossPlot) -> Table:
    iterations, losses = _curve_data(plot.raw_curve)
    _, smoothed = _curve_data(plot.smooth_curve)
    rows = [(int(i), loss, smooth) for i, loss, smooth in zip(iterations, losses, smoothed,
                                                               strict=True)]
    return Table(("iteration", "loss", "smoothed_loss"), rows)


def accuracy_table(plot: AccuracyPlot) -> Table:
    """One row per measured epoch; 'nan' where a data set has no test samples (the plot
    leaves those points out)."""
    train, test = 100.0 * plot.train_accuracies, 100.0 * plot.test_accuracies
    rows = [(epoch, float(a), float(b)) for epoch, (a, b) in enumerate(zip(train, test,
                                                                            strict=True))]
    return Table(("epoch", "train_accuracy_percent", "test_accuracy_percent"), rows)


def histogram_table(plot: HistogramPlot) -> Table:
    """The counts of every bin of the histograms on screen (the plot draws percentages)."""
    values = "pre-activation" if plot.showing_pre_activations else "activation"
    rows: Rows = []
    for layer, histogram in enumerate(plot.shown_histograms(), start=1):
        edges, counts = histogram.edges, histogram.counts
        rows += [(layer, values, edges[i], edges[i + 1], int(counts[i]))
                 for i in range(len(counts))]
    return Table(("layer", "values", "bin_start", "bin_end", "count"), rows)


def path_table(plot: SurfacePlot) -> Table:
    rows: Rows = []
    for name, curve in plot.curves.items():
        x, y = _curve_data(curve)
        rows += [(name, step, x[step], y[step]) for step in range(len(x))]
    return Table(("optimizer", "step", "x", "y"), rows)


def boundary_table(plot: BoundaryPlot) -> Table:
    """The decision grid the plot shows: every grid point, its predicted class and the
    probabilities (empty before the first frame)."""
    names = plot.class_names
    header = ("x", "y", "predicted", *(f"p_{name}" for name in names))
    frame = plot.frame
    if frame is None:
        return Table(header, [])
    x0, x1, y0, y1 = frame.extent
    n = frame.probabilities.shape[0]
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    rows: Rows = []
    for row, y in enumerate(ys):
        for column, x in enumerate(xs):
            cell = frame.probabilities[row, column]
            rows.append((x, y, names[int(cell.argmax())], *cell))
    return Table(header, rows)


@dataclass(frozen=True)
class PlotKind:
    """How to export one kind of plot: its name in menus, file name stem, widget to draw, data."""

    title: str
    stem: str
    picture: Callable[[QWidget], QWidget]
    table: Callable[[QWidget], Table]


def _view_of(plot: PlotPanel) -> QWidget:
    """A dashboard plot's pyqtgraph view, without the header's title and controls."""
    return plot.view


PLOT_KINDS: dict[type, PlotKind] = {
    LossPlot: PlotKind("Loss", "loss", _view_of, loss_table),
    AccuracyPlot: PlotKind("Accuracy", "accuracy", _view_of, accuracy_table),
    HistogramPlot: PlotKind("Activation histograms", "activations", _view_of, histogram_table),
    SurfacePlot: PlotKind("Optimizer paths", "optimizer-paths", lambda plot: plot, path_table),
    BoundaryPlot: PlotKind("Decision boundary", "decision-boundary", _view_of, boundary_table),
}


def plot_kind(plot: QWidget) -> PlotKind:
    """The plot's own ``export_kind()`` when it has one (one class drawing many figures, as
    the Labs tab's LabPlot, names each), else its class's entry of PLOT_KINDS."""
    own_kind = getattr(plot, "export_kind", None)
    if own_kind is not None:
        return own_kind()
    for kind in type(plot).__mro__:
        if kind in PLOT_KINDS:
            return PLOT_KINDS[kind]
    raise TypeError(f"{type(plot).__name__} cannot be exported; known: "
                    f"{', '.join(kind.__name__ for kind in PLOT_KINDS)}")


def render_plot(plot: QWidget, scale: float = EXPORT_SCALE) -> QImage:
    """The plot drawn at ``scale`` times its size in logical pixels, as a QImage."""
    if isinstance(plot, PlotPanel):
        plot.refresh()  # draw data that arrived since the last redraw timer tick
    widget = plot_kind(plot).picture(plot)
    pixmap = QPixmap(widget.size() * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    QWidget.render(widget, pixmap)  # QGraphicsView.render would draw the scene only
    return pixmap.toImage()


def copy_plot(plot: QWidget) -> None:
    """Put the plot on the clipboard as a high-DPI image, ready to paste into a slide."""
    QApplication.clipboard().setImage(render_plot(plot))


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # existing files the user kept


def export_plots(plots: Iterable[QWidget], folder: Path,
                 ask_overwrite: Callable[[Path], bool]) -> ExportResult:
    """Write <stem>.png and <stem>.csv for every plot into ``folder``."""
    result = ExportResult()
    for plot in plots:
        kind = plot_kind(plot)
        contents = {folder / f"{kind.stem}.png": _png_bytes(render_plot(plot)),
                    folder / f"{kind.stem}.csv": kind.table(plot).to_csv().encode("utf-8")}
        for path, content in contents.items():
            if path.exists() and not ask_overwrite(path):
                result.skipped.append(path)
                continue
            atomic_write_bytes(path, content)
            result.written.append(path)
    return result


def _png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the plot could not be encoded as PNG")
    return bytes(buffer.data())


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write through a temp file in the same folder and a rename: never a half-written file."""
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


class ExportActions(QObject):
    """File menu entries: "Export plots and data..." and a "Copy plot to clipboard" submenu.

    ``current_plots()`` returns the plots of the view on screen, in the order to list them.
    ``exported(str)`` says what was written, for the status bar.
    """

    exported = Signal(str)

    def __init__(self, parent: QWidget, current_plots: Callable[[], Sequence[QWidget]],
                 prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self._current_plots = current_plots
        self.prompts = prompts if prompts is not None else Prompts(parent)
        self.export_action = QAction("&Export plots and data...", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip("Save every plot of this view as a PNG and its data "
                                       "as CSV, in a folder you choose.")
        self.export_action.triggered.connect(self.export)
        self.copy_menu = QMenu("&Copy plot to clipboard", parent)
        self.copy_menu.setToolTipsVisible(True)
        self.copy_menu.aboutToShow.connect(self._fill_copy_menu)
        self.copy_menu.triggered.connect(self._on_copy_triggered)

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.export_action)
        menu.addMenu(self.copy_menu)

    @Slot()
    def export(self) -> ExportResult | None:
        folder = self.prompts.folder("Export plots and data to folder")
        if folder is None:
            return None
        overwrite = OverwriteForBatch(self.prompts.parent)
        try:
            result = export_plots(self._current_plots(), folder, overwrite)
        except OSError as error:
            self.prompts.show_error("Export failed", f"Cannot write to {folder}: {error}")
            return None
        kept = f", kept {len(result.skipped)} existing" if result.skipped else ""
        self.exported.emit(f"Exported {len(result.written)} files to {folder}{kept}.")
        return result

    @Slot()
    def _fill_copy_menu(self) -> None:
        """List the plots of the view on screen now (the view may have changed)."""
        self.copy_menu.clear()
        for plot in self._current_plots():
            action = self.copy_menu.addAction(plot_kind(plot).title)
            action.setToolTip("Copy this plot as an image, to paste into a slide.")
            action.setData(plot)

    @Slot(QAction)
    def _on_copy_triggered(self, action: QAction) -> None:
        plot = action.data()
        copy_plot(plot)
        self.exported.emit(f"Copied the {plot_kind(plot).title.lower()} plot to the clipboard.")
