"""The optimizer-path view teaches at a glance: paths told apart by colour-blind eyes, the view
fitted to where the paths run, results rounded for people, and the plot keeps the window."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.style import PATH_LOOKS, THEMES, Style
from gui.views.paths.paths_view import OptimizerPathsView, rounded


def srgb_to_lab(colour: str) -> np.ndarray:
    """CIE L*a*b* (D65) of '#rrggbb', by the sRGB and CIE 1976 formulas."""
    rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ linear / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def deuteranope(colour: str) -> str:
    """The colour as a deuteranope sees it (Vienot, Brettel and Mollon 1999, in linear RGB)."""
    rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    seen = np.array([[0.29275, 0.70725, 0.0], [0.29275, 0.70725, 0.0],
                     [-0.02234, 0.02234, 1.0]]) @ linear
    seen = np.clip(seen, 0, 1)
    srgb = np.where(seen <= 0.0031308, 12.92 * seen, 1.055 * seen ** (1 / 2.4) - 0.055)
    return "#" + "".join(f"{round(255 * v):02x}" for v in srgb)


def shown_view(qtbot, width: int, height: int) -> OptimizerPathsView:
    view = OptimizerPathsView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_six_paths_differ_in_colour_marker_and_dash(theme):
    looks = PATH_LOOKS.values()
    colours = [look.colour(THEMES[theme]) for look in looks]
    assert len(set(colours)) == 6
    for first, second in itertools.combinations(colours, 2):
        assert np.linalg.norm(srgb_to_lab(first) - srgb_to_lab(second)) > 20, (first, second)
    assert len({look.symbol for look in looks}) == 6  # markers tell apart what colours cannot
    assert len({look.dash for look in looks}) >= 5
    # for a deuteranope every pair stays apart, the book's four (figure 6-8) clearly so
    seen = {name: srgb_to_lab(deuteranope(look.colour(THEMES[theme])))
            for name, look in PATH_LOOKS.items()}
    for first, second in itertools.combinations(seen, 2):
        book_pair = {first, second} <= {"sgd", "momentum", "adagrad", "adam"}
        assert np.linalg.norm(seen[first] - seen[second]) > (20 if book_pair else 15)


def test_the_books_surface_is_fitted_to_where_the_paths_run(qtbot):
    view = shown_view(qtbot, 1000, 600)
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    points = np.concatenate(list(view.paths().values()))
    assert x0 <= points[:, 0].min() and points[:, 0].max() <= x1
    assert y0 <= points[:, 1].min() and points[:, 1].max() <= y1
    assert np.abs(points[:, 1]).max() < 2.5  # the paths stay within |y| < 2.5 ...
    assert y1 - y0 < 12  # ... and the view is not the -11..11 it was with equal axes
    assert x0 < -9 and x1 > 9  # the whole valley, as in figure 6-8


def test_results_read_rounded_and_the_colour_bar_says_log_scale(qtbot):
    assert rounded(7.89e-31) == "0"
    assert rounded(0.0133456) == "0.0133"
    assert rounded(12.3456) == "12.3"
    assert rounded(123456.7) == "123,457"
    view = OptimizerPathsView()
    qtbot.addWidget(view)
    view.set_surface("book")
    assert "e-" not in view.status.text()
    assert view.plot.colour_bar.axis.labelText == "f (log scale)"


def test_a_wrapped_result_or_a_hover_text_never_resizes_the_plot(qtbot):
    view = shown_view(qtbot, 700, 600)
    qtbot.wait(50)  # the layout settles
    before = view.plot.size()
    view.readout.setText("x = 1.234   y = 5.678   f(x, y) = 9.87654 " * 3)
    view.status.setText("After 30 steps: " + "SGD f = 0.0133, " * 20)
    QApplication.processEvents()
    assert view.plot.size() == before


def test_the_light_theme_gives_the_surface_a_light_colour_map(qtbot):
    view = OptimizerPathsView()
    qtbot.addWidget(view)
    view.apply_style(Style(THEMES["light"], 1.5))
    low = view.plot.colour_bar.colorMap().map(0.0, mode="qcolor")
    assert low.lightness() > 200  # the minimum is white, not the dark theme's navy


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_in_presentation_mode_the_paths_plot_keeps_the_window_and_one_set_of_controls(
        qtbot, gui_settings, size):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.presentation.toggle_action.trigger()
    try:
        # full screen on the offscreen platform's 800x800 screen: the projector's size instead,
        # with presentation mode's large text and light theme kept
        window.showNormal()
        window.resize(*size)
        window.tabs.select("paths")
        qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=5000)
        qtbot.waitUntil(lambda: window.paths_view.plot.width() >= 0.45 * window.width(),
                        timeout=5000)
        assert window.setup_dock.isHidden() and window.run_controls.toolbar.isHidden()
        assert window.run_status.isHidden()
        legend = window.paths_view.plot.legend.sceneBoundingRect()
        assert window.paths_view.plot.sceneRect().contains(legend)  # the legend is not clipped
        window.tabs.select("training")
        assert not window.setup_dock.isHidden() and not window.run_controls.toolbar.isHidden()
    finally:
        window.presentation.toggle_action.trigger()  # the application font back to normal
