"""Large text stays legible: spin box arrows grow with the text, axis labels never run
together, a plot's header keeps its title whole, and the histograms' y axis always has two
labelled ticks."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QStyle, QStyleOptionSpinBox

from gui.style import TICK_FONT_RELATIVE, Style, apply_app_font, style_plot
from gui.views.training.histogram_plot import HistogramPlot
from gui.views.training.loss_plot import LossPlot


@pytest.fixture
def scaled_app():
    """Apply a font scale to the whole app (as Ctrl+= and F11 do) and undo it afterwards."""
    app = QApplication.instance()
    font = app.font()

    def scale_to(scale: float) -> Style:
        style = Style(font_scale=scale)
        apply_app_font(app, style)
        return style

    yield scale_to
    apply_app_font(app, Style(font_scale=1.0))
    app.setFont(font)


def arrow_width(box: QDoubleSpinBox) -> int:
    """Width in pixels of what is drawn in the up button's middle row in the text colour."""
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    rect = box.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option,
                                      QStyle.SubControl.SC_SpinBoxUp, box)
    image = box.grab().toImage()
    text = QColor(box.palette().buttonText().color())
    widest = 0
    for y in range(rect.top(), rect.bottom() + 1):
        dark = [x for x in range(rect.left() + 1, rect.right())
                if _close(QColor(image.pixel(QPoint(x, y))), text)]
        widest = max(widest, len(dark))
    return widest


def _close(colour: QColor, target: QColor) -> bool:
    return all(abs(a - b) < 60 for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3],
                                               strict=True))


@pytest.mark.parametrize("scale", [1.5, 2.0, 2.5])
def test_spin_box_arrows_grow_with_the_text(qtbot, scaled_app, scale):
    scaled_app(scale)
    box = QDoubleSpinBox()
    box.setRange(-5, 5)  # both steps possible: both arrows in the text colour
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    text_height = QFontMetrics(box.font()).height()
    # Fusion's own arrow stays ~7 px wide; beside text this tall it must be a third of it
    assert arrow_width(box) >= 0.35 * text_height, (arrow_width(box), text_height)


def test_check_box_indicators_grow_with_the_text(qtbot, scaled_app):
    style = QApplication.style()
    small = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    scaled_app(2.0)
    assert style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) >= 1.9 * small


def label_pitch(axis: pg.AxisItem, length: float, low: float, high: float) -> float:
    """Pixels between two neighbouring major ticks of ``axis`` drawn ``length`` px long."""
    spacing, values = axis.tickValues(low, high, length)[0]
    assert len(values) >= 2, values
    return spacing * length / (high - low)


@pytest.mark.parametrize("scale", [1.0, 2.0, 3.0])
def test_axis_labels_keep_apart_at_any_text_size(qtbot, scale):
    style = Style(font_scale=scale)
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    item = widget.getPlotItem()
    style_plot(item, style)
    metrics = QFontMetrics(style.font(TICK_FONT_RELATIVE))
    # a 100 px tall accuracy axis 0..100 (pyqtgraph alone labels every 20 there)
    assert label_pitch(item.getAxis("left"), 100, 0, 100) >= metrics.height()
    # a 200 px wide iteration axis 0..400: every label's width plus a space between them
    bottom = item.getAxis("bottom")
    widest = metrics.horizontalAdvance("400")
    assert label_pitch(bottom, 200, 0, 400) >= widest + metrics.horizontalAdvance(" ")
    # whole epochs asked for (setTickSpacing(1, 1)) widen to 2 or 5 when they do not fit
    bottom.setTickSpacing(1, 1)
    assert label_pitch(bottom, 60, 0, 5) >= metrics.horizontalAdvance("5 ")
    # and a long axis still gets pyqtgraph's ordinary ticks
    assert len(item.getAxis("left").tickValues(0, 100, 600)[0][1]) >= 5


