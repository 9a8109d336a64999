"""Help > Keyboard shortcuts: a cheat sheet built from the window's own actions.

The table is generated from the menus every time it opens, so it lists exactly the keys that
work and can never drift from them. ``mention_shortcuts`` puts the same keys into each
action's tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

KeysOf = Callable[[QAction], list[QKeySequence]]


def keys_text(keys: Iterable[QKeySequence]) -> str:
    """'S or Right', as the user reads it."""
    return " or ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in keys)


def action_name(action: QAction) -> str:
    """The action's menu text without accelerator marks, dots and shortcut column."""
    return action.text().split("\t")[0].replace("&", "").removesuffix("...")


def shortcut_rows(menu_bar: QMenuBar, keys_of: KeysOf) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every menu entry that has a key, in menu order."""
    rows = []
    for menu in (entry.menu() for entry in menu_bar.actions()):
        if menu is None:
            continue
        for action in menu.actions():
            keys = keys_of(action)
            if keys and not action.isSeparator():
                rows.append((menu.title().replace("&", ""), action_name(action),
                             keys_text(keys)))
    return rows


def mention_shortcuts(actions: Iterable[QAction], keys_of: KeysOf) -> None:
    """Append each action's keys to its tooltip unless the tooltip names them already."""
    for action in actions:
        keys = keys_of(action)
        if not keys:
            continue
        text = keys_text(keys)
        tip = action.toolTip()
        if text not in tip:
            action.setToolTip(f"{tip} ({text})")


class ShortcutsDialog(QDialog):
    """A table of menu, action and keys, with a Close button."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(self.table.horizontalHeader().length() + 60,
                    min(self.table.verticalHeader().length() + 120, 700))

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's content, row by row (for tests and screen readers' sake)."""
        return [tuple(self.table.item(row, column).text() for column in range(3))
                for row in range(self.table.rowCount())]
