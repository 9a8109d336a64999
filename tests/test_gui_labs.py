"""The Labs tab: every page opens, reacts to its controls as a user would drive them, and
draws the book's numbers without NumPy warnings."""

from __future__ import annotations

import math

import numpy as np
import pytest
from labs_helpers import drag, drag_line, is_drawn, labs_view  # noqa: F401 - fixture 'labs'
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.graph import chain_weights
from gui.main_window import MainWindow
from gui.style import THEMES, Style
from gui.views.labs.lab_plot import LabPlot

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


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


def test_a_page_is_built_when_first_shown_and_keeps_plots_only_mode(qtbot, gui_settings):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    labs = window.tabs.widget(window.tabs.keys().index("labs"))
    built = labs.findChildren(LabPlot)
    assert built == []  # nothing of the Labs tab at start-up
    window.tabs.select("labs")
    assert labs.current_page().title == "Activations" and labs.current_page().isVisible()
    assert len(labs.findChildren(LabPlot)) == 1  # only the page on screen
    window.set_plots_only(True)
    page = labs.show_page("Derivatives")  # built now, under F10
    assert all(not widget.isVisible() for widget in page.controls())
    assert labs.page_list.currentItem().text() == "Derivatives" and page.isVisible()


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
    assert "the forward difference is 0.0" in page.tangent_readout.text()
    page.function_combo.setCurrentIndex(page.function_combo.findData("sin"))
    x = float(page.x_line.value())
    assert f"exact {math.cos(x)!r}" in page.tangent_readout.text()
    for curve in page.error_curves.values():
        _, errors = curve.getOriginalDataset()
        assert np.isfinite(errors).sum() > 50
    page.h_line.setValue(-8)
    assert page.h_readout.text().startswith("h = 1e-08")


def test_derivatives_follow_the_dragged_point_and_step(qtbot, labs):
    page = labs.show_page("Derivatives")
    qtbot.wait(20)
    drag_line(qtbot, page.tangent_plot, page.x_line, 12.0)
    x = float(page.x_line.value())
    assert x == pytest.approx(12.0, abs=0.3) and x != 5.0
    xs, ys = page.tangent_curve.getOriginalDataset()
    assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(0.02 * x + 0.1, rel=1e-6)
    assert f"x = {x:.4g}:" in page.tangent_readout.text()
    drag_line(qtbot, page.error_plot, page.h_line, -8.0)  # log10 units: h = 1e-8
    h = page.step_size()
    assert h == pytest.approx(1e-8, rel=0.5)
    x64, h64 = np.float64(x), np.float64(h)
    forward = (0.01 * (x64 + h64) ** 2 + 0.1 * (x64 + h64) - (0.01 * x64**2 + 0.1 * x64)) / h64
    assert f"/ {forward:.10g}, central" in page.h_readout.text()  # float32 / float64


def test_softmax_loss_follows_the_dragged_probability(qtbot, labs):
    page = labs.show_page("Softmax and losses")
    qtbot.wait(20)
    drag_line(qtbot, page.loss_plot, page.p_line, 0.3)
    p = float(page.p_line.value())
    assert p == pytest.approx(0.3, abs=0.03)
    assert f"cross-entropy {-math.log(p + 1e-7):.4f}" in page.loss_readout.text()
    page.scores_edit.selectAll()
    QTest.keyClicks(page.scores_edit, "1, 2, 3, 4")
    QTest.keyClick(page.scores_edit, Qt.Key.Key_Return)
    e = np.exp(np.array([1.0, 2.0, 3.0, 4.0]) - 4.0)
    assert page.bars.opts["height"] == pytest.approx(e / e.sum())
    assert page.target_spin.maximum() == 3


def test_gradient_descent_starts_where_the_target_is_dragged(qtbot, labs):
    page = labs.show_page("Gradient")
    qtbot.wait(20)
    drag(qtbot, page.descent_plot, (-3.0, 4.0), (2.0, -1.0))
    start = page.path()[0]
    assert start == pytest.approx([2.0, -1.0], abs=0.2) and start[0] > 0
    assert page.path()[-1] == pytest.approx(start * 0.8**20, abs=1e-6)
    page.steps_spin.selectAll()
    QTest.keyClicks(page.steps_spin, "3")
    QTest.keyClick(page.steps_spin, Qt.Key.Key_Return)
    assert len(page.path()) == 4 and "3 steps" in page.readout.text()


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
            if isinstance(plot, LabPlot):  # the layer chain's boxes follow the window colours
                assert plot.plot.backgroundBrush().color().name() == THEMES["light"].background
    activations = labs.show_page("Activations")
    assert activations.curves[0].opts["pen"].widthF() == pytest.approx(2.5 * 1.5)
    qtbot.waitUntil(lambda: is_drawn(activations))  # painted once its new layout settled



def overlapping_texts(page) -> list[tuple[str, str]]:
    """Pairs of the graph's numbers and labels whose boxes on screen overlap."""
    shown = [text for text in page._texts if text.toPlainText()]
    boxes = [text.mapRectToScene(text.boundingRect()).adjusted(1, 1, -1, -1) for text in shown]
    return [(shown[i].toPlainText(), shown[j].toPlainText())
            for i in range(len(shown)) for j in range(i + 1, len(shown))
            if boxes[i].intersects(boxes[j])]


def test_the_graphs_numbers_keep_apart_in_presentation_beside_the_controls(qtbot, labs):
    labs.resize(760, 520)  # a projector's page beside the setup panel, at the large font
    labs.apply_style(Style(THEMES["light"], 1.5))
    page = labs.show_page("Computational graph")
    for graph in ("apples", "apples-oranges"):
        page.graph_combo.setCurrentIndex(page.graph_combo.findData(graph))
        qtbot.wait(50)
        while page.backward_button.isEnabled():
            QTest.mouseClick(page.backward_button, Qt.MouseButton.LeftButton)
        assert overlapping_texts(page) == [], graph
