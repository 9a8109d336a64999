"""The network's shape: hidden layers, activation, weight init, batch norm, dropout, decay.

Choices come from the engine's registries (ACTIVATIONS, WEIGHT_INITS), so the panel never
offers something the engine cannot build. The result is an ``engine.config.NetworkConfig``.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QWidget

from engine.config import ConfigError, NetworkConfig, parse_hidden_sizes
from engine.initializers import WEIGHT_INITS
from engine.layers import ACTIVATIONS
from gui.widgets.forms.fitted_line_edit import FittedLineEdit
from gui.widgets.forms.form_panel import FormPanel, choice_box
from gui.widgets.forms.log_spin_box import LogSpinBox

ACTIVATION_HELP = {
    "relu": "max(0, x): fast, and the usual choice with He init.",
    "sigmoid": "1 / (1 + exp(-x)): the classic S-curve, pairs with Xavier init.",
    "tanh": "tanh(x): an S-curve centred on 0, pairs with Xavier init.",
}


class NetworkPanel(FormPanel):
    """Controls for every NetworkConfig field; ``config()`` builds the dataclass."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Network", parent)
        defaults = NetworkConfig()
        self.hidden_edit = FittedLineEdit(", ".join(map(str, defaults.hidden_sizes)))
        self.hidden_edit.setPlaceholderText("e.g. 100, 100 (empty: no hidden layer)")
        self.add_row("Hidden layers", self.hidden_edit, "Width of each hidden layer, "
                     "separated by commas: '100, 50' is two layers.")
        self.activation_combo = choice_box(
            {name: ACTIVATION_HELP.get(name, name) for name in ACTIVATIONS})
        self.add_row("Activation", self.activation_combo, "The function applied after each "
                     "hidden layer.")
        self.init_combo = choice_box(
            {name: f"Weights drawn with std = {init.formula}."
             for name, init in WEIGHT_INITS.items()})
        self.add_row("Weight init", self.init_combo, "How the starting weights are scaled: "
                     "'he' suits ReLU, 'xavier' suits sigmoid and tanh.")
        self.std_box = self.add_row("Init std", LogSpinBox(1e-4, 100.0, defaults.init_std),
                                    "Standard deviation of the starting weights when the "
                                    "init is 'std'.")
        self.batchnorm_box = self.add_row("Batch norm", QCheckBox("on"),
                                          "Normalize each hidden layer's inputs over the "
                                          "mini-batch (faster, steadier training).")
        self.dropout_box = self.add_row("Dropout", _ratio_box(0.0, 0.95, 0.05, defaults.dropout),
                                        "Share of hidden units switched off at random in "
                                        "each training step (against overfitting).")
        self.decay_box = self.add_row("Weight decay", _ratio_box(0.0, 10.0, 0.01,
                                                                 defaults.weight_decay),
                                      "Penalty 0.5 * lambda * sum(W**2) that keeps weights "
                                      "small (against overfitting).")
        self.finish_form()
        self.set_config(defaults)
        for signal in (self.hidden_edit.textChanged, self.activation_combo.currentIndexChanged,
                       self.init_combo.currentIndexChanged, self.std_box.valueChanged,
                       self.batchnorm_box.toggled, self.dropout_box.valueChanged,
                       self.decay_box.valueChanged):
            signal.connect(self._on_edited)
        self._on_edited()

    def config(self) -> NetworkConfig:
        """The NetworkConfig the controls describe; ConfigError says what is wrong."""
        return NetworkConfig(
            hidden_sizes=parse_hidden_sizes(self.hidden_edit.text()),
            activation=self.activation_combo.currentData(),
            weight_init=self.init_combo.currentData(),
            init_std=self.std_box.value(),
            dropout=self.dropout_box.value(),
            batchnorm=self.batchnorm_box.isChecked(),
            weight_decay=self.decay_box.value(),
        )

    def set_config(self, config: NetworkConfig) -> None:
        self.hidden_edit.setText(", ".join(map(str, config.hidden_sizes)))
        self.activation_combo.setCurrentIndex(self.activation_combo.findData(config.activation))
        self.init_combo.setCurrentIndex(self.init_combo.findData(config.weight_init))
        self.std_box.setValue(config.init_std)
        self.batchnorm_box.setChecked(config.batchnorm)
        self.dropout_box.setValue(config.dropout)
        self.decay_box.setValue(config.weight_decay)

    def problem(self) -> str | None:
        try:
            self.config()
        except ConfigError as error:
            return str(error)
        return None

    @Slot()
    def _on_edited(self) -> None:
        self.set_row_visible(self.std_box, WEIGHT_INITS[self.init_combo.currentData()].needs_std)
        try:
            parse_hidden_sizes(self.hidden_edit.text())
        except ConfigError as error:
            self.show_problem(self.hidden_edit, str(error))
        else:
            self.show_problem(None, self.problem())
        self.changed.emit()


def _ratio_box(minimum: float, maximum: float, step: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(3)
    box.setSingleStep(step)
    box.setValue(value)
    return box
