"""JSON-ready results of runs and comparisons, for the command line and the run history.

The fields are the ones ``python main.py --headless --preset NAME`` prints (issue 9): one
object per run with its settings, every mini-batch loss and the per-epoch accuracies. JSON has
no NaN, so a diverged loss is written as null.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.config import RunConfig
from engine.presets import Trial, init_histograms, init_label
from engine.trainer import TrainingSnapshot

DIGITS = 6  # significant enough for loss curves, short enough for 100 trials x 200 losses


def _number(value: float) -> float | None:
    value = float(value)
    return round(value, DIGITS) if math.isfinite(value) else None


def _numbers(values: np.ndarray) -> list[float | None]:
    """``_number`` of each value, rounded in one NumPy pass: a run's 60,000 losses took the
    GUI thread 0.28 s value by value when the run finished."""
    values = np.asarray(values, dtype=np.float64)
    numbers = np.round(values, DIGITS).tolist()
    for index in np.flatnonzero(~np.isfinite(values)).tolist():
        numbers[index] = None
    return numbers


def effective_lr(config: RunConfig) -> float:
    """The learning rate the run trains with: its own, else the optimizer's default."""
    return config.train.lr if config.train.lr is not None else config.train.create_optimizer().lr


def run_record(label: str, config: RunConfig, snapshot: TrainingSnapshot) -> dict[str, Any]:
    """One run's settings and results; ``snapshot.losses`` must hold every loss."""
    network = config.network
    return {
        "label": label,
        "dataset": config.dataset,
        "optimizer": config.train.optimizer,
        "lr": effective_lr(config),
        "activation": network.activation,
        "weight_init": network.weight_init,
        "init_std": network.init_std if network.weight_init == "std" else None,
        "batchnorm": network.batchnorm,
        "dropout": network.dropout,
        "weight_decay": network.weight_decay,
        "losses": _numbers(snapshot.losses),
        "loss": _number(snapshot.losses[-1]) if len(snapshot.losses) else None,
        "train_acc": _number(snapshot.train_acc[-1]),
        "test_acc": _number(snapshot.test_acc[-1]),
        "train_acc_per_epoch": _numbers(snapshot.train_acc),
        "test_acc_per_epoch": _numbers(snapshot.test_acc),
        "seconds": round(snapshot.elapsed, 3),
        "iterations": snapshot.iteration,
        "diverged": snapshot.diverged,
    }


def histogram_record(label: str, config: RunConfig, seed: int = 0) -> dict[str, Any]:
    """An init-histograms run: its activation, the book's init name and each layer's bins."""
    return {
        "label": label,
        "activation": config.network.activation,
        "init": init_label(config.network),
        "layers": [{"edges": _numbers(layer.edges), "counts": layer.counts.tolist()}
                   for layer in init_histograms(config.network, seed)],
    }


def trial_records(trials: Sequence[Trial]) -> list[dict[str, Any]]:
    """The hyperparameter trials, best validation accuracy first, with their accuracy per
    epoch (the curves of the book's grid of the best trials)."""
    return [{"lr": trial.lr, "weight_decay": trial.weight_decay,
             "val_acc": _number(trial.val_acc), "train_acc": _number(trial.train_acc),
             "val_acc_per_epoch": _numbers(trial.val_acc_per_epoch),
             "train_acc_per_epoch": _numbers(trial.train_acc_per_epoch)}
            for trial in trials]
