"""The Labs tab: every page opens, reacts to its controls as a user would drive them, and
draws the book's numbers without NumPy warnings."""

from __future__ import annotations

import gc
import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.config import RunConfig
from engine.graph import chain_weights
from gui.main_window import MainWindow
from gui.style import THEMES, Style
from gui.views.labs.labs_view import LabsView

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


@pytest.fixture
def labs(qtbot):
    """A shown LabsView, deleted (and its Python garbage collected) when the test ends, so
    no pyqtgraph cycle of it is left for the collector to clear during a later paint."""
    view = LabsView(Style(), RunConfig)
    view.resize(1000, 650)
    view.show()
    qtbot.waitExposed(view)
    yield view
    running = view.pages()[-1].is_running
    qtbot.waitUntil(lambda: not running(), timeout=10_000)
    view.close()
    view.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def drag_line(qtbot, plot, line, to_x: float) -> None:
    """Press on a vertical InfiniteLine, move the mouse to x = to_x (data units), release."""
    view_box = plot.item.getViewBox()
    y = sum(view_box.viewRange()[1]) / 2

    def widget_point(x: float):
        scene = view_box.mapViewToScene(QPointF(x, y))
        return plot.plot.mapFromScene(scene)

    viewport = plot.plot.viewport()
    start = widget_point(float(line.value()))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for fraction in (0.25, 0.5, 0.75, 1.0):
        x = float(line.value()) + (to_x - float(line.value())) * fraction
        QTest.mouseMove(viewport, widget_point(x))
        qtbot.wait(5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=widget_point(to_x))


