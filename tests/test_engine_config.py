"""Run configurations: validation messages, JSON round trips, atomic saves."""

import json

import pytest

from engine.config import ConfigError, NetworkConfig, RunConfig, TrainConfig, parse_hidden_sizes


@pytest.mark.parametrize(
    "text, sizes",
    [("100, 100", (100, 100)), ("50", (50,)), ("", ()), (" 30 ;20 ", (30, 20)), ("10 5", (10, 5))],
)
def test_parse_hidden_sizes_reads_what_users_type(text, sizes):
    assert parse_hidden_sizes(text) == sizes


@pytest.mark.parametrize(
    "text, phrase",
    [("100, abc", "'abc' is not a whole number"), ("0", "between 1"), ("1.5", "not a whole"),
     (",".join(["10"] * 11), "at most 10 layers"), ("-5", "between 1")],
)
def test_parse_hidden_sizes_says_what_is_wrong(text, phrase):
    with pytest.raises(ConfigError, match=phrase):
        parse_hidden_sizes(text)


@pytest.mark.parametrize(
    "kwargs, phrase",
    [({"activation": "swish"}, "activation: unknown 'swish'"),
     ({"weight_init": "zeros"}, "weight init"),
     ({"dropout": 1.0}, "dropout"),
     ({"dropout": float("nan")}, "dropout"),
     ({"weight_decay": -1.0}, "weight decay"),
     ({"init_std": 0.0}, "init std")],
)
def test_network_config_rejects_bad_values(kwargs, phrase):
    with pytest.raises(ConfigError, match=phrase):
        NetworkConfig(**kwargs)


@pytest.mark.parametrize(
    "kwargs, phrase",
    [({"epochs": 0}, "epochs"), ({"batch_size": "100"}, "batch size"),
     ({"optimizer": "lion"}, "sgd, momentum"), ({"lr": -0.1}, "learning rate"),
     ({"lr": float("inf")}, "learning rate"),
     ({"optimizer": "sgd", "optimizer_params": {"beta1": 0.9}}, "optimizer"),
     ({"seed": -1}, "seed")],
)
def test_train_config_rejects_bad_values(kwargs, phrase):
    with pytest.raises(ConfigError, match=phrase):
        TrainConfig(**kwargs)


def test_train_config_builds_its_optimizer_with_the_books_default_lr():
    assert TrainConfig(optimizer="sgd").create_optimizer().lr == pytest.approx(0.01)
    assert TrainConfig(optimizer="adam", lr=0.01).create_optimizer().lr == pytest.approx(0.01)
    momentum = TrainConfig(optimizer="momentum", optimizer_params={"momentum": 0.5})
    assert momentum.create_optimizer().momentum == pytest.approx(0.5)


def test_train_config_params_cannot_be_changed_behind_its_back():
    params = {"momentum": 0.5}
    config = TrainConfig(optimizer="momentum", optimizer_params=params)
    params["momentum"] = 0.1
    assert config.optimizer_params["momentum"] == 0.5
    with pytest.raises(TypeError):
        config.optimizer_params["momentum"] = 0.2


def test_run_config_round_trips_through_json(tmp_path):
    config = RunConfig(
        dataset="spiral",
        network=NetworkConfig(hidden_sizes=(30, 20), activation="tanh", weight_init="std",
                              init_std=0.1, dropout=0.2, batchnorm=True, weight_decay=1e-4),
        train=TrainConfig(epochs=3, batch_size=32, optimizer="momentum", lr=0.05,
                          optimizer_params={"momentum": 0.8}, eval_samples=100, seed=7),
    )
    assert RunConfig.from_json(config.to_json()) == config
    path = tmp_path / "run.json"
    config.save(path)
    assert RunConfig.load(path) == config
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]  # no temp file left behind


def test_missing_keys_take_defaults():
    config = RunConfig.from_dict({"train": {"epochs": 2}})
    assert config.train.epochs == 2
    assert config.network == NetworkConfig()
    assert config.dataset == "mnist-sample"


@pytest.mark.parametrize(
    "text, phrase",
    [("{not json", "not valid JSON"), ("[1, 2]", "JSON object"),
     ('{"network": {"layers": 3}}', "unknown setting"), ('{"dataset": "cifar"}', "data set"),
     ('{"train": {"epochs": "many"}}', "epochs"), ('{"network": 5}', "network: expected")],
)
def test_bad_config_files_say_why_and_name_the_file(tmp_path, text, phrase):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=phrase) as caught:
        RunConfig.load(path)
    assert str(path) in str(caught.value)
    assert path.read_text() == text  # the user's file is untouched


def test_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        RunConfig.load(tmp_path / "absent.json")


def test_saved_json_is_plain_and_readable(tmp_path):
    path = tmp_path / "run.json"
    RunConfig().save(path)
    data = json.loads(path.read_text())
    assert data["network"]["hidden_sizes"] == [100, 100]
    assert data["train"]["optimizer"] == "adam"
