"""The controls of the optimizer-path view: surface, optimizers with their learning rates,
steps, gradient method and the animation buttons.

This module only builds and lays out the widgets (each with a one-sentence tooltip); the
view (gui/views/paths/paths_view.py) connects their signals and owns the behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QSignalBlocker, QSize
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import OPTIMIZERS
from engine.paths import GRADIENT_METHODS
from engine.surfaces import SURFACES, Surface
from gui.style import PATH_LOOKS
from gui.widgets.forms.form_layout import FormLayout
from gui.widgets.forms.form_panel import shorten_when_squeezed

GRADIENT_LABELS = {"analytic": "Analytic", "numerical": "Numerical (central difference)"}
MAX_STEPS = 2000
MAX_SPEED = 500


TYPICAL_RATE = "0.0001"
"""The longest learning rate a field must show whole at its narrowest."""


class LearningRateSpinBox(QDoubleSpinBox):
    """A learning-rate field whose arrow keys step in proportion to the value (0.95 -> 0.96,
    0.001 -> 0.0011), shown without trailing zeros."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(6)
        self.setRange(1e-6, 100.0)
        self.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.setKeyboardTracking(False)  # recompute on Enter or arrows, not on every keystroke
        # may shrink below its size hint, down to minimumSizeHint
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        text = self.locale().toString(value, "f", self.decimals())
        point = self.locale().decimalPoint()
        return text.rstrip("0").rstrip(point) if point in text else text

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Room for the rates people type ("0.0001"), not for the smallest one allowed
        ("0.000001"): at large text the wider field pushed the controls past their column."""
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        spare = metrics.horizontalAdvance(self.textFromValue(self.minimum())) - \
            metrics.horizontalAdvance(TYPICAL_RATE)
        return QSize(hint.width() - max(spare, 0), hint.height())


class PathsControls(QWidget):
    """The widgets, exposed as attributes for the view and for tests."""

    def __init__(self, colours: Mapping[str, str], checked: Iterable[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)  # the groups' frames part them from the plot
        layout.addWidget(self._surface_group())
        layout.addWidget(self._optimizer_group(colours, set(checked)))
        layout.addWidget(self._path_group())
        layout.addWidget(self._animation_group())
        layout.addStretch(1)

    def _surface_group(self) -> QGroupBox:
        self.surface_combo = QComboBox()
        for key, surface in SURFACES.items():
            self.surface_combo.addItem(surface.title, key)
        self.surface_combo.setToolTip("The function f(x, y) whose minimum the optimizers look for.")
        shorten_when_squeezed(self.surface_combo)  # the column wraps, never scrolls sideways
        self.formula_label = QLabel()
        self.formula_label.setWordWrap(True)
        self.formula_label.setToolTip("The formula of the selected surface.")
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.description_label.setToolTip("What this surface is good at showing.")
        group = QGroupBox("Surface")
        box = QVBoxLayout(group)
        for widget in (self.surface_combo, self.formula_label, self.description_label):
            box.addWidget(widget)
        return group

    def _optimizer_group(self, colours: Mapping[str, str], checked: set[str]) -> QGroupBox:
        self.optimizer_checks: dict[str, QCheckBox] = {}
        self.lr_spins: dict[str, LearningRateSpinBox] = {}
        self._swatches: dict[str, QLabel] = {}
        group = QGroupBox("Optimizers")
        grid = QGridLayout(group)
        grid.addWidget(QLabel("learning rate"), 0, 2)
        for row, (name, optimizer_class) in enumerate(OPTIMIZERS.items(), start=1):
            label = optimizer_class.__name__
            check = QCheckBox(label)
            check.setChecked(name in checked)
            check.setToolTip(f"Draw the path of {label}: {optimizer_class.description}")
            swatch = QLabel()
            swatch.setToolTip(f"The colour and marker of {label}'s path.")
            self._swatches[name] = swatch
            spin = LearningRateSpinBox()
            spin.setToolTip(f"Learning rate of {label}; the arrow keys step in proportion.")
            self.optimizer_checks[name] = check
            self.lr_spins[name] = spin
            grid.addWidget(check, row, 0)
            grid.addWidget(swatch, row, 1)
            grid.addWidget(spin, row, 2)
        grid.setColumnStretch(2, 1)
        self.show_colours(colours)
        return group

    def show_colours(self, colours: Mapping[str, str]) -> None:
        """Each optimizer's swatch in its path's colour (they change with the theme)."""
        for name, swatch in self._swatches.items():
            glyph = PATH_LOOKS[name].glyph if name in PATH_LOOKS else ""
            swatch.setText(f'<span style="color:{colours[name]}; font-weight:bold">'
                           f"━{glyph}━</span>")

    def _path_group(self) -> QGroupBox:
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, MAX_STEPS)
        self.steps_spin.setValue(30)
        self.steps_spin.setKeyboardTracking(False)
        self.steps_spin.setToolTip("How many updates each optimizer makes from the start point.")
        self.gradient_combo = QComboBox()
        for method in GRADIENT_METHODS:
            self.gradient_combo.addItem(GRADIENT_LABELS[method], method)
        self.gradient_combo.setToolTip(
            "Compute the gradient from its formula, or numerically from f by central differences."
        )
        shorten_when_squeezed(self.gradient_combo)
        self.start_label = QLabel()
        self.start_label.setToolTip("Click or drag on the plot to move the start point.")
        self.default_start_button = QPushButton("Default start")
        self.default_start_button.setToolTip("Move the start point back to this surface's default.")
        group = QGroupBox("Path")
        form = wrapping_form(group)
        form.addRow("Steps", self.steps_spin)
        form.addRow("Gradient", self.gradient_combo)
        form.addRow("Start", self.start_label)
        form.addRow(self.default_start_button)
        return group

    def _animation_group(self) -> QGroupBox:
        self.play_button = QPushButton("Play")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Animate the paths step by step; press again to pause.")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip("Advance every path by one update.")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Go back to the start point, ready to play or step.")
        self.speed_spin = QSpinBox()
        self.speed_spin.setRange(1, MAX_SPEED)
        self.speed_spin.setValue(10)
        self.speed_spin.setSuffix(" steps/s")
        self.speed_spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.speed_spin.setToolTip("How many updates per second the animation shows.")
        buttons = QHBoxLayout()
        for button in (self.play_button, self.step_button, self.reset_button):
            buttons.addWidget(button)
        group = QGroupBox("Animation")
        form = wrapping_form(group)
        form.addRow(buttons)
        form.addRow("Speed", self.speed_spin)
        return group

    def surface_name(self) -> str:
        return self.surface_combo.currentData()

    def gradient_method(self) -> str:
        return self.gradient_combo.currentData()

    def checked_learning_rates(self) -> dict[str, float]:
        """{optimizer name: learning rate} of the checked optimizers, in registry order."""
        return {name: self.lr_spins[name].value()
                for name, check in self.optimizer_checks.items() if check.isChecked()}

    def show_surface(self, surface: Surface) -> None:
        """Show the surface's text and load its suggested learning rates, steps and speed,
        without emitting change signals (the view recomputes once afterwards)."""
        self.formula_label.setText(surface.formula)
        self.description_label.setText(surface.description)
        for name, spin in self.lr_spins.items():
            with QSignalBlocker(spin):
                spin.setValue(surface.learning_rates[name])
        with QSignalBlocker(self.steps_spin):
            self.steps_spin.setValue(surface.steps)
        # About three seconds for a whole animation, whatever the number of steps.
        self.speed_spin.setValue(max(1, round(surface.steps / 3)))

    def show_start(self, point: tuple[float, float]) -> None:
        self.start_label.setText(f"({point[0]:.3g}, {point[1]:.3g})")

    def show_playing(self, playing: bool) -> None:
        with QSignalBlocker(self.play_button):
            self.play_button.setChecked(playing)
        self.play_button.setText("Pause" if playing else "Play")


def wrapping_form(group: QGroupBox) -> QFormLayout:
    """A form that puts a label above its field when the column is too narrow for both."""
    form = FormLayout(group)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form
