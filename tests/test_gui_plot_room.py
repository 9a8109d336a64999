"""Short plots at large text keep their labels inside and their data area usable."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from gui.style import Style, apply_app_font
from gui.views.training.accuracy_plot import AccuracyPlot
from gui.views.training.histogram_plot import HistogramPlot


def label_inside_axis(axis) -> bool:
    """The axis's (rotated) label lies within the axis's length."""
    label = axis.label.mapRectToScene(axis.label.boundingRect())
    along = axis.mapRectToScene(axis.boundingRect())
    return along.top() - 1 <= label.top() and label.bottom() <= along.bottom() + 1


@pytest.mark.parametrize("height", [230, 320, 700])
def test_the_accuracy_axis_label_stays_within_its_axis(qtbot, restore_app_font, height):
    """At 2x text on a 1024x768 screen 'accuracy (%)' (~170 px) ran up past a ~110 px axis
    through the legend; a tall plot keeps the whole label."""
    style = Style(font_scale=2.0)
    apply_app_font(QApplication.instance(), style)
    plot = AccuracyPlot(style)
    qtbot.addWidget(plot)
    plot.resize(320, height)
    plot.show()
    qtbot.waitExposed(plot)
    QApplication.processEvents()
    axis = plot.view.getPlotItem().getAxis("left")
    assert label_inside_axis(axis), (height, axis.labelText, axis.height())
    if height == 700:
        assert axis.labelText == "accuracy (%)"


def test_the_histograms_axis_label_stays_within_its_axis(qtbot, restore_app_font):
    style = Style(font_scale=2.0)
    apply_app_font(QApplication.instance(), style)
    plot = HistogramPlot(style)
    qtbot.addWidget(plot)
    plot.set_layers(2, "relu")
    plot.resize(700, 250)
    plot.show()
    qtbot.waitExposed(plot)
    QApplication.processEvents()
    axis = plot._plot_items()[0].getAxis("left")
    assert axis.labelText  # the row's y axis says what it counts
    assert label_inside_axis(axis), (axis.labelText, axis.height())


def test_the_comparisons_accuracy_label_stays_within_its_axis(qtbot, restore_app_font):
    from gui.views.compare.curves import CompareCurves

    style = Style(font_scale=2.0)
    apply_app_font(QApplication.instance(), style)
    curves = CompareCurves(style)
    qtbot.addWidget(curves)
    curves.resize(500, 220)
    curves.show()
    qtbot.waitExposed(curves)
    QApplication.processEvents()
    axis = curves.accuracy_plot.getAxis("left")
    assert label_inside_axis(axis), (axis.labelText, axis.height())


def test_a_hint_on_a_plot_sits_on_its_data_clear_of_the_y_axis(qtbot):
    """Centred on the whole plot, 'Tick runs to overlay their curves' covered the Runs
    plot's 'loss' label and tick labels at large text."""
    import pyqtgraph as pg

    from gui.widgets.plots.start_hint import StartHint

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.setLabel("left", "loss")
    hint = StartHint(plot, "Tick runs to overlay their curves")
    axis = plot.getPlotItem().getAxis("left")
    plot.resize(800, 300)
    plot.show()
    qtbot.waitExposed(plot)
    QApplication.processEvents()
    # the data area 40 px wider than the hint: centred on the whole plot it would lie over
    # the axis, centred on the data it keeps 20 px clear
    plot.resize(round(axis.width()) + hint.width() + 40, 300)
    QApplication.processEvents()
    axis_box = plot.mapFromScene(axis.sceneBoundingRect()).boundingRect()
    assert plot.rect().contains(hint.geometry())
    assert not hint.geometry().intersects(axis_box), (hint.geometry(), axis_box)
