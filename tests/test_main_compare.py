"""--list-presets, --headless --preset and --headless --compare, end to end in a subprocess."""

import json
import math
import subprocess
import sys
from pathlib import Path

from engine.config import NetworkConfig, RunConfig, TrainConfig

MAIN = Path(__file__).resolve().parent.parent / "main.py"
RUN_FIELDS = {"label", "dataset", "optimizer", "lr", "activation", "weight_init", "init_std",
              "batchnorm", "dropout", "weight_decay", "losses", "loss", "train_acc", "test_acc",
              "train_acc_per_epoch", "test_acc_per_epoch", "seconds"}


def run_main(*args: str, cwd: Path | None = None):
    return subprocess.run([sys.executable, str(MAIN), *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def last_json(done) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_list_presets_names_every_experiment_with_its_figure():
    done = run_main("--list-presets")
    assert done.returncode == 0
    lines = done.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == [
        "optimizers", "init", "init-histograms", "batchnorm", "overfit", "weight-decay",
        "dropout", "hp-search"]
    assert "Weight init (figure 6-15)" in lines[1]


def test_compare_two_saved_configs_prints_epoch_lines_and_the_json_fields(tmp_path):
    for name, optimizer, lr in (("sgd", "sgd", 0.1), ("adam", "adam", None)):
        RunConfig(dataset="spiral", network=NetworkConfig(hidden_sizes=(20,)),
                  train=TrainConfig(epochs=3, batch_size=40, optimizer=optimizer, lr=lr)
                  ).save(tmp_path / f"{name}.json")
    done = run_main("--headless", "--compare", "sgd.json", "adam.json", cwd=tmp_path)
    result = last_json(done)
    epoch_lines = [line for line in done.stdout.splitlines() if ": epoch" in line]
    assert len(epoch_lines) == 6 and epoch_lines[0].startswith("sgd: epoch")
    assert result["preset"] is None and [r["label"] for r in result["runs"]] == ["sgd", "adam"]
    sgd, adam = result["runs"]
    assert set(sgd) >= RUN_FIELDS
    assert (sgd["optimizer"], sgd["lr"], adam["lr"]) == ("sgd", 0.1, 0.001)  # Adam's default
    iterations = 3 * (480 // 40)  # spiral: 480 training points
    assert len(sgd["losses"]) == iterations and sgd["loss"] == sgd["losses"][-1]
    assert sgd["losses"][0] == adam["losses"][0]  # same weights, same first batch
    assert len(sgd["train_acc_per_epoch"]) == 4 and sgd["test_acc"] == sgd["test_acc_per_epoch"][-1]
    assert sgd["dataset"] == "spiral" and sgd["weight_init"] == "he" and sgd["init_std"] is None


def test_batchnorm_preset_runs_add_the_weight_scale():
    done = run_main("--headless", "--preset", "batchnorm", "--epochs", "1", "--eval-samples",
                    "100")
    result = last_json(done)
    assert result["preset"] == "batchnorm" and len(result["runs"]) == 32
    scales = [run["weight_scale"] for run in result["runs"][::2]]
    assert scales[0] == 1.0 and math.isclose(scales[-1], 1e-4)
    # 1,000 samples / batch 100 (without batch norm, std 1 may blow up: that run stops alone)
    assert all(len(run["losses"]) == 10 or run["diverged"] for run in result["runs"])
    assert sum(len(run["losses"]) == 10 for run in result["runs"]) >= 30
    assert result["runs"][0]["batchnorm"] and not result["runs"][1]["batchnorm"]
    assert result["runs"][0]["init_std"] == 1.0 and result["runs"][0]["weight_init"] == "std"


def test_init_histograms_preset_gives_layers_of_edges_and_counts():
    result = last_json(run_main("--headless", "--preset", "init-histograms"))
    runs = result["runs"]
    assert len(runs) == 12 and set(runs[0]) == {"label", "activation", "init", "layers"}
    assert [run["init"] for run in runs[:4]] == ["1.0", "0.01", "xavier", "he"]
    layer = runs[0]["layers"][0]
    assert len(runs[0]["layers"]) == 5 and len(layer["edges"]) == 31
    assert sum(layer["counts"]) == 1000 * 100


def test_hp_search_adds_trials_sorted_by_validation_accuracy():
    result = last_json(run_main("--headless", "--preset", "hp-search", "--trials", "3",
                                "--epochs", "2", "--seed", "4"))
    trials = result["trials"]
    assert len(trials) == 3 and set(trials[0]) >= {"lr", "weight_decay", "val_acc", "train_acc"}
    for trial in trials:  # the grid's curves: epoch 0 (before training) and the 2 epochs
        assert len(trial["val_acc_per_epoch"]) == len(trial["train_acc_per_epoch"]) == 3
        assert trial["val_acc_per_epoch"][-1] == trial["val_acc"]
        assert trial["train_acc_per_epoch"][-1] == trial["train_acc"]
    assert [t["val_acc"] for t in trials] == sorted((t["val_acc"] for t in trials), reverse=True)
    assert {t["lr"] for t in trials} == {run["lr"] for run in result["runs"]}
    assert all(1e-6 <= t["lr"] <= 1e-2 and 1e-8 <= t["weight_decay"] <= 1e-4 for t in trials)


def test_bad_preset_and_compare_without_headless_exit_2_in_one_line(tmp_path):
    for args in (["--headless", "--preset", "nope"], ["--compare", "a.json"],
                 ["--headless", "--compare", str(tmp_path / "missing.json")]):
        done = run_main(*args)
        assert done.returncode == 2, args
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_preset_without_headless_checks_the_name_before_opening_a_window():
    done = run_main("--preset", "nope")
    assert done.returncode == 2 and "unknown 'nope'" in done.stderr


def test_a_preset_trains_on_the_dataset_and_seed_given():
    result = last_json(run_main("--headless", "--preset", "optimizers", "--dataset", "spiral",
                                "--epochs", "2", "--seed", "3"))
    runs = result["runs"]
    assert [run["label"] for run in runs] == ["SGD lr 0.01", "Momentum lr 0.01",
                                              "AdaGrad lr 0.01", "Adam lr 0.001"]
    assert all(run["dataset"] == "spiral" for run in runs)
    assert all(len(run["losses"]) == 2 * (480 // 128) for run in runs)  # batch 128 of 480
    assert len({run["losses"][0] for run in runs}) == 1  # same weights, same first batch
    other_seed = last_json(run_main("--headless", "--preset", "optimizers", "--dataset",
                                    "spiral", "--epochs", "1", "--seed", "4"))
    assert other_seed["runs"][0]["losses"][0] != runs[0]["losses"][0]