def is_drawn(widget) -> bool:
    """The widget paints more than one colour (a plot with data, not a blank area)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint32, image.width() * image.height())
    return len(np.unique(pixels)) > 10


def test_the_window_has_a_labs_tab_that_leaves_the_run_keys_alone(qtbot, gui_settings):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    assert "labs" in window.tabs.keys()
    assert window.tabs.select("labs")
    view = window.tabs.currentWidget()
    assert view.title == "Labs" and not window.tabs.showing_run_view()
    assert [page.title for page in view.pages()] == [
        "Activations", "Softmax and losses", "Derivatives", "Gradient", "Computational graph",
        "Layer chain", "Gradient check"]


def test_every_page_opens_and_draws(qtbot, labs):
    for index, page in enumerate(labs.pages()):
        labs.page_list.setCurrentRow(index)
        assert labs.current_page() is page
        qtbot.wait(20)
        assert is_drawn(page), page.title
    qtbot.waitUntil(lambda: labs.pages()[-1].result() is not None, timeout=10_000)


def test_activations_follow_the_dragged_x(qtbot, labs):
    page = labs.show_page("Activations")
    qtbot.wait(20)
    drag_line(qtbot, page.plot, page.x_line, 2.0)
    x = float(page.x_line.value())
    assert x == pytest.approx(2.0, abs=0.15)  # a mouse drag lands within a pixel or two
    sigmoid = 1 / (1 + math.exp(-x))
    assert f"x = {x:.2f}" in page.readout.text()
    assert f"sigmoid {sigmoid:.3f} (slope {sigmoid * (1 - sigmoid):.3f})" in page.readout.text()
    page.set_x(-1.0)
    assert "relu 0.000 (slope 0.000)" in page.readout.text()
    assert f"tanh {math.tanh(-1):.3f}" in page.readout.text()


def test_softmax_bars_temperature_and_the_overflow_of_large_scores(qtbot, labs):
    page = labs.show_page("Softmax and losses")
    heights = page.bars.opts["height"]
    exp = np.exp(np.array([0.3, 2.9, 4.0]) - 4.0)
    assert heights == pytest.approx(exp / exp.sum())  # the book: [0.018, 0.245, 0.737]
    assert "without the max shift: the same" in page.overflow_label.text()
    page.temperature_slider.setValue(100)  # T = 5 flattens the distribution
    assert max(page.bars.opts["height"]) < 0.5
    page.temperature_slider.setValue(20)
    QTest.mouseClick(page.large_button, Qt.MouseButton.LeftButton)
    assert page.scores_edit.text() == "1010, 1000, 990"
    assert "overflows" in page.overflow_label.text() and "nan" in page.overflow_label.text()
    exp = np.exp(np.array([1010.0, 1000.0, 990.0]) - 1010.0)
    assert page.bars.opts["height"] == pytest.approx(exp / exp.sum())
    page.scores_edit.setText("one, two")
    QTest.keyClick(page.scores_edit, Qt.Key.Key_Return)
    assert "numbers separated by commas" in page.overflow_label.text()
    assert page.bars.opts["height"] == pytest.approx(exp / exp.sum())  # unchanged


def test_losses_follow_the_target_probability(qtbot, labs):
    page = labs.show_page("Softmax and losses")
    page.target_spin.setValue(1)
    assert page.p_line.value() == pytest.approx(page.bars.opts["height"][1])
    page.p_line.setValue(0.6)  # three classes: the other two share 0.4
    text = page.loss_readout.text()
    assert f"cross-entropy {-math.log(0.6 + 1e-7):.4f}" in text
    assert f"mean squared error {0.5 * (0.4**2 + 2 * 0.2**2):.4f}" in text


def test_derivatives_show_the_books_value_and_the_rounding_of_tiny_h(qtbot, labs):
    page = labs.show_page("Derivatives")
    assert page.x_line.value() == 5.0
    assert "0.1999999999990898" in page.tangent_readout.text()
    page.x_line.setValue(10.0)
    assert "0.2999999999986347" in page.tangent_readout.text()
    slope_points = page.tangent_curve.getOriginalDataset()
    xs, ys = slope_points
    assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(0.3, rel=1e-6)
    assert "the forward difference is 0.0" in page.h_readout.text()
    page.function_combo.setCurrentIndex(page.function_combo.findData("sin"))
    x = float(page.x_line.value())
    assert f"exact {math.cos(x)!r}" in page.tangent_readout.text()
    for curve in page.error_curves.values():
        _, errors = curve.getOriginalDataset()
        assert np.isfinite(errors).sum() > 50
    page.h_line.setValue(-8)
    assert page.h_readout.text().startswith("h = 1e-08")


def test_gradient_descent_from_a_moved_start(qtbot, labs):
    page = labs.show_page("Gradient")
    assert page.path()[-1] == pytest.approx(np.array([-3.0, 4.0]) * 0.8**20, abs=1e-6)
    page.set_start((2.0, -1.0))
    page.steps_spin.setValue(5)
    assert page.path()[0] == pytest.approx([2.0, -1.0])
    assert page.path()[-1] == pytest.approx(np.array([2.0, -1.0]) * 0.8**5, abs=1e-6)
    page.lr_spin.setValue(10.0)
    assert "diverges" in page.readout.text()
    page.lr_spin.setValue(1e-4)
    assert "barely moves" in page.readout.text()
    _, segments_y = page.arrows.getData()
    assert len(segments_y) == 3 * 2 * 18 * 18  # shaft and two head strokes per grid point


def test_the_shopping_graph_steps_backward_and_takes_new_inputs(qtbot, labs):
    page = labs.show_page("Computational graph")
    assert page.edge_texts()["price"] == ("220", "")
    for _ in range(3):
        QTest.mouseClick(page.backward_button, Qt.MouseButton.LeftButton)
    texts = page.edge_texts()
    assert texts["apple"] == ("100", "2.2") and texts["apple_num"] == ("2", "110")
    assert texts["tax"] == ("1.1", "200") and not page.backward_button.isEnabled()
    page.input_spins["apple_num"].setValue(3)
    assert page.edge_texts()["price"][0] == "330"
    assert page.edge_texts()["apple"][1] == "3.3"
    page.graph_combo.setCurrentIndex(page.graph_combo.findData("apples-oranges"))
    assert page.edge_texts()["price"] == ("715", "")
    QTest.mouseClick(page.backward_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.backward_button, Qt.MouseButton.LeftButton)
    texts = page.edge_texts()
    assert texts["tax"][1] == "650" and texts["orange"][1] == ""  # not reached yet
    while page.backward_button.isEnabled():
        QTest.mouseClick(page.backward_button, Qt.MouseButton.LeftButton)
    texts = page.edge_texts()
    assert [texts[n][1] for n in ("apple_num", "apple", "orange", "orange_num", "tax")] == [
        "110", "2.2", "3.3", "165", "650"]
    QTest.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert page.edge_texts()["tax"][1] == ""


def test_the_layer_chain_shows_what_the_layers_compute(qtbot, labs):
    page = labs.show_page("Layer chain")
    page.x_spins[0].setValue(1.5)
    page.target_spin.setValue(2)
    affine, sigmoid, loss = page.stages()
    W, b = chain_weights(page.seed_spin.value())
    a = np.array([[1.5, 0.9]]) @ W + b
    z = 1 / (1 + np.exp(-a))
    y = np.exp(z) / np.exp(z).sum()
    assert affine.forward == pytest.approx(a) and sigmoid.forward == pytest.approx(z)
    assert loss.forward[0] == pytest.approx(-np.log(y[0, 2]))
    assert f"{-np.log(y[0, 2]):.3f}" in page.boxes["SoftmaxWithLoss"].text()
    assert f"{z[0, 0]:.3f}" in page.boxes["Sigmoid"].text()


def test_gradient_check_of_the_default_network_is_below_1e_6(qtbot, labs):
    page = labs.show_page("Gradient check")
    qtbot.waitUntil(lambda: page.result() is not None, timeout=10_000)
    check = page.result()
    assert check.worst_error() < 1e-6
    assert [p.name for p in check.parameters] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert len(page.bars.opts["x"]) == 6 and "all arrays pass" in page.message.text()
    assert "W2" in page.table.text() and "slower" in page.message.text()


def test_gradient_check_follows_the_setup_panel(qtbot, gui_settings):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.setup.network.hidden_edit.setText("20")
    window.setup.network.batchnorm_box.setChecked(True)
    window.tabs.select("labs")
    window.show()
    page = window.tabs.currentWidget().show_page("Gradient check")
    qtbot.waitUntil(lambda: page.result() is not None and not page.is_running(),
                    timeout=10_000)
    names = [p.name for p in page.result().parameters]
    assert names == ["W1", "b1", "gamma1", "beta1", "W2", "b2"]
    assert page.result().worst_error() < 1e-6
    window.setup.network.hidden_edit.setText("ten")
    QTest.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert "bad value" in page.message.text()


def test_presentation_style_reaches_every_page(qtbot, labs):
    labs.apply_style(Style(THEMES["light"], 1.5))
    for page in labs.pages():
        labs.show_page(page.title)  # each page takes the style as it is shown
        for plot in page.plots():
            assert plot.plot.backgroundBrush().color().name() == THEMES["light"].background
    activations = labs.show_page("Activations")
    assert activations.curves[0].opts["pen"].widthF() == pytest.approx(2.5 * 1.5)
    qtbot.waitUntil(lambda: is_drawn(activations))  # painted once its new layout settled

