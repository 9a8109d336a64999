"""What every setup panel shares: a titled form, tooltips on each row, and error marking.

A panel never raises at the user: it marks the offending control with a red border, shows the
reason under the form, and reports it through ``problem()`` so the window can disable Start
and say why. ``changed`` fires on every edit.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from gui.widgets.forms.fitted_combo_box import FittedComboBox
from gui.widgets.forms.form_layout import FormLayout

ERROR_COLOUR = "#d93036"


class FormPanel(QGroupBox):
    """A QGroupBox with a QFormLayout; subclasses add rows and implement ``problem()``."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.form = FormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # squeezed (large text, small screen), a row puts its label above the control
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._error_label = QLabel()
        self._error_label.setWordWrap(True)
        self._error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self._error_label.hide()
        self._marked: set[QWidget] = set()

    def add_row(self, label: str, field: QWidget, tooltip: str) -> QWidget:
        """A labelled row whose label and control both explain themselves on hover."""
        field.setToolTip(tooltip)
        if isinstance(field, QComboBox):
            shorten_when_squeezed(field)
        self.form.addRow(label, field)
        self.form.labelForField(field).setToolTip(tooltip)
        return field

    def finish_form(self) -> None:
        """Call after the last row: the error line sits at the bottom of the panel."""
        self.form.addRow(self._error_label)

    def set_row_visible(self, field: QWidget, visible: bool) -> None:
        self.form.setRowVisible(field, visible)

    def show_problem(self, field: QWidget | None, message: str | None) -> None:
        """Mark ``field`` (or nothing) red and show ``message``; ``None`` clears the marks."""
        for marked in self._marked - {field}:
            marked.setStyleSheet("")
        self._marked.clear()
        if message and field is not None:
            field.setStyleSheet(f"border: 2px solid {ERROR_COLOUR}; border-radius: 3px;")
            self._marked.add(field)
        self._error_label.setText(message or "")
        self._error_label.setVisible(bool(message))

    def problem(self) -> str | None:
        """Why the current input cannot be used, or None when it can."""
        raise NotImplementedError


COMBO_MINIMUM_CHARACTERS = 8


def shorten_when_squeezed(box: QComboBox) -> None:
    """Let a combo box be narrower than its longest item (Qt elides the text), so a long
    choice never forces the setup panel, and with it the window, wider than the screen."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(COMBO_MINIMUM_CHARACTERS)


def choice_box(choices: Mapping[str, str]) -> QComboBox:
    """A combo box of registry names (item data = name), each item with its own tooltip."""
    box = FittedComboBox()
    for index, (name, tooltip) in enumerate(choices.items()):
        box.addItem(name, name)
        box.setItemData(index, tooltip, Qt.ItemDataRole.ToolTipRole)
    return box
