"""Single keys that drive what a view shows (step, play, reset), as window actions of the
view: they fire only while it is on screen (a hidden widget's shortcuts do not) and also in
plots only, where the menus and buttons are hidden."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def add_key_actions(widget: QWidget, bindings: list[tuple[list[Qt.Key], Callable]]) -> None:
    """One action per (keys, slot) pair, owned by ``widget``."""
    for keys, slot in bindings:
        action = QAction(widget)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        widget.addAction(action)
