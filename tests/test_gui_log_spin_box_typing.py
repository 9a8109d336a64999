"""Typing a learning rate: what the engine accepts is accepted, anything else is explained."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.panels.optimizer_panel import OptimizerPanel
from gui.widgets.forms.log_spin_box import LogSpinBox


def type_into(qtbot, box, text):
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


@pytest.fixture
def panel(qtbot):
    panel = OptimizerPanel()
    qtbot.addWidget(panel)
    panel.set_optimizer("sgd")
    return panel


def test_a_learning_rate_of_1e5_is_accepted_as_the_engine_allows(qtbot, panel):
    box = panel.fields["lr"]
    notices = []
    box.notice.connect(notices.append)
    type_into(qtbot, box, "1e5")
    assert box.value() == 1e5
    assert panel.train_fields()["lr"] == 1e5
    assert notices == []


@pytest.mark.parametrize("typed, value, notice", [
    ("5e7", 1e6, "5e+07 is above the largest allowed value, 1e+06; set to 1e+06."),
    ("1e-9", 1e-6, "1e-09 is below the smallest allowed value, 1e-06; set to 1e-06."),
    ("1e", 0.01, "'1e' is not a number; kept 0.01."),
    ("2e3", 2e3, None),
])
def test_a_value_the_box_cannot_take_is_explained(qtbot, typed, value, notice):
    box = LogSpinBox(1e-6, 1e6, 0.01)
    qtbot.addWidget(box)
    notices = []
    box.notice.connect(notices.append)
    type_into(qtbot, box, typed)
    assert box.value() == value
    assert notices == ([notice] if notice else [])
