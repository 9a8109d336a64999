"""How long and in what steps to train: batch size, epochs, seed, evaluation size, pace.

The pace is not part of the run's configuration: it only slows the worker down so a class can
follow the curves, and it applies at once, also to a running network (``pace_changed``). Its
combo box lives here but the window shows it on the run tool bar (``pace_combo``), where it is
always in view, however long the setup panel gets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtWidgets import QComboBox, QSizePolicy, QSpinBox, QWidget

from engine.config import TrainConfig
from gui.run.worker import PACES
from gui.widgets.forms.form_panel import FormPanel

MAX_SEED = 2**31 - 1  # QSpinBox holds a C int
COMPACT_CHARACTERS = 7
PACE_TIP = "Slow the training down so a class can follow it; applies at once."


class TrainingPanel(FormPanel):
    """Spin boxes for the run length and a pace choice; ``train_fields()`` for TrainConfig."""

    pace_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Training", parent)
        defaults = TrainConfig()
        self.batch_box = self.add_row("Batch size", _int_box(1, 10_000, defaults.batch_size),
                                      "Samples per mini-batch: one weight update per batch.")
        self.epochs_box = self.add_row("Epochs", _int_box(1, 1_000, defaults.epochs),
                                       "How many times the whole training set is gone "
                                       "through.")
        self.seed_box = self.add_row("Seed", _int_box(0, MAX_SEED, defaults.seed),
                                     "Seed of the random numbers: the same seed gives the "
                                     "same run.")
        self.eval_box = self.add_row("Accuracy on", _int_box(0, 1_000_000, 0),
                                     "How many training and test samples the per-epoch "
                                     "accuracy uses, each (all: exact but on full MNIST it "
                                     "holds up pause and stop at every epoch's end; fewer: "
                                     "a fixed random subset, faster).")
        self.eval_box.setSpecialValueText("all samples")
        self.eval_box.setSuffix(" samples")
        self.eval_box.setSingleStep(1_000)
        self.pace_combo = QComboBox()
        self.pace_combo.addItems(list(PACES))
        self.pace_combo.setToolTip(PACE_TIP)
        self.finish_form()
        for box in (self.batch_box, self.epochs_box, self.seed_box, self.eval_box):
            box.valueChanged.connect(self.changed)
        self.pace_combo.currentTextChanged.connect(self._on_pace_changed)

    @property
    def pace(self) -> str:
        return self.pace_combo.currentText()

    def set_pace(self, name: str) -> None:
        if name in PACES:
            self.pace_combo.setCurrentText(name)

    def train_fields(self) -> dict[str, Any]:
        """The TrainConfig fields this panel decides."""
        return {
            "batch_size": self.batch_box.value(),
            "epochs": self.epochs_box.value(),
            "seed": self.seed_box.value(),
            "eval_samples": self.eval_box.value() or None,
        }

    def set_train_fields(self, config: TrainConfig) -> None:
        self.batch_box.setValue(config.batch_size)
        self.epochs_box.setValue(config.epochs)
        self.seed_box.setValue(min(config.seed, MAX_SEED))
        self.eval_box.setValue(config.eval_samples or 0)

    def problem(self) -> str | None:
        return None  # the spin boxes only hold usable values

    @Slot(str)
    def _on_pace_changed(self, name: str) -> None:
        self.pace_changed.emit(PACES[name])


class CompactSpinBox(QSpinBox):
    """A spin box that may be squeezed to COMPACT_CHARACTERS digits instead of always being as
    wide as its widest value ('1,000,000 samples', the seed's '2,147,483,647'): on a small
    screen with large text it scrolls its text rather than widen the setup panel."""

    def __init__(self) -> None:
        super().__init__()
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)  # may shrink to the minimum
        self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        widest = metrics.horizontalAdvance(self.textFromValue(self.maximum()) + self.suffix())
        compact = hint.width() - widest + metrics.horizontalAdvance("0" * COMPACT_CHARACTERS)
        return QSize(min(hint.width(), compact), hint.height())


def _int_box(minimum: int, maximum: int, value: int) -> QSpinBox:
    box = CompactSpinBox()
    box.setRange(minimum, maximum)
    box.setValue(value)
    box.setGroupSeparatorShown(True)
    return box
