"""The 2-D options of the terminal trainer: --noise, --points, --test-fraction, --features."""

from __future__ import annotations

import json

import pytest

from main import build_parser, main, run_config_from_args


def config_of(*args: str):
    return run_config_from_args(build_parser().parse_args(list(args)))


def test_options_reach_the_run_configuration():
    config = config_of("--dataset", "moons", "--noise", "0.2", "--points", "300",
                       "--test-fraction", "0.25", "--features", "x,y,x2,y2")
    assert config.dataset_params == {"noise": 0.2, "points": 300, "test_fraction": 0.25}
    assert config.features == ("x", "y", "x2", "y2")


def test_options_override_a_saved_configuration(tmp_path):
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"dataset": "sine", "dataset_params": {"noise": 0.1,
                                                                      "points": 200}}))
    assert config_of("--config", str(path), "--noise", "0.3").dataset_params == {
        "noise": 0.3, "points": 200}
    assert config_of("--config", str(path), "--dataset", "xor").dataset_params == {}


def test_headless_run_on_features_trains_the_given_input_width(capsys):
    assert main(["--headless", "--dataset", "circles", "--hidden", "", "--features",
                 "x,y,x2,y2", "--points", "200", "--epochs", "40", "--lr", "0.05"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("circles: 160 train / 40 test;") and "network 4-2 " in out[0]
    assert json.loads(out[-1])["test_acc"] > 0.9


@pytest.mark.parametrize("args, phrase", [
    (["--dataset", "xor", "--noise", "-1"], "noise must be a number from 0 to 1"),
    (["--dataset", "xor", "--points", "3"], "points must be a whole number"),
    (["--dataset", "xor", "--test-fraction", "0.99"], "test fraction"),
    (["--dataset", "xor", "--features", "x,z"], "unknown 'z'"),
    (["--noise", "0.1"], "MNIST sample takes no parameters"),
])
def test_bad_2d_options_exit_2_with_one_line(capsys, args, phrase):
    assert main(["--headless", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert phrase in err and len(err.splitlines()) == 1
