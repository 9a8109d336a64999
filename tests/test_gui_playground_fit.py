"""The Playground before and around the first run: the untrained network already on the plane
(computed off the GUI thread), plain coordinates on the axes, and plots only (F10) leaving the
plane and the network most of the window."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import engine.playground
from gui.main_window import MainWindow
from gui.views.playground.playground_view import WAITING_HINT

TIMEOUT_MS = 60_000
PLOTS_ONLY_SHARE = 0.8  # issue 8: in plots only, the plots get at least 80% of the window


@pytest.fixture
def window(qtbot, gui_settings):
    """The window as a first-time user opens it (MNIST in the setup), at 1024 x 768."""
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.tabs.select("playground")
    return window


def pick_spiral(qtbot, window) -> None:
    """Click the Spiral button of the notice page and wait for the untrained network."""
    view = window.playground
    view.dataset_buttons["spiral"].click()

    def drawn() -> bool:
        window.refresh_frame()
        return view.diagram.frame is not None

    qtbot.waitUntil(drawn, timeout=TIMEOUT_MS)


def test_picking_a_2d_set_draws_the_untrained_network_off_the_gui_thread(
        qtbot, window, monkeypatch):
    grid_threads = []
    original = engine.playground.grid_forward

    def spy(*args, **kwargs):
        grid_threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(engine.playground, "grid_forward", spy)
    view = window.playground
    assert view.boundary.image.image is None  # the notice page: MNIST is no plane
    pick_spiral(qtbot, window)
    assert window.controller.state.value == "idle"  # nothing trained
    assert view.diagram.frame.iteration == 0
    image = view.boundary.image.image
    assert image is not None and image.shape == (100, 100, 4)  # the boundary, untrained
    assert view.diagram.shown_units()[0] == 2 and view.diagram.shown_units()[-1] == 3
    assert len(view.boundary.train_points.data) == 480  # the spiral's training points
    assert view.hint.isVisible() and view.hint.text() == WAITING_HINT
    assert grid_threads and threading.main_thread() not in grid_threads


def step_on_spiral(qtbot, window) -> None:
    """Spiral picked and one mini-batch trained: the plane holds a trained network."""
    window.playground.dataset_buttons["spiral"].click()
    window.run_controls.step.trigger()

    def drawn() -> bool:
        window.refresh_frame()
        frame = window.playground.diagram.frame
        return frame is not None and frame.iteration > 0

    qtbot.waitUntil(drawn, timeout=TIMEOUT_MS)


def test_the_planes_axes_show_plain_coordinates(qtbot, window):
    step_on_spiral(qtbot, window)
    plot = window.playground.boundary.plot
    plot.setRange(xRange=(0, 0.002), yRange=(0, 0.002), padding=0)  # would get "(x0.001)"
    for side in ("bottom", "left"):
        assert "(x" not in plot.getAxis(side).labelString(), side


def plots_share(window: MainWindow) -> float:
    view = window.playground
    area = sum(w.width() * w.height() for w in (view.boundary, view.diagram))
    return area / (window.width() * window.height())


def test_plots_only_leaves_the_plane_and_the_network_most_of_the_window(
        qtbot, window, restore_app_font):
    step_on_spiral(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_F11)  # presentation mode, text larger twice: the hall
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_F10)
    qtbot.wait(50)
    assert plots_share(window) >= PLOTS_ONLY_SHARE, plots_share(window)
    QTest.keyClick(window, Qt.Key.Key_F10)
    qtbot.wait(50)
    assert window.playground.unit_readout.isVisible()
    QTest.keyClick(window, Qt.Key.Key_F11)


def test_the_hint_stays_out_of_plots_only(qtbot, window):
    pick_spiral(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_F10)
    qtbot.wait(50)
    assert not window.playground.hint.isVisible()
    QTest.keyClick(window, Qt.Key.Key_F10)
    qtbot.wait(50)
    assert window.playground.hint.isVisible()


@pytest.mark.parametrize("name", ["spiral", "moons"])
def test_the_plane_fills_its_plot_without_bands_beyond_the_data(qtbot, window, name):
    """The plot is sized to the plane's aspect: its axes end where the plane does (the
    aspect lock alone widened the range to fill the panel: y -3..3 around a plane of -1..1)."""
    view = window.playground
    view.dataset_buttons[name].click()

    def drawn() -> bool:
        window.refresh_frame()
        return view.diagram.frame is not None and view.diagram.frame.points[0].shape[0] > 0

    qtbot.waitUntil(drawn, timeout=TIMEOUT_MS)
    for size in ((1024, 768), (1366, 768), (1920, 1080)):
        window.resize(*size)
        qtbot.wait(50)
        window.refresh_frame()
        qtbot.wait(50)
        x0, x1, y0, y1 = view.boundary.frame.extent
        (vx0, vx1), (vy0, vy1) = view.boundary.plot.getViewBox().viewRange()
        slack = 0.06  # the half grid cell and rounding to whole pixels
        assert vx1 - vx0 <= (x1 - x0) * (1 + slack), size
        assert vy1 - vy0 <= (y1 - y0) * (1 + slack), size
        assert view.boundary.plot.getViewBox().width() > 200, size


def test_choosing_a_2d_set_in_the_setup_panel_draws_its_untrained_network(qtbot, window):
    view = window.playground
    assert view.diagram.frame is None  # MNIST: the notice page
    combo = window.setup.data.combo
    combo.setCurrentIndex(combo.findData("circles"))  # as a click in the list does

    def drawn() -> bool:
        window.refresh_frame()
        return view.diagram.frame is not None

    qtbot.waitUntil(drawn, timeout=TIMEOUT_MS)
    assert view.diagram.frame.iteration == 0 and view.pages.currentIndex() == 0
    assert len(view.boundary.class_names) == 2  # circles: inside and outside
