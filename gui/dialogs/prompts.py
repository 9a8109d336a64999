"""The questions file actions ask the user: where to save, what to open, may I overwrite.

The actions in gui/actions/file_actions.py and gui/actions/export.py talk to the user only through a
``Prompts`` object, so a test hands them a fake that answers at once instead of a modal
dialog. Save dialogs never confirm overwriting themselves: the action asks ``ask_overwrite``
once it knows the final file name (with its suffix added).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

_Button = QMessageBox.StandardButton


class Prompts:
    """Qt dialogs parented to ``parent``; remembers the last folder between questions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self._folder = str(Path.home())

    def save_path(self, caption: str, name_filter: str, suggested_name: str) -> Path | None:
        """A file name to write, or None when the user cancels."""
        name, _ = QFileDialog.getSaveFileName(
            self.parent, caption, str(Path(self._folder) / suggested_name), name_filter,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        return self._remember(name)

    def open_path(self, caption: str, name_filter: str) -> Path | None:
        """An existing file to read, or None when the user cancels."""
        name, _ = QFileDialog.getOpenFileName(self.parent, caption, self._folder, name_filter)
        return self._remember(name)

    def folder(self, caption: str) -> Path | None:
        """An existing folder, or None when the user cancels."""
        name = QFileDialog.getExistingDirectory(self.parent, caption, self._folder)
        path = self._remember(name)
        if path is not None:
            self._folder = str(path)
        return path

    def ask_overwrite(self, path: Path) -> bool:
        """True when the user agrees to replace the existing file ``path``."""
        answer = QMessageBox.question(
            self.parent, "Replace file?",
            f"{path.name} already exists in {path.parent}.\nDo you want to replace it?",
            _Button.Yes | _Button.No, _Button.No,
        )
        return answer == _Button.Yes

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

    def _remember(self, name: str) -> Path | None:
        if not name:
            return None
        path = Path(name)
        self._folder = str(path.parent)
        return path


class OverwriteForBatch:
    """``ask_overwrite`` for writing many files at once: Yes / Yes to All / No / No to All.

    One object serves one batch, so "to all" never carries over into the next export.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent
        self._answer_for_all: bool | None = None

    def __call__(self, path: Path) -> bool:
        if self._answer_for_all is not None:
            return self._answer_for_all
        answer = QMessageBox.question(
            self._parent, "Replace files?",
            f"{path.name} already exists in {path.parent}.\nDo you want to replace it?",
            _Button.Yes | _Button.YesToAll | _Button.No | _Button.NoToAll, _Button.No,
        )
        if answer in (_Button.YesToAll, _Button.NoToAll):
            self._answer_for_all = answer == _Button.YesToAll
        return answer in (_Button.Yes, _Button.YesToAll)
