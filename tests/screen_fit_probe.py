"""Run by tests/test_gui_screen_fit.py in a subprocess, on an offscreen screen of one size
(Qt reads the screen size once, when the application starts): opens the window as a user
would, presses F11, Ctrl+= twice and F10, and prints what it measured as one JSON line.

    python tests/screen_fit_probe.py SETTINGS_DIR
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.app import create_app
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.widgets.plots.plot_panel import PlotPanel


def settle(app: QApplication) -> None:
    for _ in range(10):
        app.processEvents()


def inside(inner: QRect, outer: QRect) -> bool:
    return outer.contains(inner)


def data_areas(plots: list) -> list[list]:
    """Width and height on screen of the data area (view box) of each plot in ``plots``,
    with the plot's class name: axes, titles and legends excluded."""
    areas = []
    for plot in plots:
        for view in [plot] if isinstance(plot, pg.GraphicsView) else plot.findChildren(
                pg.GraphicsView):
            if not view.isVisible():
                continue
            for item in view.scene().items():
                if isinstance(item, pg.ViewBox) and item.isVisible() \
                        and isinstance(item.parentItem(), pg.PlotItem) \
                        and not isinstance(item.parentItem(), pg.ColorBarItem):
                    size = item.size()
                    areas.append([type(plot).__name__, round(size.width()),
                                  round(size.height())])
    return areas


def measure(window: MainWindow, available: QRect) -> dict:
    """Where the window's frame is, its minimum size and each plot's size on screen."""
    frame = window.frameGeometry()
    shown = [plot for plot in window.tabs.visible_plots() if plot.isVisible()]
    plots = [plot.view if hasattr(plot, "view") else plot for plot in shown]
    if window.tabs.currentWidget() is window.playground and window.playground.diagram.isVisible():
        shown.append(window.playground.diagram)  # the network's picture shares the plots' room
    return {
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "frame_fits": inside(frame, available),
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "plots": [[plot.width(), plot.height()] for plot in plots],
        "data areas": data_areas(shown),
        "plot_panels_area": sum(p.width() * p.height() for p in shown),
        "window_area": window.width() * window.height(),
        "window_width": window.width(),
    }


def setup_rows_cut(window: MainWindow) -> list[str]:
    """The setup dock's wrapping rows (the data set's description, the feature check boxes)
    shorter than their text or cells need at their width."""
    data = window.setup.data
    rows = {"description": data.description,
            "features": data.feature_boxes["x"].parentWidget()}
    return [name for name, row in rows.items()
            if row.isVisible() and row.height() < row.heightForWidth(row.width())]


def measure_tabs(app: QApplication, window: MainWindow, available: QRect) -> dict:
    """``measure`` on every tab in turn (the playground twice: with the setup's MNIST it
    shows its notice, with a 2-D set its plots), back on the training tab afterwards."""
    seen = {}
    for key in window.tabs.keys():
        window.tabs.select(key)
        settle(app)
        seen[key] = measure(window, available)
    window.tabs.select("playground")
    window.playground.dataset_buttons["spiral"].click()
    settle(app)
    seen["playground 2-D"] = measure(window, available)
    seen["playground 2-D"]["setup rows cut"] = setup_rows_cut(window)  # the spiral's rows
    window.setup.data.set_dataset("mnist-sample")
    window.tabs.select("training")
    settle(app)
    return seen


def main(settings_dir: str) -> None:
    app = create_app()
    store = QSettings(str(Path(settings_dir) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=Settings(store),
                        history_path=str(Path(settings_dir) / "history.json"))
    window.show()
    settle(app)
    window.step()  # one trained step: every view now holds a run (the playground's legend
    deadline = time.monotonic() + 60  # names MNIST's ten classes, say)
    while window.controller.latest is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    settle(app)
    available = app.primaryScreen().availableGeometry()
    results = {"available": [available.width(), available.height()],
               "opened": measure_tabs(app, window, available)}
    for scale in (0.8, 2.0):
        window.presentation.set_font_scale(scale)
        settle(app)
        results[f"scale {scale}"] = measure_tabs(app, window, available)
    window.presentation.set_font_scale(1.0)
    QTest.keyClick(window, Qt.Key.Key_F11)
    settle(app)
    results["presentation"] = measure_tabs(app, window, available)
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    settle(app)
    results["presentation, Ctrl+= twice"] = measure_tabs(app, window, available)
    QTest.keyClick(window, Qt.Key.Key_F10)
    settle(app)
    plots_only = measure_tabs(app, window, available)
    plots_only["training"]["hidden"] = {
        "setup dock": not window.setup_dock.isVisible(),
        "tool bar": not window.run_controls.toolbar.isVisible(),
        "plot controls": not any(control.isVisible() for panel in window.findChildren(PlotPanel)
                                 for control in panel._controls),
    }
    QTest.keyClick(window, Qt.Key.Key_Space)  # the run keys still work
    plots_only["training"]["space_started"] = window.controller.is_active()
    window.reset()
    results["plots only"] = plots_only
    window.close()
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
