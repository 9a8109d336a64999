"""What the Labs tab's tests share: a shown LabsView, a mouse drag of a plot's line, and a
check that a widget paints a picture."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.config import RunConfig
from gui.style import Style
from gui.views.labs.labs_view import LabsView


@pytest.fixture(name="labs")
def labs_view(qtbot):
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


def drag(qtbot, plot, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Press the mouse on a plot at ``start`` (data units), move it to ``end`` in steps,
    release there."""
    view_box = plot.item.getViewBox()

    def widget_point(x: float, y: float):
        return plot.plot.mapFromScene(view_box.mapViewToScene(QPointF(x, y)))

    viewport = plot.plot.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=widget_point(*start))
    for fraction in (0.25, 0.5, 0.75, 1.0):
        QTest.mouseMove(viewport, widget_point(start[0] + (end[0] - start[0]) * fraction,
                                               start[1] + (end[1] - start[1]) * fraction))
        qtbot.wait(5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=widget_point(*end))


def drag_line(qtbot, plot, line, to_x: float) -> None:
    """Drag a vertical InfiniteLine to x = to_x (data units), holding it halfway up."""
    y = sum(plot.item.getViewBox().viewRange()[1]) / 2
    drag(qtbot, plot, (float(line.value()), y), (to_x, y))


def is_drawn(widget) -> bool:
    """The widget paints more than one colour (a plot with data, not a blank area)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint32, image.width() * image.height())
    return len(np.unique(pixels)) > 10
