"""Export of plots: high-DPI PNGs, CSVs of exactly the drawn data, no silent overwrite."""

import csv

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from engine.paths import book_comparison
from engine.surfaces import SURFACES
from engine.trainer import LayerHistogram
from gui.actions.export import EXPORT_SCALE, copy_plot, export_plots
from gui.style import Style
from gui.views.paths.surface_plot import SurfacePlot
from gui.views.training.accuracy_plot import AccuracyPlot
from gui.views.training.histogram_plot import HistogramPlot
from gui.views.training.loss_plot import LossPlot

PLOT_SIZE = (320, 200)


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(*PLOT_SIZE)
    widget.show()
    QApplication.processEvents()
    return widget


@pytest.fixture
def loss_plot(qtbot):
    plot = _shown(qtbot, LossPlot(Style(), smoothing=0.5))
    plot.add_losses(np.array([2.0, 1.0, 0.5], dtype=np.float32), offset=0)
    return plot


@pytest.fixture
def plots(qtbot, loss_plot):
    accuracy = _shown(qtbot, AccuracyPlot(Style()))
    accuracy.set_accuracies(np.array([0.1, 0.5]), np.array([0.125, 0.25]))
    histograms = _shown(qtbot, HistogramPlot(Style()))
    histograms.set_layers(2, "relu")
    edges = np.array([0.0, 0.5, 1.0])
    histograms.set_histograms([LayerHistogram(np.array([3, 1]), edges),
                               LayerHistogram(np.array([0, 4]), edges)], None)
    paths = _shown(qtbot, SurfacePlot(Style()))
    paths.set_surface(SURFACES["book"])
    comparison = book_comparison(steps=3)
    paths.set_paths(comparison, {name: "#ff0000" for name in comparison},
                    {name: name for name in comparison})
    return [loss_plot, accuracy, histograms, paths]


def _rows(path):
    with path.open(newline="") as file:
        return list(csv.reader(file))


def _never(path):
    raise AssertionError(f"asked to overwrite {path}, but nothing existed")


def test_export_writes_a_png_of_twice_the_size_and_a_csv_per_plot(tmp_path, plots):
    result = export_plots(plots, tmp_path, _never)

    stems = ["loss", "accuracy", "activations", "optimizer-paths"]
    assert sorted(p.name for p in result.written) == sorted(
        f"{stem}.{ext}" for stem in stems for ext in ("png", "csv"))
    for stem in stems:
        image = QImage(str(tmp_path / f"{stem}.png"))
        assert not image.isNull()
        assert image.width() >= EXPORT_SCALE * PLOT_SIZE[0] * 0.8  # the view, minus the header
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert len(colours) > 2, f"{stem}.png is blank"
    assert list(tmp_path.glob(".*")) == []  # no temp files left


def test_png_is_the_plot_view_at_export_scale(tmp_path, loss_plot):
    export_plots([loss_plot], tmp_path, _never)
    image = QImage(str(tmp_path / "loss.png"))
    view = loss_plot.view
    assert (image.width(), image.height()) == (EXPORT_SCALE * view.width(),
                                               EXPORT_SCALE * view.height())


def test_csvs_hold_the_drawn_data(tmp_path, plots):
    export_plots(plots, tmp_path, _never)

    loss = _rows(tmp_path / "loss.csv")
    assert loss[0] == ["iteration", "loss", "smoothed_loss"]
    # smoothed, bias-corrected at weight 0.5: 1 / 0.5, 1 / 0.75, 0.75 / 0.875
    np.testing.assert_allclose([[float(v) for v in row] for row in loss[1:]], [
        [1, 2.0, 2.0], [2, 1.0, 4 / 3], [3, 0.5, 6 / 7]], rtol=1e-6)

    accuracy = _rows(tmp_path / "accuracy.csv")
    assert accuracy == [["epoch", "train_accuracy_percent", "test_accuracy_percent"],
                        ["0", "10", "12.5"], ["1", "50", "25"]]

    histograms = _rows(tmp_path / "activations.csv")
    assert histograms == [["layer", "values", "bin_start", "bin_end", "count"],
                          ["1", "activation", "0", "0.5", "3"],
                          ["1", "activation", "0.5", "1", "1"],
                          ["2", "activation", "0", "0.5", "0"],
                          ["2", "activation", "0.5", "1", "4"]]

    paths = _rows(tmp_path / "optimizer-paths.csv")
    assert paths[0] == ["optimizer", "step", "x", "y"]
    sgd = [row for row in paths[1:] if row[0] == "sgd"]
    assert [int(row[1]) for row in sgd] == [0, 1, 2, 3]
    assert [float(v) for v in sgd[1][2:]] == pytest.approx([-6.335, -1.8])


def test_refuses_to_overwrite_when_the_user_says_no(tmp_path, loss_plot):
    existing = tmp_path / "loss.csv"
    existing.write_text("keep me\n")
    asked = []

    def say_no(path):
        asked.append(path)
        return False

    result = export_plots([loss_plot], tmp_path, say_no)

    assert asked == [existing]
    assert existing.read_text() == "keep me\n"
    assert result.skipped == [existing]
    assert result.written == [tmp_path / "loss.png"]


def test_overwrites_when_the_user_agrees(tmp_path, loss_plot):
    existing = tmp_path / "loss.csv"
    existing.write_text("old\n")
    export_plots([loss_plot], tmp_path, lambda path: True)
    assert _rows(existing)[0] == ["iteration", "loss", "smoothed_loss"]


def test_copy_plot_puts_a_high_dpi_image_on_the_clipboard(loss_plot):
    QApplication.clipboard().clear()
    copy_plot(loss_plot)
    image = QApplication.clipboard().image()
    assert image.width() == EXPORT_SCALE * loss_plot.view.width()
