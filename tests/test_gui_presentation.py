"""Presentation mode in the dashboard: full screen, light theme, larger fonts and thicker
lines everywhere; the text size is remembered in the settings."""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gui.actions.presentation import SCALE_STEP
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.style import (
    BASE_POINT_SIZE,
    PRESENTATION_BOOST,
    PRESENTATION_THEME,
    Style,
    style_from_settings,
)


def _settings(folder):
    return Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def restore_app_font():
    font = QApplication.font()
    yield
    QApplication.setFont(font)


def _window(qtbot, folder):
    window = MainWindow(settings=_settings(folder))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(qtbot, tmp_path):
    return _window(qtbot, tmp_path)


def _tick_size(plot):
    return plot.view.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF()


def test_presentation_mode_goes_full_screen_light_and_large(qtbot, window):
    mode = window.presentation
    loss = window.plots.loss
    tick_before = _tick_size(loss)
    pen_before = loss.smooth_curve.opts["pen"].widthF()

    with qtbot.waitSignal(mode.style_changed) as changed:
        mode.toggle_action.trigger()

    assert mode.presenting and window.isFullScreen()
    assert changed.args[0].theme.name == PRESENTATION_THEME
    assert window.plot_style.font_scale == pytest.approx(PRESENTATION_BOOST)
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * PRESENTATION_BOOST)
    assert _tick_size(loss) == pytest.approx(tick_before * PRESENTATION_BOOST)
    assert loss.smooth_curve.opts["pen"].widthF() == pytest.approx(pen_before * PRESENTATION_BOOST)
    assert loss.view.backgroundBrush().color().name() == "#ffffff"
    window.tabs.select("paths")  # a hidden tab takes the style as it is shown
    assert window.paths_view.plot.style.theme.name == PRESENTATION_THEME
    window.tabs.select("training")

    mode.toggle_action.trigger()
    assert not mode.presenting and not window.isFullScreen()
    assert window.plot_style == Style()
    assert _tick_size(loss) == pytest.approx(tick_before)


def test_text_size_keys_scale_everything_and_are_remembered(qtbot, tmp_path, window):
    mode = window.presentation
    mode.bigger_action.trigger()
    mode.bigger_action.trigger()
    assert mode.font_scale == pytest.approx(SCALE_STEP ** 2, abs=1e-3)
    assert QApplication.font().pointSizeF() == pytest.approx(
        BASE_POINT_SIZE * SCALE_STEP ** 2, abs=0.01)
    mode.set_presenting(True)
    assert window.plot_style.font_scale == pytest.approx(
        SCALE_STEP ** 2 * PRESENTATION_BOOST, abs=1e-2)
    window.close()

    reopened = _window(qtbot, tmp_path)
    assert reopened.plot_style.font_scale == pytest.approx(SCALE_STEP ** 2, abs=1e-3)
    assert not reopened.presentation.presenting

    reopened.presentation.smaller_action.trigger()
    assert _settings(tmp_path).read_float("ui/font_scale") == pytest.approx(SCALE_STEP, abs=1e-3)
    reopened.presentation.normal_action.trigger()
    assert _settings(tmp_path).read_float("ui/font_scale") == 1.0


def test_scale_stays_within_readable_bounds(window):
    mode = window.presentation
    for _ in range(40):
        mode.smaller()
    assert mode.font_scale >= 0.6
    for _ in range(40):
        mode.bigger()
    assert mode.font_scale <= 3.0


def test_restore_defaults_forgets_the_scale_and_shows_the_setup_again(qtbot, window):
    mode = window.presentation
    mode.set_font_scale(2.0)
    mode.set_presenting(True)
    window.setup_dock.hide()

    with qtbot.waitSignal(mode.defaults_restored):
        mode.restore_action.trigger()

    assert not mode.presenting and not window.isFullScreen()
    assert mode.font_scale == 1.0 and window.plot_style == Style()
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)
    assert window.setup_dock.isVisible()


def test_one_style_function_serves_start_up_and_presentation(qtbot, tmp_path):
    settings = _settings(tmp_path)
    settings.set("ui/theme", "no-such-theme")
    settings.set("ui/font_scale", 1.25)
    assert style_from_settings(settings).theme.name == "dark"  # unknown: the default theme
    assert style_from_settings(settings).font_scale == pytest.approx(1.25)
    presenting = style_from_settings(settings, presenting=True)
    assert presenting.theme.name == PRESENTATION_THEME
    assert presenting.font_scale == pytest.approx(1.25 * PRESENTATION_BOOST)
    window = _window(qtbot, tmp_path)
    assert window.plot_style == style_from_settings(settings)
    window.presentation.set_presenting(True)
    assert window.presentation.style() == presenting


def _title_ink_height(dock):
    """Rows of the left half of the dock's title bar with text on them."""
    image = dock.grab().toImage()
    title_bottom = dock.widget().geometry().top()
    background = image.pixelColor(1, 1).lightness()
    rows = [y for y in range(title_bottom)
            if any(abs(image.pixelColor(x, y).lightness() - background) > 80
                   for x in range(image.width() // 2))]
    return len(rows)


def test_the_setup_title_grows_with_the_text(qtbot, window):
    """QDockWidget keeps the font it was built with for its title; SetupDock must not."""
    dock = window.setup_dock
    normal = _title_ink_height(dock)
    title_bottom = dock.widget().geometry().top()
    window.presentation.set_font_scale(2.0)
    # the font change reaches the widgets, and then the dock's layout, through the event loop
    qtbot.waitUntil(lambda: dock.widget().geometry().top() > title_bottom)
    assert normal > 0
    assert _title_ink_height(dock) >= 1.6 * normal


def _bottom_labels(plot):
    axis = plot.view.getPlotItem().getAxis("bottom")
    image = QImage(axis.size().toSize(), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis_spec, _tick_specs, text_specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in text_specs]


def test_the_last_iteration_keeps_its_label_in_presentation_mode(qtbot, window):
    """The last tick's label is centred on the right edge; large text must not hide it."""
    window.setup.training.epochs_box.setValue(1)  # 80 iterations of the sample
    with qtbot.waitSignal(window.controller.run_finished, timeout=60_000):
        window.start()
    window.presentation.set_presenting(True)
    loss = window.plots.loss
    loss.view.getPlotItem().getViewBox().setXRange(0, 80, padding=0)
    window.refresh_frame()
    assert "80" in _bottom_labels(loss)


def test_a_hidden_tab_is_restyled_when_it_is_shown(qtbot, window):
    """Ctrl+= restyles the tab on screen at once; a hidden tab keeps its look (and its text
    size: the new application font stops at it) until the user opens it."""
    from PySide6.QtWidgets import QPushButton

    runs_label = window.runs_view.findChildren(QPushButton)[0]
    size_before = runs_label.font().pointSizeF()
    window.presentation.bigger()

    assert window.plots.loss.style.font_scale == pytest.approx(SCALE_STEP, abs=1e-3)
    assert runs_label.font().pointSizeF() == pytest.approx(size_before)
    assert size_before != pytest.approx(QApplication.font().pointSizeF())
    window.tabs.select("runs")
    assert runs_label.font().pointSizeF() == pytest.approx(QApplication.font().pointSizeF())
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * SCALE_STEP)
    assert window.paths_view.plot.style.font_scale == 1.0  # still hidden, still as it was
    window.tabs.select("paths")
    assert window.paths_view.plot.style.font_scale == pytest.approx(SCALE_STEP, abs=1e-3)
