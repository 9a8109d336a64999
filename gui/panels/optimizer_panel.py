"""Choose the optimizer and set exactly its own hyperparameters.

The rows are read from the optimizer class (``hyperparameters()`` gives names and the book's
defaults), so Adam shows beta1, beta2 and eps and SGD only the learning rate. Values typed for
one optimizer are kept when the user looks at another and comes back. The learning rate is the
one setting that applies to a running network (``lr_changed``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QWidget

from engine.optimizers import HYPERPARAMETER_HELP, OPTIMIZERS
from gui.widgets.forms.form_panel import FormPanel, choice_box
from gui.widgets.forms.log_spin_box import LogSpinBox

DEFAULT_OPTIMIZER = "adam"
LR_RANGE = (1e-6, 1e6)  # as the engine (TrainConfig) allows


class OptimizerPanel(FormPanel):
    """The optimizer combo, its one-line description and one row per hyperparameter."""

    lr_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Optimizer", parent)
        self.combo = choice_box({name: cls.description for name, cls in OPTIMIZERS.items()})
        self.add_row("Optimizer", self.combo, "The rule that turns gradients into weight "
                     "updates.")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setToolTip("How the selected optimizer updates the weights.")
        self.form.addRow(self.description)
        self.finish_form()
        self._values = {name: cls.hyperparameters() for name, cls in OPTIMIZERS.items()}
        self.fields: dict[str, QDoubleSpinBox] = {}
        self.combo.currentIndexChanged.connect(self._show_fields)
        self.set_optimizer(DEFAULT_OPTIMIZER)

    @property
    def optimizer(self) -> str:
        return self.combo.currentData()

    @property
    def lr(self) -> float:
        return self.fields["lr"].value()

    def set_optimizer(self, name: str, values: dict[str, float] | None = None) -> None:
        """Select ``name``, overriding the values of the given hyperparameters."""
        self._values[name].update(values or {})
        index = self.combo.findData(name)
        if index == self.combo.currentIndex():
            self._show_fields()
        else:
            self.combo.setCurrentIndex(index)  # rebuilds the rows through the signal

    def train_fields(self) -> dict[str, Any]:
        """The TrainConfig fields this panel decides: optimizer, lr, optimizer_params."""
        params = {name: box.value() for name, box in self.fields.items() if name != "lr"}
        return {"optimizer": self.optimizer, "lr": self.lr, "optimizer_params": params}

    def problem(self) -> str | None:
        return None  # every field is range-limited, so any value shown is usable

    @Slot()
    def _show_fields(self) -> None:
        """Replace the hyperparameter rows with those of the selected optimizer."""
        for box in self.fields.values():
            self.form.removeRow(box)
        self.fields = {}
        self.description.setText(OPTIMIZERS[self.optimizer].description)
        row = self.form.rowCount() - 1  # above the error line
        for name, value in self._values[self.optimizer].items():
            box = _hyperparameter_box(name, value)
            box.setToolTip(HYPERPARAMETER_HELP.get(name, name))
            box.valueChanged.connect(self._on_value_changed)
            self.form.insertRow(row, _label(name), box)
            self.form.labelForField(box).setToolTip(box.toolTip())
            self.fields[name] = box
            row += 1
        self.fields["lr"].valueChanged.connect(self._on_lr_changed)
        self.changed.emit()

    @Slot()
    def _on_value_changed(self) -> None:
        self._values[self.optimizer] = {name: box.value() for name, box in self.fields.items()}
        self.changed.emit()

    @Slot(float)
    def _on_lr_changed(self, lr: float) -> None:
        self.lr_changed.emit(lr)


def _label(name: str) -> str:
    return {"lr": "Learning rate", "decay_rate": "Decay rate", "eps": "Epsilon"}.get(name, name)


def _hyperparameter_box(name: str, value: float) -> QDoubleSpinBox:
    """A log-scale box for the learning rate and tiny constants (eps); a 0..1 box for the
    decay factors (momentum, beta1, beta2, decay_rate), which all live in [0, 1)."""
    if name == "lr":
        return LogSpinBox(*LR_RANGE, value)
    if value < 1e-3:
        return LogSpinBox(1e-12, 1.0, value)
    box = QDoubleSpinBox()
    box.setRange(0.0, 0.9999)
    box.setDecimals(4)
    box.setSingleStep(0.01)
    box.setValue(value)
    return box
