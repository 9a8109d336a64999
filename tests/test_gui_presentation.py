"""Presentation mode: full screen, light theme, larger fonts and lines; the scale is remembered."""

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from gui.plots.loss_plot import LossPlot
from gui.presentation import PRESENTATION_BOOST, PRESENTATION_THEME, SCALE_STEP, PresentationMode
from gui.settings import Settings
from gui.style import BASE_POINT_SIZE, Style


def _settings(folder):
    return Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def restore_app_font():
    font = QApplication.font()
    yield
    QApplication.setFont(font)


@pytest.fixture
def window(qtbot):
    window = QMainWindow()
    window.plot = LossPlot(Style())
    window.plot.add_losses(np.array([1.0, 0.5]), offset=0)
    window.setCentralWidget(window.plot)
    qtbot.addWidget(window)
    window.show()
    return window


def _mode(window, settings):
    mode = PresentationMode(window, settings)
    mode.style_changed.connect(window.plot.apply_style)
    return mode


def _tick_size(plot):
    return plot.view.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF()


def test_presentation_mode_goes_full_screen_light_and_large(qtbot, tmp_path, window):
    mode = _mode(window, _settings(tmp_path))
    before = _tick_size(window.plot)
    pen_before = window.plot.smooth_curve.opts["pen"].widthF()

    with qtbot.waitSignal(mode.style_changed) as changed:
        mode.toggle_action.trigger()

    style = changed.args[0]
    assert mode.presenting and window.isFullScreen()
    assert style.theme.name == PRESENTATION_THEME
    assert style.font_scale == pytest.approx(PRESENTATION_BOOST)
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * PRESENTATION_BOOST)
    assert _tick_size(window.plot) == pytest.approx(before * PRESENTATION_BOOST)
    assert window.plot.smooth_curve.opts["pen"].widthF() == pytest.approx(
        pen_before * PRESENTATION_BOOST)
    assert window.plot.view.backgroundBrush().color().name() == "#ffffff"

    mode.toggle_action.trigger()
    assert not mode.presenting and not window.isFullScreen()
    assert mode.style().theme.name == "dark"
    assert _tick_size(window.plot) == pytest.approx(before)


def test_text_size_keys_scale_everything_and_are_remembered(qtbot, tmp_path, window):
    mode = _mode(window, _settings(tmp_path))
    mode.bigger_action.trigger()
    mode.bigger_action.trigger()
    assert mode.font_scale == pytest.approx(SCALE_STEP ** 2, abs=1e-3)
    assert QApplication.font().pointSizeF() == pytest.approx(
        BASE_POINT_SIZE * SCALE_STEP ** 2, abs=0.01)
    mode.set_presenting(True)
    assert mode.style().font_scale == pytest.approx(SCALE_STEP ** 2 * PRESENTATION_BOOST,
                                                    abs=1e-2)

    reopened = PresentationMode(QMainWindow(), _settings(tmp_path))
    assert reopened.font_scale == pytest.approx(SCALE_STEP ** 2, abs=1e-3)
    assert not reopened.presenting

    mode.smaller_action.trigger()
    assert _settings(tmp_path).read_float("ui/font_scale") == pytest.approx(SCALE_STEP, abs=1e-3)
    mode.normal_action.trigger()
    assert _settings(tmp_path).read_float("ui/font_scale") == 1.0


def test_scale_stays_within_readable_bounds(tmp_path, window):
    mode = _mode(window, _settings(tmp_path))
    for _ in range(40):
        mode.smaller()
    assert mode.font_scale >= 0.6
    for _ in range(40):
        mode.bigger()
    assert mode.font_scale <= 3.0


def test_restore_defaults_forgets_the_scale_and_leaves_presentation(qtbot, tmp_path, window):
    settings = _settings(tmp_path)
    mode = _mode(window, settings)
    mode.set_font_scale(2.0)
    mode.set_presenting(True)

    with qtbot.waitSignal(mode.defaults_restored):
        mode.restore_action.trigger()

    assert not mode.presenting and not window.isFullScreen()
    assert mode.font_scale == 1.0
    assert mode.style() == Style()
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)