def test_a_narrow_plot_header_puts_its_controls_under_the_whole_title(qtbot, scaled_app):
    style = scaled_app(2.0)
    plot = LossPlot(style)
    qtbot.addWidget(plot)
    plot.resize(420, 400)
    plot.show()
    qtbot.waitExposed(plot)
    title_font = plot._title.font()
    title_font.setBold(True)
    qtbot.waitUntil(lambda: plot._title.width()
                    >= QFontMetrics(title_font).horizontalAdvance("Loss"))
    assert plot.smoothing_box.geometry().top() >= plot._title.geometry().bottom()
    plot.resize(1400, 400)  # wide again: the controls come back beside the title
    qtbot.waitUntil(lambda: plot.smoothing_box.geometry().top() < plot._title.geometry().bottom())


@pytest.mark.parametrize("tallest", [0.4026, 0.52, 0.09, 0.99])
def test_the_histograms_y_axis_has_two_labelled_ticks_at_large_text(qtbot, tallest):
    from engine.trainer import LayerHistogram

    style = Style(font_scale=3.0)
    plot = HistogramPlot(style)
    qtbot.addWidget(plot)
    plot.resize(700, 170)  # a short panel: room for two labels, not three
    plot.set_layers(2, "relu")
    plot.show()
    qtbot.waitExposed(plot)
    counts = [int(1000 * tallest), 1000 - int(1000 * tallest)]
    histogram = LayerHistogram(counts=np.array(counts), edges=np.array([0.0, 0.5, 1.0]))
    plot.set_histograms([histogram, histogram], None, iteration=3)
    plot.refresh()
    item = plot._plot_items()[0]
    ticks = item.getAxis("left")._tickLevels[0]
    top = item.getViewBox().viewRange()[1][1]
    assert len(ticks) >= 2 and ticks[0][0] == 0
    assert all(0 <= value <= top for value, _label in ticks)
    assert 100 * tallest <= top  # the tallest bar fits under the top
    pitch = (ticks[1][0] - ticks[0][0]) / (top - item.getViewBox().viewRange()[1][0])
    assert pitch * item.getViewBox().height() >= QFontMetrics(
        style.font(TICK_FONT_RELATIVE)).height()


def test_the_feature_check_boxes_wrap_into_a_narrow_setup_panel(qtbot, scaled_app):
    from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

    from gui.widgets.forms.wrapping_grid import WrappingGrid

    scaled_app(2.0)
    boxes = [QCheckBox(name) for name in ("x", "y", "x2", "y2", "xy", "sinx", "siny")]
    grid = WrappingGrid(boxes, columns=4)
    panel = QWidget()
    form = QFormLayout(panel)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.addRow("Features", grid)
    qtbot.addWidget(panel)
    widest = max(box.sizeHint().width() for box in boxes)
    # four in a row would need four boxes' width; the panel may be little more than one
    label = QFontMetrics(panel.font()).horizontalAdvance("Features")
    assert panel.minimumSizeHint().width() < label + 2 * widest + 40
    panel.resize(panel.minimumSizeHint().width(), 800)
    panel.show()
    qtbot.waitExposed(panel)
    for box in boxes:  # every box whole, inside the grid, none on top of another
        assert grid.rect().contains(box.geometry()) and box.height() >= box.sizeHint().height()
    rects = [box.geometry() for box in boxes]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_a_legend_takes_one_row_again_when_its_plot_widens(qtbot):
    from gui.widgets.plots.outside_legend import OutsideLegend

    style = Style(font_scale=1.5)
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    item = widget.getPlotItem()
    legend = OutsideLegend(item, columns=3)
    for name in ("train", "test", "chance (10%)"):
        legend.add(item.plot([0, 1], [0, 1]), name)
    legend.apply_style(style)
    widget.resize(150, 300)  # too narrow for two entries side by side: a column
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: legend.columnCount == 1)
    widget.resize(900, 300)  # the three entries fit in one row: they take one
    qtbot.waitUntil(lambda: legend.columnCount == 3)


