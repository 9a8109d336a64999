"""The optimizer-path view: drawn curves match the engine, controls recompute them."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

from engine.optimizers import SGD, create_optimizer
from engine.paths import optimizer_path
from engine.surfaces import SURFACES
from gui.style import THEMES, Style
from gui.views.paths.paths_view import OptimizerPathsView
from gui.views.paths.surface_plot import SurfacePlot

BOOK = SURFACES["book"]


@pytest.fixture
def view(qtbot):
    widget = OptimizerPathsView()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drawn(view):
    """{optimizer name: (k, 2) points} of the path curves on the plot that have data."""
    curves = {}
    for name, curve in view.plot.curves.items():
        assert curve in view.plot.getPlotItem().listDataItems()
        x, y = curve.getData()
        if x is not None and len(x):
            curves[name] = np.column_stack([x, y])
    path_items = [item for item in view.plot.getPlotItem().listDataItems()
                  if isinstance(item, pg.PlotDataItem)]
    assert len(path_items) == len(view.plot.curves)
    return curves


def click_plot(qtbot, view, x, y):
    box = view.plot.getPlotItem().getViewBox()
    position = view.plot.mapFromScene(box.mapViewToScene(QPointF(x, y)))
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=position)


def test_one_curve_per_checked_optimizer_with_the_book_defaults(view):
    assert set(drawn(view)) == {"sgd", "momentum", "adagrad", "adam"}
    rates = {name: spin.value() for name, spin in view.lr_spins.items()}
    assert rates["sgd"] == 0.95 and rates["momentum"] == 0.1
    assert rates["adagrad"] == 1.5 and rates["adam"] == 0.3
    assert view.steps_spin.value() == 30
    assert view.start() == (-7.0, 2.0)


def test_the_sgd_curve_is_the_engines_path(view):
    expected = optimizer_path(BOOK, SGD(lr=0.95), (-7, 2), 30)
    np.testing.assert_allclose(drawn(view)["sgd"], expected)
    np.testing.assert_allclose(view.paths()["sgd"], expected)
    np.testing.assert_allclose(expected[-1], [-0.35039, 0.08478], atol=1e-4)


def test_unchecking_removes_the_curve_and_checking_adds_one(view):
    view.checkboxes["adam"].setChecked(False)
    assert set(drawn(view)) == {"sgd", "momentum", "adagrad"}
    assert "adam" not in view.paths()
    legend_texts = [label.text for _, label in view.plot.legend.items]
    assert not any("Adam" in text for text in legend_texts)
    view.checkboxes["nesterov"].setChecked(True)
    assert set(drawn(view)) == {"sgd", "momentum", "adagrad", "nesterov"}


def test_a_click_on_a_drawn_point_still_moves_the_start(qtbot, view):
    x, y = drawn(view)["sgd"][3]
    click_plot(qtbot, view, x, y)
    assert view.start() == pytest.approx((x, y), abs=0.1)


def test_a_click_on_the_plot_moves_the_start_and_recomputes_every_path(qtbot, view):
    click_plot(qtbot, view, -3.0, 1.0)
    start = view.start()
    assert start == pytest.approx((-3.0, 1.0), abs=0.1)
    curves = drawn(view)
    assert set(curves) == {"sgd", "momentum", "adagrad", "adam"}
    for name, points in curves.items():
        optimizer = create_optimizer(name, lr=view.lr_spins[name].value())
        np.testing.assert_allclose(points, optimizer_path(BOOK, optimizer, start, 30))


def test_set_start_recomputes_all_paths(view):
    view.set_start((5.0, -3.0))
    paths = view.paths()
    assert set(paths) == {"sgd", "momentum", "adagrad", "adam"}
    for name, path in paths.items():
        np.testing.assert_allclose(path[0], [5.0, -3.0])
        np.testing.assert_allclose(drawn(view)[name], path)
    np.testing.assert_allclose(paths["sgd"], optimizer_path(BOOK, SGD(lr=0.95), (5, -3)))


def test_reset_then_step_reveals_one_update_at_a_time(view):
    view.reset()
    assert all(len(points) == 1 for points in drawn(view).values())
    view.step()
    view.step()
    for name, points in drawn(view).items():
        np.testing.assert_allclose(points, view.paths()[name][:3])
    assert view.shown_steps() == 2


def test_play_animates_to_the_end_and_stops(qtbot, view):
    view.controls.speed_spin.setValue(500)
    view.reset()
    view.play()
    assert view.is_playing()
    qtbot.waitUntil(lambda: view.shown_steps() == 30, timeout=5000)
    assert not view.is_playing()
    assert all(len(points) == 31 for points in drawn(view).values())


def test_pause_keeps_the_position(view):
    view.reset()
    view.step()
    view.play()
    view.pause()
    assert not view.is_playing()
    assert view.shown_steps() == 1
    assert view.controls.play_button.text() == "Play"


def test_switching_the_surface_redraws_the_heatmap_and_loads_its_defaults(view):
    before = view.plot.image.image.copy()
    view.set_surface("rosenbrock")
    surface = SURFACES["rosenbrock"]
    assert not np.array_equal(before, view.plot.image.image)
    assert view.controls.formula_label.text() == surface.formula
    assert view.start() == surface.start
    assert view.steps_spin.value() == surface.steps
    np.testing.assert_allclose(
        drawn(view)["sgd"],
        optimizer_path(surface, SGD(lr=surface.learning_rates["sgd"]), surface.start,
                       surface.steps),
    )
    view.surface_combo.setCurrentIndex(view.surface_combo.findData("himmelblau"))
    assert view.start() == SURFACES["himmelblau"].start
    assert len(view.plot.minima.data) == 4


def test_numerical_gradient_gives_nearly_the_same_paths(view):
    analytic = view.paths()
    view.gradient_combo.setCurrentIndex(view.gradient_combo.findData("numerical"))
    numerical = view.paths()
    for name, path in analytic.items():
        np.testing.assert_allclose(numerical[name], path, atol=1e-6)
    np.testing.assert_array_equal(
        numerical["sgd"],
        optimizer_path(BOOK, SGD(lr=0.95), (-7, 2), 30, gradient="numerical"),
    )


def test_learning_rate_and_steps_changes_recompute(view):
    view.lr_spins["sgd"].setValue(0.1)
    view.steps_spin.setValue(10)
    np.testing.assert_allclose(drawn(view)["sgd"], optimizer_path(BOOK, SGD(lr=0.1), (-7, 2), 10))
    assert all(len(points) == 11 for points in drawn(view).values())


def test_a_diverging_path_stops_and_says_so(view):
    view.lr_spins["sgd"].setValue(20.0)
    points = drawn(view)["sgd"]
    assert 1 < len(points) < 31 and np.isfinite(points).all()
    assert "SGD diverged" in view.status.text()
    assert "lower its learning rate" in view.status.text()


def test_hover_shows_x_y_and_f(view):
    box = view.plot.getPlotItem().getViewBox()
    view.plot.scene().sigMouseMoved.emit(box.mapViewToScene(QPointF(2.0, 1.0)))
    assert "f(x, y) = 1.2" in view.readout.text()


def test_every_control_has_a_tooltip(view):
    controls = [*view.findChildren(QAbstractButton), *view.findChildren(QAbstractSpinBox),
                *view.findChildren(QComboBox)]
    assert len(controls) > 15
    assert all(control.toolTip() for control in controls)


def test_unknown_surface_is_rejected(view):
    with pytest.raises(ValueError, match="book"):
        view.set_surface("moon")


def test_dragging_on_the_plot_moves_the_start_along(qtbot, view):
    box = view.plot.getPlotItem().getViewBox()

    def widget_pos(x, y):
        return view.plot.mapFromScene(box.mapViewToScene(QPointF(x, y)))

    viewport = view.plot.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=widget_pos(-3.0, 1.0))
    for x in (-2.0, 0.0, 2.0):
        qtbot.mouseMove(viewport, widget_pos(x, -1.0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=widget_pos(2.0, -1.0))
    assert view.start() == pytest.approx((2.0, -1.0), abs=0.1)
    np.testing.assert_allclose(drawn(view)["sgd"][0], view.start())


def test_zooming_resamples_the_heatmap_over_the_visible_area(qtbot, view):
    view.plot.getPlotItem().setRange(xRange=(-2, 2), yRange=(-1, 1), padding=0)
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    qtbot.waitUntil(lambda: view.plot.image.mapRectToView(view.plot.image.boundingRect())
                    .width() < 1.1 * (x1 - x0), timeout=2000)
    rect = view.plot.image.mapRectToView(view.plot.image.boundingRect())
    assert rect.left() == pytest.approx(x0, abs=0.05 * (x1 - x0))
    assert rect.bottom() == pytest.approx(y1, abs=0.05 * (y1 - y0))


def test_a_new_style_keeps_the_paths(view):
    view.apply_style(Style(theme=THEMES["light"], font_scale=1.5))
    assert set(drawn(view)) == {"sgd", "momentum", "adagrad", "adam"}
    np.testing.assert_allclose(drawn(view)["adam"], view.paths()["adam"])
    assert len(view.plot.legend.items) == 4


def test_a_hidden_surface_plot_resamples_only_once_shown(qtbot):
    window = QWidget()  # closing a window hides its plots (PlotWidget.close would delete)
    plot = SurfacePlot(Style(), window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    plot.set_surface(BOOK)
    qtbot.wait(50)  # the render the new range scheduled
    shown = plot.image.image.copy()
    window.close()  # a closed window's plot must not touch its items any more
    plot.getPlotItem().setRange(xRange=(-1, 1), yRange=(-1, 1))
    qtbot.wait(50)
    np.testing.assert_array_equal(plot.image.image, shown)
    window.show()  # shown again: it catches up with the new range
    qtbot.waitUntil(lambda: not np.array_equal(plot.image.image, shown), timeout=2000)


def test_after_the_font_grows_the_plot_keeps_half_and_the_controls_scroll(qtbot, view):
    view.resize(500, 700)
    font = QApplication.font()
    try:
        bigger = QFont(font)
        bigger.setPointSizeF(font.pointSizeF() * 1.8)
        QApplication.setFont(bigger)
        qtbot.waitUntil(lambda: view.controls.width() >= view.controls.minimumSizeHint().width()
                        and view.plot.width() >= 0.5 * view.width() - 20, timeout=2000)
        scroll = view.controls_area.horizontalScrollBar()
        assert scroll.maximum() > 0 or view.controls.width() <= view.controls_area.width()
    finally:
        QApplication.setFont(font)
