"""Enter or Esc in a setup field commits the value and hands the keyboard back to the window.

A focused text field or spin box keeps the keys it types, so Space, S and R do nothing while
the cursor blinks in it. A lecturer who typed a learning rate presses Enter (or Esc) and the
run keys work again: the field loses the focus, which commits it (a spin box interprets its
text, a line edit reports ``editingFinished``), and the keys go to the window's shortcuts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QWidget

LEAVE_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape}
FIELD_TYPES = (QLineEdit, QAbstractSpinBox, QComboBox)


class LeaveFieldOnEnter(QObject):
    """An event filter for every field under ``content``; keep a reference (Qt parents it)."""

    def __init__(self, content: QWidget) -> None:
        super().__init__(content)
        for field in content.findChildren(QWidget):
            if isinstance(field, FIELD_TYPES):
                field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or event.key() not in LEAVE_KEYS:
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False  # the open list handles its own Enter and Esc
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # Esc is the Stop key: here it only leaves the field
            return True
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # commits the value on focus out
        return True
