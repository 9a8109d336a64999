"""A spin box for positive numbers that span decades (learning rates, epsilons).

The arrows and the mouse wheel step through 1-2-5 values (0.001, 0.002, 0.005, 0.01, ...),
so a learning rate moves by a sensible factor with each click; any value can still be typed,
also as ``1e-3``. The text shows significant digits, never a row of zeros. A typed number
outside [minimum, maximum] is clamped to the nearest bound, and text that is no number keeps the
old value; either way the box says so (``notice``, also shown as a tool tip at the box) instead
of silently showing something else than what was typed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QToolTip, QWidget

MANTISSAS = (1.0, 2.0, 5.0)


def log_step(value: float, steps: int) -> float:
    """The value ``steps`` places away on the 1-2-5 ladder (off-ladder values snap first)."""
    exponent = math.floor(math.log10(value))
    ladder = [m * 10.0 ** exponent for m in MANTISSAS]
    position = 3 * exponent
    below = [i for i, rung in enumerate(ladder) if rung <= value * (1 + 1e-9)]
    index = below[-1] if below else 0
    on_ladder = math.isclose(ladder[index], value, rel_tol=1e-9)
    if steps < 0 and not on_ladder:
        steps += 1  # stepping down from 0.003 lands on 0.002, not 0.001
    position += index + steps
    exponent, index = divmod(position, 3)
    return float(f"{MANTISSAS[index] * 10.0 ** exponent:.12g}")


class LogSpinBox(QDoubleSpinBox):
    """A QDoubleSpinBox with 1-2-5 steps and ``%g`` text, for values in [minimum, maximum] > 0.

    ``notice(str)`` says why the value differs from what the user typed (clamped or refused).
    """

    notice = Signal(str)

    def __init__(self, minimum: float, maximum: float, value: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(12)  # keep tiny values exact; textFromValue decides what is shown
        self.setRange(minimum, maximum)
        self.setValue(value)
        self.setKeyboardTracking(False)  # typing "0.0" on the way to "0.01" is not a value
        self._typed: str | None = None
        self.lineEdit().textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self._explain_value)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        self.setValue(min(max(log_step(self.value(), steps), self.minimum()), self.maximum()))

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        return float(self._number_text(text))

    def validate(self, text: str, position: int) -> object:
        number = self._number_text(text)
        try:
            value = float(number)
        except ValueError:
            partial = number == "" or number[-1] in "eE.-+"
            state = QValidator.State.Intermediate if partial else QValidator.State.Invalid
            return state, text, position
        if math.isfinite(value):  # out of range: clamped to a bound, and said so
            return QValidator.State.Acceptable, text, position
        return QValidator.State.Intermediate, text, position

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._typed = text

    @Slot()
    def _explain_value(self) -> None:
        """After editing: if the value is not what was typed, say why (once per edit)."""
        typed, self._typed = self._typed, None
        if typed is None:
            return
        number = self._number_text(typed)
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self._say(f"'{number}' is not a number; kept {self.value():g}.")
        elif value < self.minimum():
            self._say(f"{value:g} is below the smallest allowed value, {self.minimum():g}; "
                      f"set to {self.minimum():g}.")
        elif value > self.maximum():
            self._say(f"{value:g} is above the largest allowed value, {self.maximum():g}; "
                      f"set to {self.maximum():g}.")

    def _say(self, text: str) -> None:
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), text, self)
        self.notice.emit(text)

    def _number_text(self, text: str) -> str:
        return text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
