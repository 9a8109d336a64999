"""Data set params and input features in a run configuration: checks and JSON round trips."""

from __future__ import annotations

import json

import pytest

from engine.config import ConfigError, RunConfig


def test_params_and_features_round_trip_through_json(tmp_path):
    config = RunConfig(dataset="moons", dataset_params={"noise": 0.3, "points": 200},
                       features=("x", "y", "xy"))
    path = tmp_path / "run.json"
    config.save(path)
    saved = json.loads(path.read_text())
    assert saved["dataset_params"] == {"noise": 0.3, "points": 200}
    assert saved["features"] == ["x", "y", "xy"]
    assert RunConfig.load(path) == config


def test_a_configuration_written_before_params_existed_still_loads():
    old = {"dataset": "spiral", "network": {"hidden_sizes": [8]}, "train": {"epochs": 2}}
    config = RunConfig.from_dict(old)
    assert config.dataset_params == {} and config.features == ("x", "y")


@pytest.mark.parametrize("data", [
    {"dataset": {"name": "sine", "params": {"noise": 0.2}}},
    {"dataset": "sine", "params": {"noise": 0.2}},
])
def test_params_may_also_be_written_as_params(data):
    config = RunConfig.from_dict(data)
    assert config.dataset == "sine" and config.dataset_params == {"noise": 0.2}


@pytest.mark.parametrize("kwargs, phrase", [
    ({"dataset": "spiral", "dataset_params": {"noise": 2.0}}, "Spiral: noise must be"),
    ({"dataset": "xor", "dataset_params": {"points": 5}}, "points must be a whole number"),
    ({"dataset": "xor", "dataset_params": [1]}, "expected an object"),
    ({"dataset": "mnist-sample", "dataset_params": {"noise": 0.1}}, "takes no parameters"),
    ({"dataset": "circles", "features": ("x", "r")}, "unknown 'r'"),
    ({"dataset": "mnist-sample", "features": ("x2",)}, "image set"),
])
def test_bad_params_and_features_are_config_errors(kwargs, phrase):
    with pytest.raises(ConfigError, match=phrase):
        RunConfig(**kwargs)


def test_bad_features_in_a_file_are_config_errors():
    with pytest.raises(ConfigError, match="features: expected a list"):
        RunConfig.from_dict({"dataset": "xor", "features": "x,y"})
