"""Every bad configuration file is a ConfigError of one sentence, whatever is wrong with it."""

from __future__ import annotations

import json

import pytest

from engine.config import MAX_CONFIG_BYTES, ConfigError, NetworkConfig, RunConfig, TrainConfig

NESTED = "[" * 50_000 + "]" * 50_000
BAD_FILES = {
    "dataset is a list": ('{"dataset": []}', "data set"),
    "dataset is a number": ('{"dataset": 3}', "data set"),
    "width Infinity": ('{"network": {"hidden_sizes": [Infinity]}}', "Infinity"),
    "width NaN": ('{"network": {"hidden_sizes": [NaN]}}', "NaN"),
    "epochs 1e400": ('{"train": {"epochs": 1e400}}', "too large"),
    "lr -Infinity": ('{"train": {"lr": -Infinity}}', "Infinity"),
    "widths as a string": ('{"network": {"hidden_sizes": "100"}}', "hidden layers"),
    "width 2.5": ('{"network": {"hidden_sizes": [2.5]}}', "hidden layers"),
    "width true": ('{"network": {"hidden_sizes": [true]}}', "hidden layers"),
    "a 5000-digit epochs": ('{"train": {"epochs": 1' + "0" * 5000 + "}}", "number"),
    "epochs as a string": ('{"train": {"epochs": "5"}}', "epochs"),
    "batchnorm as a string": ('{"network": {"batchnorm": "yes"}}', "batch norm"),
    "optimizer as an object": ('{"train": {"optimizer": {}}}', "optimizer"),
    "params as a list": ('{"train": {"optimizer_params": [1]}}', "optimizer settings"),
    "a param as a string": ('{"train": {"optimizer": "momentum", '
                            '"optimizer_params": {"momentum": "0.9"}}}', "momentum"),
    "network as a list": ('{"network": [100]}', "network"),
    "unknown key": ('{"netwrok": {}}', "unknown setting"),
    "nested brackets": (NESTED, "nested too deeply"),
    "nested objects": ('{"a":' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
    "not JSON": ("hidden_sizes = 100", "not valid JSON"),
    "not a dict": ("[1, 2, 3]", "JSON object"),
    "a string": ('"mnist"', "JSON object"),
    "empty": ("", "not valid JSON"),
}


@pytest.mark.parametrize("text, phrase", list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_bad_file_is_one_sentence_naming_the_file(tmp_path, text, phrase):
    path = tmp_path / "run.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        RunConfig.load(path)
    message = str(err.value)
    assert phrase in message
    assert message.startswith(str(path))
    assert "\n" not in message and len(message) < 300
    assert path.read_text() == text  # reading never changes the file


def test_huge_file_is_refused_without_parsing_it(tmp_path):
    path = tmp_path / "run.json"
    path.write_text('{"dataset": "spiral", "pad": "' + "x" * (3 * MAX_CONFIG_BYTES) + '"}')
    with pytest.raises(ConfigError, match="too long"):
        RunConfig.load(path)


def test_not_utf8_is_a_config_error(tmp_path):
    path = tmp_path / "run.json"
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(ConfigError, match="cannot read"):
        RunConfig.load(path)


@pytest.mark.parametrize("make", [
    lambda: NetworkConfig(hidden_sizes=(float("inf"),)),
    lambda: NetworkConfig(hidden_sizes="100"),
    lambda: NetworkConfig(hidden_sizes=(10**400,)),
    lambda: TrainConfig(epochs=10**400),
    lambda: TrainConfig(lr=10**400),
    lambda: TrainConfig(optimizer=None),
    lambda: RunConfig(dataset=[]),
    lambda: RunConfig(network={"hidden_sizes": [5]}, train=[]),
], ids=["inf width", "string widths", "huge width", "huge epochs", "huge lr", "None optimizer",
        "list dataset", "list train"])
def test_python_values_meet_the_same_rules(make):
    with pytest.raises(ConfigError):
        make()


def test_a_good_file_still_loads_with_lists_and_nested_objects(tmp_path):
    data = {"dataset": "xor", "network": {"hidden_sizes": [8, 4], "batchnorm": True},
            "train": {"epochs": 2, "optimizer": "momentum", "lr": 0.05,
                      "optimizer_params": {"momentum": 0.5}}}
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    config = RunConfig.load(path)
    assert config.network.hidden_sizes == (8, 4) and config.network.batchnorm
    assert config.train.optimizer_params == {"momentum": 0.5} and config.train.lr == 0.05
    assert RunConfig.from_dict(data) == config


def test_a_network_too_big_for_its_input_is_refused_before_building():
    """10 x 4096 is the panel's limit; on 1000x1000 images the first layer alone would hold
    4.1 billion weights (16 GB)."""
    config = NetworkConfig(hidden_sizes=(4096,) * 10)
    with pytest.raises(ConfigError, match="parameters"):
        config.build(1_000_000, 10)
