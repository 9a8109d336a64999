"""The setup panels: registry-driven choices, per-optimizer fields, validation, tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit

from engine.config import NetworkConfig, RunConfig, TrainConfig
from engine.data import DATASETS
from engine.optimizers import OPTIMIZERS
from gui.panels.setup_panel import SetupPanel
from gui.widgets.forms.log_spin_box import LogSpinBox, log_step


@pytest.fixture
def setup(qtbot, tmp_path):
    panel = SetupPanel(data_dir=str(tmp_path))  # an empty data folder: full MNIST is missing
    qtbot.addWidget(panel)
    panel.show()
    return panel


@pytest.mark.parametrize(("value", "steps", "expected"), [
    (0.001, 1, 0.002), (0.002, 1, 0.005), (0.005, 1, 0.01), (0.01, -1, 0.005),
    (0.001, -1, 0.0005), (0.003, 1, 0.005), (0.003, -1, 0.002), (0.001, 3, 0.01),
])
def test_log_steps_follow_the_1_2_5_ladder(value, steps, expected):
    assert log_step(value, steps) == pytest.approx(expected)


def test_log_spin_box_shows_and_reads_scientific_numbers(qtbot):
    box = LogSpinBox(1e-6, 10.0, 0.001)
    qtbot.addWidget(box)
    assert box.text() == "0.001"
    box.stepBy(-4)
    assert box.value() == pytest.approx(5e-5)
    assert box.text() == "5e-05"
    assert box.validate("1e-3", 4)[0] == QValidator.State.Acceptable
    assert box.validate("1e-", 3)[0] == QValidator.State.Intermediate
    assert box.validate("abc", 3)[0] == QValidator.State.Invalid
    assert box.valueFromText("2e-4") == pytest.approx(2e-4)


def test_every_registered_data_set_is_listed_and_missing_ones_say_why(setup):
    combo = setup.data.combo
    assert [combo.itemData(i) for i in range(combo.count())] == list(DATASETS)
    setup.data.set_dataset("mnist")
    assert "not available" in combo.currentText()
    assert "MNIST" in setup.data.problem()
    assert setup.problem() == setup.data.problem()
    setup.data.set_dataset("mnist-sample")
    assert setup.problem() is None


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_the_optimizer_panel_shows_exactly_its_hyperparameters(setup, name):
    panel = setup.optimizer
    panel.set_optimizer(name)
    hyper = OPTIMIZERS[name].hyperparameters()
    assert list(panel.fields) == list(hyper)
    for key, default in hyper.items():
        assert panel.fields[key].value() == pytest.approx(default)
    train = setup.run_config().train
    assert train.optimizer == name
    assert train.create_optimizer().settings() == pytest.approx(hyper)


def test_values_typed_for_one_optimizer_survive_a_look_at_another(setup):
    panel = setup.optimizer
    panel.set_optimizer("momentum")
    panel.fields["momentum"].setValue(0.5)
    panel.set_optimizer("adam")
    panel.set_optimizer("momentum")
    assert panel.fields["momentum"].value() == pytest.approx(0.5)


def test_the_std_value_is_shown_only_for_the_std_init(setup):
    network = setup.network
    for name in ("std", "he", "xavier"):
        network.init_combo.setCurrentIndex(network.init_combo.findData(name))
        assert network.form.isRowVisible(network.std_box) == (name == "std")


def test_panels_round_trip_a_run_config(setup):
    config = RunConfig(
        dataset="spiral",
        network=NetworkConfig(hidden_sizes=(30, 20), activation="tanh", weight_init="std",
                              init_std=0.05, dropout=0.2, batchnorm=True, weight_decay=0.1),
        train=TrainConfig(epochs=7, batch_size=32, optimizer="momentum", lr=0.05,
                          optimizer_params={"momentum": 0.8}, eval_samples=500, seed=11),
    )
    setup.set_run_config(config)
    assert setup.run_config() == config


def test_every_control_explains_itself_in_a_tooltip(setup):
    kinds = (QComboBox, QAbstractSpinBox, QLineEdit, QCheckBox)
    controls = [widget for kind in kinds for widget in setup.findChildren(kind)
                if not isinstance(widget.parent(), QAbstractSpinBox)]  # a spin box's own edit
    assert len(controls) > 15
    assert [control for control in controls if not control.toolTip()] == []


def test_an_invalid_hidden_layer_is_marked_at_the_control(setup):
    edit = setup.network.hidden_edit
    edit.setText("100, 0")
    assert "between 1 and" in setup.problem()
    assert "border" in edit.styleSheet()
    edit.setText("")
    assert setup.problem() is None  # no hidden layer: a softmax regression
    assert edit.styleSheet() == ""
