"""Choose the data set. Every registered set is listed; one whose files are missing says so
and how to get it, instead of disappearing from the list. A folder of the user's own
MNIST-format files (File > Open folder...) joins the list as one more entry, with its path.

The run configuration can only name registered sets, so while the folder is selected
``dataset`` keeps naming the registered set chosen before it, and ``folder_dataset()`` hands
the window the loaded data to train on instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from engine.data import (
    DATASETS,
    TEST_FRACTION,
    TOY_PARAM_RANGES,
    TOY_POINTS,
    Dataset,
    ToySet,
    dataset_status,
)
from engine.features import FEATURES, PLANE
from gui.widgets.forms.fitted_combo_box import FittedComboBox
from gui.widgets.forms.form_panel import FormPanel
from gui.widgets.forms.wrapping_grid import WrappingGrid

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
        self.combo = FittedComboBox()
        for name, spec in DATASETS.items():
            self.combo.addItem(spec.title, name)
        self.add_row("Data set", self.combo, "The images or points the network learns to "
                     "classify.")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setToolTip("What the selected data set contains.")
        self.form.addRow(self.description)
        self._add_toy_rows()
        self.finish_form()
        self.refresh_status()
        self.combo.currentIndexChanged.connect(self._on_selection_changed)
        self._on_selection_changed()

    def _add_toy_rows(self) -> None:
        """Noise, points, test fraction and input features: rows shown for 2-D sets only."""
        low, high = TOY_PARAM_RANGES["noise"]
        self.noise_box = _float_box(low, high, 0.01)
        low, high = TOY_PARAM_RANGES["points"]
        self.points_box = QSpinBox()
        self.points_box.setRange(int(low), int(high))
        self.points_box.setSingleStep(50)
        self.points_box.setValue(TOY_POINTS)
        low, high = TOY_PARAM_RANGES["test_fraction"]
        self.test_fraction_box = _float_box(low, high, 0.05)
        self.test_fraction_box.setValue(TEST_FRACTION)
        self.feature_boxes = {name: QCheckBox(name) for name in FEATURES}
        for box in self.feature_boxes.values():
            box.setChecked(box.text() in PLANE)
            box.setToolTip(f"Give the network {box.text()} as an input.")
            box.toggled.connect(self.changed)
        features = WrappingGrid(list(self.feature_boxes.values()), columns=4)
        self._toy_rows = (
            self.add_row("Noise", self.noise_box, "How far the points stray from their "
                         "pattern (for the spiral: jitter of the angle, in radians)."),
            self.add_row("Points", self.points_box, "How many points in total, training "
                         "and test together."),
            self.add_row("Test fraction", self.test_fraction_box, "The share of the points "
                         "held out to test the network on."),
            self.add_row("Features", features, "What the network sees of a point (x, y): "
                         "x2 = x squared, xy = x times y, sinx = sin(pi x)."),
        )
        for box in (self.noise_box, self.points_box, self.test_fraction_box):
            box.valueChanged.connect(self.changed)

    def is_2d(self) -> bool:
        """True when a registered 2-D set is selected (its extra rows show)."""
        return self.combo.currentData() != FOLDER and isinstance(DATASETS[self._registered],
                                                                ToySet)

    def params(self) -> dict[str, float]:
        """The selected 2-D set's noise, points and test fraction where they differ from its
        defaults (so an untouched panel describes the set as it always was); {} for images."""
        if not self.is_2d():
            return {}
        shown = {"noise": round(self.noise_box.value(), 4), "points": self.points_box.value(),
                 "test_fraction": round(self.test_fraction_box.value(), 4)}
        defaults = DATASETS[self._registered].default_params()
        return {key: value for key, value in shown.items() if value != defaults[key]}

    def features(self) -> tuple[str, ...]:
        """The checked input features (x, y for an image set, where they do not apply)."""
        if not self.is_2d():
            return PLANE
        return tuple(name for name, box in self.feature_boxes.items() if box.isChecked())

    def set_params(self, params: Mapping[str, float], features: tuple[str, ...]) -> None:
        """Show a configuration's params (the set's defaults where absent) and features."""
        spec = DATASETS[self._registered]
        if isinstance(spec, ToySet):
            values = spec.check_params(params)
            self.noise_box.setValue(values["noise"])
            self.points_box.setValue(int(values["points"]))
            self.test_fraction_box.setValue(values["test_fraction"])
        for name, box in self.feature_boxes.items():
            box.setChecked(name in features)

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
        if available and not self.features():
            return "Features: check at least one input feature"
        return None if available else message

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.combo.currentData()
        if selected != FOLDER:
            if selected != self._registered and isinstance(DATASETS[selected], ToySet):
                self.noise_box.setValue(DATASETS[selected].default_noise)
            self._registered = selected
        for row in self._toy_rows:
            self.set_row_visible(row, self.is_2d())
        available, message = self._status[selected]
        self.description.setText(message if available else "")
        self.show_problem(self.combo, None if available else message)
        self.changed.emit()


def _float_box(low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(2)
    box.setSingleStep(step)
    return box
