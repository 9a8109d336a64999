"""File actions: configuration round trip, a bad file changes nothing, weights round trip."""

import gzip
import struct

import numpy as np
import pytest

from engine.config import ConfigError, NetworkConfig, RunConfig, TrainConfig
from engine.network import MultiLayerNet
from gui.actions.file_actions import FileActions
from gui.dialogs.prompts import Prompts
from gui.panels.setup_panel import SetupPanel


class ScriptedPrompts(Prompts):
    """Answers every question from its attributes and records the errors shown."""

    def __init__(self, path=None, overwrite=True):
        super().__init__(None)
        self.path = path
        self.overwrite = overwrite
        self.errors: list[str] = []
        self.overwrite_questions = []

    def save_path(self, caption, name_filter, suggested_name):
        return self.path

    def open_path(self, caption, name_filter):
        return self.path

    def folder(self, caption):
        return self.path

    def ask_overwrite(self, path):
        self.overwrite_questions.append(path)
        return self.overwrite

    def show_error(self, title, message):
        self.errors.append(message)


CUSTOM = RunConfig(
    dataset="spiral",
    network=NetworkConfig(hidden_sizes=(32, 16), activation="tanh", weight_init="xavier",
                          dropout=0.1, batchnorm=True, weight_decay=0.001),
    train=TrainConfig(epochs=7, batch_size=50, optimizer="momentum", lr=0.05,
                      optimizer_params={"momentum": 0.8}, seed=3),
)


@pytest.fixture
def setup_panel(qtbot):
    panel = SetupPanel()
    qtbot.addWidget(panel)
    return panel


def _actions(qtbot, setup_panel, prompts, network=None):
    actions = FileActions(setup_panel, setup_panel.run_config, lambda: network, prompts)
    actions.config_loaded.connect(setup_panel.set_run_config)
    return actions


def test_configuration_round_trip_through_the_setup_panel(qtbot, tmp_path, setup_panel):
    setup_panel.set_run_config(CUSTOM)
    prompts = ScriptedPrompts(tmp_path / "run")  # the .json suffix is added
    actions = _actions(qtbot, setup_panel, prompts)

    saved = actions.save_config()
    assert saved == tmp_path / "run.json"
    setup_panel.set_run_config(RunConfig())
    assert setup_panel.run_config() != CUSTOM

    prompts.path = saved
    with qtbot.waitSignal(actions.config_loaded) as loaded:
        actions.load_config_action.trigger()
    assert loaded.args == [CUSTOM]
    assert setup_panel.run_config() == CUSTOM
    assert prompts.errors == []


@pytest.mark.parametrize("content", [
    "{not json", '{"network": {"hidden_sizes": "many"}}', '{"train": {"optimizer": "adamw"}}',
    "[1, 2]", '{"dataset": []}', '{"network": {"hidden_sizes": [Infinity]}}',
    '{"train": {"epochs": 1e400}}', '{"network": {"hidden_sizes": "100"}}',
    "[" * 50_000 + "]" * 50_000])
def test_a_bad_file_shows_an_error_and_changes_nothing(qtbot, tmp_path, setup_panel, content):
    setup_panel.set_run_config(CUSTOM)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    prompts = ScriptedPrompts(bad)
    actions = _actions(qtbot, setup_panel, prompts)

    with qtbot.assertNotEmitted(actions.config_loaded, wait=100):
        job = actions.load_config()  # read off the GUI thread
        qtbot.waitUntil(lambda: prompts.errors != [] and not job.is_running())

    assert len(prompts.errors) == 1
    assert "Nothing was changed" in prompts.errors[0] and str(bad) in prompts.errors[0]
    assert setup_panel.run_config() == CUSTOM


def test_saving_never_overwrites_without_consent(qtbot, tmp_path, setup_panel):
    existing = tmp_path / "run.json"
    existing.write_text("precious\n")
    prompts = ScriptedPrompts(existing, overwrite=False)
    actions = _actions(qtbot, setup_panel, prompts)

    assert actions.save_config() is None
    assert prompts.overwrite_questions == [existing]
    assert existing.read_text() == "precious\n"

    prompts.overwrite = True
    assert actions.save_config() == existing
    assert RunConfig.load(existing) == setup_panel.run_config()