@pytest.mark.parametrize("width", [700, 1000, 1400])
def test_the_paths_result_line_shows_all_its_lines(qtbot, scaled_app, width):
    from PySide6.QtCore import Qt

    from gui.views.paths.paths_view import OptimizerPathsView

    view = OptimizerPathsView(style=scaled_app(1.9))  # as presentation mode after Ctrl+=
    qtbot.addWidget(view)
    view.resize(1900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_surface("book")
    view.resize(width, 700)  # as F11 or a tab switch does: the label is laid out afterwards
    QApplication.processEvents()
    metrics = QFontMetrics(view.status.font())
    flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
    needed = metrics.boundingRect(0, 0, view.status.width(), 10_000, flags,
                                  view.status.text()).height()
    assert view.status.height() >= needed, (view.status.height(), needed)


def test_the_hidden_layers_field_shows_its_whole_text_in_a_squeezed_setup_panel(
        qtbot, scaled_app):
    from PySide6.QtCore import Qt

    from gui.panels.network_panel import NetworkPanel

    scaled_app(1.5)  # presentation mode's text
    panel = NetworkPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    edit = panel.hidden_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "100, 100, 50")
    whole = edit.fontMetrics().horizontalAdvance("100, 100, 50")
    narrowest, widest = panel.minimumSizeHint().width(), panel.sizeHint().width()
    for width in range(narrowest, widest + 20, 8):  # every width the setup dock may give it
        panel.resize(width, 600)
        panel.layout().activate()
        qtbot.keyClick(edit, Qt.Key.Key_End)
        # the cursor right of the whole text: nothing scrolled out at the left
        assert whole <= edit.cursorRect().center().x() < edit.width(), width


@pytest.mark.parametrize("scale", [1.5, 1.9])
def test_the_paths_controls_fit_their_column_without_sideways_scrolling(
        qtbot, scaled_app, scale):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from gui.views.paths.paths_view import OptimizerPathsView

    view = OptimizerPathsView(style=scaled_app(scale))  # F11, and F11 after Ctrl+=
    qtbot.addWidget(view)
    view.resize(1020, 700)  # the tab on a 1024x768 screen
    view.show()
    qtbot.waitExposed(view)
    qtbot.keyClick(view.controls.steps_spin, Qt.Key.Key_Up)  # the user starts using it
    area = view.controls_area
    area.widget().layout().activate()
    QApplication.processEvents()
    assert area.horizontalScrollBar().maximum() == 0
    viewport = area.viewport().rect()
    for control in area.widget().findChildren(QWidget):  # each control whole in the column
        if control.isVisible() and control.parentWidget() is not None:
            corner = control.mapTo(area.viewport(), control.rect().bottomRight())
            assert corner.x() <= viewport.right(), control
    assert view.plot.width() >= 0.45 * view.width()


