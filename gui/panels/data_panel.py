"""Choose the data set. Every registered set is listed; one whose files are missing says so
and how to get it, instead of disappearing from the list. A folder of the user's own
MNIST-format files (File > Open folder...) joins the list as one more entry, with its path.

The run configuration can only name registered sets, so while the folder is selected
``dataset`` keeps naming the registered set chosen before it, and ``folder_dataset()`` hands
the window the loaded data to train on instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from engine.data import DATASETS, Dataset, dataset_status
from gui.widgets.form_panel import FormPanel

UNAVAILABLE_SUFFIX = " (not available)"
FOLDER = "folder"
"""Item data of the combo entry of the user's own folder."""


class DataPanel(FormPanel):
    """A combo box over ``engine.data.DATASETS`` (and an opened folder) with a status line."""

    def __init__(self, data_dir: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Data", parent)
        self._data_dir = data_dir
        self._status: dict[str, tuple[bool, str]] = {}
        self._folder: Dataset | None = None
        self._registered = next(iter(DATASETS))  # the last registered set selected
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
        """The registered data set selected (or selected last, while the folder is)."""
        return self._registered

    def folder_dataset(self) -> Dataset | None:
        """The user's own data when its entry is selected, else None."""
        return self._folder if self.combo.currentData() == FOLDER else None

    def set_dataset(self, name: str) -> None:
        index = self.combo.findData(name)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def set_folder(self, dataset: Dataset) -> None:
        """Add (or replace) the entry of the user's own data and select it."""
        self._folder = dataset
        self._status[FOLDER] = (True, f"{dataset.source}: {len(dataset.x_train):,} training "
                                      f"and {len(dataset.x_test):,} test samples, "
                                      f"{dataset.classes} classes")
        index = self.combo.findData(FOLDER)
        if index < 0:
            self.combo.addItem("", FOLDER)
            index = self.combo.count() - 1
        self.combo.setItemText(index, f"Folder: {dataset.title}")
        self.combo.setItemData(index, dataset.source, Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(index)
        self._on_selection_changed()  # also when it was selected already (a new folder)

    def refresh_status(self) -> None:
        """Look at the disk again (after a download or a changed data folder)."""
        for name, spec in DATASETS.items():
            index = self.combo.findData(name)
            available, message = dataset_status(name, self._data_dir)
            self._status[name] = (available, message)
            self.combo.setItemText(index, spec.title if available
                                   else spec.title + UNAVAILABLE_SUFFIX)
            self.combo.setItemData(index, message, Qt.ItemDataRole.ToolTipRole)
        self._on_selection_changed()

    def problem(self) -> str | None:
        available, message = self._status[self.combo.currentData()]
        return None if available else message

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.combo.currentData()
        if selected != FOLDER:
            self._registered = selected
        available, message = self._status[selected]
        self.description.setText(message if available else "")
        self.show_problem(self.combo, None if available else message)
        self.changed.emit()
