"""A text-size change (Ctrl+= / Ctrl+-) lays the window out before the event loop paints it
(gui.widgets.deferred_style.settle_layouts).

Left to the event loop, each layout pass queued the next and the window was painted between
two of them: three to six full paints of the Training tab per Ctrl+=, the slowest handlers of
issue 7's monkey test. Here the plots already have their final geometry when the key's handler
returns, so the first paint is the last one: events processed afterwards move no plot.
(Presentation mode, F11, also goes full screen: the window manager resizes the window later,
and the window is laid out once more then.)
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

KEYS = {
    "Ctrl+=": (Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+-": (Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier),
}


def _geometries(window) -> dict[str, QRect]:
    """Where each plot of the Training tab and its axes, and each widget of the setup panel,
    are in window coordinates."""
    places: dict[str, QRect] = {}
    for index, widget in enumerate(window.setup.findChildren(QWidget)):
        if widget.isVisible():
            origin = widget.mapTo(window, widget.rect().topLeft())
            places[f"setup {index} {type(widget).__name__}"] = QRect(origin, widget.size())
    for plot in window.plots.plots:
        view = plot.view
        origin = view.mapTo(window, view.rect().topLeft())
        places[type(plot).__name__] = QRect(origin, view.size())
        for index, item in enumerate(view.scene().items()):
            if hasattr(item, "orientation") and hasattr(item, "tickFont"):  # an AxisItem
                places[f"{type(plot).__name__} axis {index}"] = item.sceneBoundingRect().toRect()
    return places


def _settle(qtbot) -> None:
    for _ in range(20):
        QApplication.processEvents()
    qtbot.wait(50)


@pytest.mark.usefixtures("restore_app_font")
@pytest.mark.parametrize(("scale", "key"), [(1.0, "Ctrl+="), (1.5, "Ctrl+-")])
def test_the_training_tab_is_laid_out_before_the_first_paint(qtbot, window, scale, key):
    window.resize(1366, 768)
    window.presentation.set_font_scale(scale)
    _settle(qtbot)

    QTest.keyClick(window, *KEYS[key])
    laid_out = _geometries(window)
    _settle(qtbot)

    assert _geometries(window) == laid_out