def drawn_tick_labels(axis) -> list[tuple[object, str]]:
    """(rectangle, text) of every tick label ``axis`` paints now, from its own draw specs."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setFont(axis.style["tickFont"])
    _axis_spec, _tick_specs, texts = axis.generateDrawSpecs(painter)
    painter.end()
    return [(rect, text) for rect, _flags, text in texts]


def overlapping(labels: list[tuple[object, str]]) -> list[tuple[str, str]]:
    return [(a_text, b_text) for i, (a, a_text) in enumerate(labels)
            for b, b_text in labels[i + 1:] if a.intersects(b)]


@pytest.mark.parametrize(("scale", "height"), [(2.0, 60), (2.0, 80), (3.0, 110)])
def test_a_squashed_plot_never_draws_its_tick_labels_over_each_other(qtbot, scale, height):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    item = widget.getPlotItem()
    style_plot(item, Style(font_scale=scale))
    item.setLabel("left", "loss")
    item.setLabel("bottom", "iteration")
    item.setRange(xRange=(0, 80), yRange=(0.5, 1.5), padding=0)  # the spiral set's loss
    widget.resize(420, height)  # at 1024x768 with 2x text the loss plot was ~20-30 px tall
    widget.show()
    qtbot.waitExposed(widget)
    widget.grab()
    left = drawn_tick_labels(item.getAxis("left"))
    assert left and overlapping(left) == [], (item.getViewBox().height(), left)
    assert overlapping(drawn_tick_labels(item.getAxis("bottom"))) == []


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_twenty_epochs_with_two_runs_overlaid_keep_their_epoch_labels_apart(qtbot, scale):
    from gui.views.training.accuracy_plot import AccuracyPlot
    from gui.views.training.history_overlay import HistoryOverlay, RunOverlay

    style = Style(font_scale=scale)
    loss, accuracy = LossPlot(style), AccuracyPlot(style)
    for plot in (loss, accuracy):
        qtbot.addWidget(plot)
    accuracy.set_planned_epochs(20)
    accuracy.set_accuracies(np.linspace(0.3, 0.9, 21), np.linspace(0.3, 0.85, 21))
    curve = np.linspace(0.3, 0.8, 21)
    HistoryOverlay(loss, accuracy).show([
        RunOverlay(f"run {n}", colour, np.arange(1.0, 81.0), np.linspace(1.2, 0.5, 80),
                   curve, curve) for n, colour in ((1, "#009e73"), (2, "#cc79a7"))])
    accuracy.show()
    metrics = QFontMetrics(style.font(TICK_FONT_RELATIVE))
    for width in range(260, 760, 60):  # half a 1024 to 1366 px window, setup dock or not
        accuracy.resize(width, 360)
        accuracy.refresh()
        qtbot.waitExposed(accuracy)
        accuracy.grab()
        labels = drawn_tick_labels(accuracy.view.getPlotItem().getAxis("bottom"))
        centres = sorted((rect.center().x(), text) for rect, text in labels)
        assert len(centres) >= 2, width
        for (x0, a), (x1, b) in zip(centres, centres[1:], strict=False):
            # the pixel spacing holds both half labels and a space between them
            room = (metrics.horizontalAdvance(a) + metrics.horizontalAdvance(b)) / 2
            assert x1 - x0 >= room + metrics.horizontalAdvance(" "), (width, a, b)


def test_a_crowded_legend_shrinks_its_text_and_leaves_the_data_their_height(qtbot):
    from gui.views.training.accuracy_plot import AccuracyPlot
    from gui.views.training.history_overlay import HistoryOverlay, RunOverlay

    style = Style(font_scale=2.0)
    loss, accuracy = LossPlot(style), AccuracyPlot(style)
    for plot in (loss, accuracy):
        qtbot.addWidget(plot)
    accuracy.set_chance_level(1 / 3)
    curve = np.linspace(0.3, 0.8, 21)
    overlay = HistoryOverlay(loss, accuracy)
    overlay.show([RunOverlay(f"Adam lr 0.001, He #{n}", "#009e73", np.arange(1.0, 81.0),
                             np.linspace(1.2, 0.5, 80), curve, curve) for n in (1, 2)])
    accuracy.resize(290, 290)  # the accuracy panel at 2x text on a 1024x768 screen
    accuracy.show()
    qtbot.waitExposed(accuracy)
    item = accuracy.view.getPlotItem()

    def entries_inside() -> bool:
        plot_right = item.mapRectToScene(item.boundingRect()).right()
        return all(label.mapRectToScene(label.item.boundingRect()).right() <= plot_right + 1
                   for _sample, label in accuracy.legend.items)

    qtbot.waitUntil(entries_inside)  # every entry whole inside the plot, once laid out
    # it was 0 px, no data at all; now room for the y axis to label both ends of its range
    tick_height = QFontMetrics(style.font(TICK_FONT_RELATIVE)).height()
    assert item.getViewBox().height() >= 2 * tick_height
    shrunk = accuracy.legend.items[0][1].item.boundingRect().height()
    overlay.show([])  # the runs unticked, and a plot with the height for three rows of
    accuracy.resize(290, 600)  # entries (their text also shrinks while the rows would take
    # over 0.4 of the data's height): three entries at the full size again
    qtbot.waitUntil(lambda: accuracy.legend.items[0][1].item.boundingRect().height() > shrunk)
