"""The setup panels at presentation text in the narrowest dock: every combo box shows its
whole current choice."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox

from gui.panels.data_panel import DataPanel
from gui.panels.network_panel import NetworkPanel
from gui.panels.optimizer_panel import OptimizerPanel
from gui.style import Style, apply_app_font


def text_room(box: QComboBox) -> int:
    """The width of the combo box's text field, as its style draws it."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    return box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                      QStyle.SubControl.SC_ComboBoxEditField, box).width()


@pytest.mark.parametrize("scale", [1.5, 1.9])  # F11; F11 with Ctrl+= twice
@pytest.mark.parametrize("panel_type", [DataPanel, NetworkPanel, OptimizerPanel])
def test_a_squeezed_panel_shows_each_combo_boxs_whole_choice(qtbot, restore_app_font,
                                                              scale, panel_type):
    """In F11 at 1024x768 the data set read 'MNIST sar': the form kept the label beside a
    combo box narrower than 'MNIST sample'."""
    apply_app_font(QApplication.instance(), Style(font_scale=scale))
    panel = panel_type()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    for width in range(panel.minimumSizeHint().width(), panel.sizeHint().width() + 1, 12):
        panel.resize(width, 900)
        panel.layout().activate()
        for box in panel.findChildren(QComboBox):
            if box.isVisible():
                needed = box.fontMetrics().horizontalAdvance(box.currentText())
                assert text_room(box) >= needed, (width, box.currentText(), text_room(box))