def test_unusable_settings_are_not_saved(qtbot, tmp_path, setup_panel):
    prompts = ScriptedPrompts(tmp_path / "run.json")

    def broken():
        raise ConfigError("hidden layers: 'x' is not a whole number")

    actions = FileActions(None, broken, lambda: None, prompts)
    assert actions.save_config() is None
    assert "not a whole number" in prompts.errors[0]
    assert not (tmp_path / "run.json").exists()


def test_saved_weights_load_back_with_identical_predictions(qtbot, tmp_path, setup_panel):
    net = MultiLayerNet(6, [8, 5], 3, activation="tanh", batchnorm=True, seed=1)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((20, 6)).astype(np.float32)
    net.gradient(x, rng.integers(0, 3, 20))  # a training pass moves the batch-norm statistics
    for param in net.params.values():
        param += 0.1 * rng.standard_normal(param.shape).astype(param.dtype)
    prompts = ScriptedPrompts(tmp_path / "weights.npz")
    actions = _actions(qtbot, setup_panel, prompts, network=net)

    assert actions.save_weights() == tmp_path / "weights.npz"
    with qtbot.waitSignal(actions.network_loaded) as loaded:
        actions.load_weights_action.trigger()

    restored = loaded.args[0]
    assert restored is not net
    np.testing.assert_array_equal(restored.predict(x), net.predict(x))


def test_no_network_and_bad_weights_files_are_reported(qtbot, tmp_path, setup_panel):
    not_weights = tmp_path / "weights.npz"
    not_weights.write_bytes(b"this is no zip archive")
    prompts = ScriptedPrompts(not_weights)
    actions = _actions(qtbot, setup_panel, prompts, network=None)

    assert actions.save_weights() is None
    assert "Train a network" in prompts.errors[0]
    with qtbot.assertNotEmitted(actions.network_loaded):
        assert actions.load_weights() is None
    assert "Nothing was changed" in prompts.errors[1]


def _write_idx(path, array, magic):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in array.shape)
    path.write_bytes(gzip.compress(header + array.astype(np.uint8).tobytes()))


def test_open_folder_reads_the_users_idx_files(qtbot, tmp_path, setup_panel):
    rng = np.random.default_rng(0)
    for split, n in (("train", 30), ("t10k", 10)):
        _write_idx(tmp_path / f"{split}-images-idx3-ubyte.gz",
                   rng.integers(0, 256, (n, 28, 28)), 2051)
        _write_idx(tmp_path / f"{split}-labels-idx1-ubyte.gz", np.arange(n) % 10, 2049)
    actions = _actions(qtbot, setup_panel, ScriptedPrompts(tmp_path))

    with qtbot.waitSignal(actions.data_opened) as opened:
        actions.open_folder_action.trigger()
    dataset = opened.args[0]
    assert (len(dataset.x_train), len(dataset.x_test), dataset.classes) == (30, 10, 10)


def test_open_folder_without_data_says_what_is_missing(qtbot, tmp_path, setup_panel):
    prompts = ScriptedPrompts(tmp_path)
    actions = _actions(qtbot, setup_panel, prompts)
    with qtbot.assertNotEmitted(actions.data_opened):
        assert actions.open_data_folder() is not None  # read in the background
        qtbot.waitUntil(lambda: len(prompts.errors) == 1)
    assert "train-images-idx3-ubyte" in prompts.errors[0]


def test_weights_asking_for_a_huge_network_are_refused_with_a_message(qtbot, tmp_path,
                                                                      setup_panel):
    import json

    path = tmp_path / "huge.npz"
    config = {"input_size": 784, "hidden_sizes": [100_000, 100_000], "output_size": 10}
    np.savez(path, W1=np.zeros(2, np.float32), config=np.array(json.dumps(config)))
    prompts = ScriptedPrompts(path)
    actions = _actions(qtbot, setup_panel, prompts)
    with qtbot.assertNotEmitted(actions.network_loaded):
        assert actions.load_weights() is None
    assert len(prompts.errors) == 1
    assert "Nothing was changed" in prompts.errors[0] and "4096" in prompts.errors[0]
