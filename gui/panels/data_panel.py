"""Choose the data set. Every registered set is listed; one whose files are missing says so
and how to get it, instead of disappearing from the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from engine.data import DATASETS, dataset_status
from gui.panels.form_panel import FormPanel

UNAVAILABLE_SUFFIX = " (not available)"


class DataPanel(FormPanel):
    """A combo box over ``engine.data.DATASETS`` with each set's status below it."""

    def __init__(self, data_dir: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Data", parent)
        self._data_dir = data_dir
        self._status: dict[str, tuple[bool, str]] = {}
        self.combo = QComboBox()
        for name, spec in DATASETS.items():
            self.combo.addItem(spec.title, name)
        self.add_row("Data set", self.combo, "The images or points the network learns to "
                     "classify.")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setToolTip("What the selected data set contains.")
        self.form.addRow(self.description)
        self.finish_form()
        self.refresh_status()
        self.combo.currentIndexChanged.connect(self._on_selection_changed)
        self._on_selection_changed()

    @property
    def dataset(self) -> str:
        return self.combo.currentData()

    def set_dataset(self, name: str) -> None:
        index = self.combo.findData(name)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def refresh_status(self) -> None:
        """Look at the disk again (after a download or a changed data folder)."""
        for index in range(self.combo.count()):
            name = self.combo.itemData(index)
            available, message = dataset_status(name, self._data_dir)
            self._status[name] = (available, message)
            title = DATASETS[name].title
            self.combo.setItemText(index, title if available else title + UNAVAILABLE_SUFFIX)
            self.combo.setItemData(index, message, Qt.ItemDataRole.ToolTipRole)
        self._on_selection_changed()

    def problem(self) -> str | None:
        available, message = self._status[self.dataset]
        return None if available else message

    @Slot()
    def _on_selection_changed(self) -> None:
        available, message = self._status[self.dataset]
        self.description.setText(message if available else "")
        self.show_problem(self.combo, None if available else message)
        self.changed.emit()
