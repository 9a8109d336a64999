"""The book's chapter-6 experiments as one-click comparisons: the PRESETS registry.

Each preset names its figure and script in the book, says what to look for, and builds its
runs with the book's settings on the chosen data set (default: the embedded MNIST sample).
Three kinds: "training" (a lockstep Comparison of the runs), "search" (the same, the runs being
random hyperparameter trials ranked by validation accuracy) and "histograms" (no training:
activation histograms of the book's 5-layer experiment, one row per run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from engine.config import NetworkConfig, RunConfig, TrainConfig
from engine.experiments import HISTOGRAM_BINS, activation_histograms, histogram_range
from engine.trainer import LayerHistogram, TrainingSnapshot

__all__ = [
    "BATCHNORM_SCALES", "PRESETS", "Preset", "Trial", "differing_labels", "init_histograms",
    "ranked_trials", "run_label",
]

DEFAULT_DATASET = "mnist-sample"
DEFAULT_TRIALS = 100
BATCHNORM_SCALES = tuple(float(w) for w in np.logspace(0, -4, num=16))
"""The book's weight scales for figure 6-18: std = logspace(0, -4, 16)."""

Runs = list[tuple[str, RunConfig]]
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov",
                   "adagrad": "AdaGrad", "rmsprop": "RMSprop", "adam": "Adam"}


@dataclass(frozen=True)
class Preset:
    """One of the book's experiments: ``runs(dataset, seed=, trials=)`` builds its runs."""

    name: str
    title: str
    figure: str
    script: str
    what_to_look_for: str
    build: Callable[[str, int, int], Runs]
    kind: str = "training"  # "training", "search" or "histograms"

    @property
    def menu_text(self) -> str:
        """'Weight init (figure 6-15)': how menus and lists name the preset."""
        return f"{self.title} (figure {self.figure})"

    def runs(self, dataset_name: str = DEFAULT_DATASET, *, seed: int = 0,
             trials: int = DEFAULT_TRIALS) -> Runs:
        """(label, RunConfig) per run; ``trials`` matters to the hyperparameter search only."""
        return self.build(dataset_name, seed, trials)


def _deep_net(layers: int, **changes) -> NetworkConfig:
    return NetworkConfig(hidden_sizes=(100,) * layers, activation="relu", weight_init="he",
                         **changes)


def _sgd(epochs: int, batch_size: int, seed: int, **changes) -> TrainConfig:
    return TrainConfig(epochs=epochs, batch_size=batch_size, optimizer="sgd", lr=0.01, seed=seed,
                       **changes)


def _optimizers(dataset: str, seed: int, _trials: int) -> Runs:
    """optimizer_compare_mnist.py: 784-100x4-10 ReLU/He, batch 128, 2,000 iterations."""
    choices = (("sgd", 0.01), ("momentum", 0.01), ("adagrad", 0.01), ("adam", 0.001))
    train = TrainConfig(epochs=10_000, batch_size=128, max_iterations=2000, seed=seed)
    return [(f"{OPTIMIZER_NAMES[name]} lr {lr:g}",
             RunConfig(dataset, _deep_net(4), replace(train, optimizer=name, lr=lr)))
            for name, lr in choices]


def _init(dataset: str, seed: int, _trials: int) -> Runs:
    """weight_init_compare.py: the same network and SGD 0.01, std 0.01 against Xavier and He."""
    train = TrainConfig(epochs=10_000, batch_size=128, optimizer="sgd", lr=0.01,
                        max_iterations=2000, seed=seed)
    inits = (("std 0.01", {"weight_init": "std", "init_std": 0.01}),
             ("Xavier", {"weight_init": "xavier"}), ("He", {"weight_init": "he"}))
    return [(label, RunConfig(dataset, NetworkConfig(hidden_sizes=(100,) * 4, activation="relu",
                                                     **init), train))
            for label, init in inits]


def _init_histograms(dataset: str, seed: int, _trials: int) -> Runs:
    """weight_init_activation_histogram.py: 5 layers of 100, for 3 activations x 4 inits."""
    runs = []
    for activation in ("sigmoid", "tanh", "relu"):
        for label, init in (("std 1", {"weight_init": "std", "init_std": 1.0}),
                            ("std 0.01", {"weight_init": "std", "init_std": 0.01}),
                            ("Xavier", {"weight_init": "xavier"}), ("He", {"weight_init": "he"})):
            network = NetworkConfig(hidden_sizes=(100,) * 5, activation=activation, **init)
            runs.append((f"{activation}, {label}",
                         RunConfig(dataset, network, TrainConfig(seed=seed))))
    return runs


def _batchnorm(dataset: str, seed: int, _trials: int) -> Runs:
    """batch_norm_test.py: 1,000 samples, 784-100x5-10, SGD 0.01, batch 100, 20 epochs."""
    train = _sgd(20, 100, seed, train_samples=1000)
    runs = []
    for scale in BATCHNORM_SCALES:
        for batchnorm in (True, False):
            network = _deep_net(5, batchnorm=batchnorm)
            network = replace(network, weight_init="std", init_std=scale)
            runs.append((f"{'BN' if batchnorm else 'no BN'}, w={scale:.2g}",
                         RunConfig(dataset, network, train)))
    return runs


def _overfit(dataset: str, seed: int, _trials: int) -> Runs:
    """overfit_weight_decay.py with lambda 0: 300 samples, 784-100x6-10, SGD 0.01, 201 epochs."""
    return [("no regularization",
             RunConfig(dataset, _deep_net(6), _sgd(201, 100, seed, train_samples=300)))]


def _weight_decay(dataset: str, seed: int, _trials: int) -> Runs:
    """overfit_weight_decay.py, lambda 0.1; the unregularized run alongside for the gap."""
    train = _sgd(201, 100, seed, train_samples=300)
    return [("weight decay 0.1", RunConfig(dataset, _deep_net(6, weight_decay=0.1), train)),
            ("no regularization", RunConfig(dataset, _deep_net(6), train))]


def _dropout(dataset: str, seed: int, _trials: int) -> Runs:
    """overfit_dropout.py: dropout 0.2, 301 epochs; the unregularized run alongside."""
    train = _sgd(301, 100, seed, train_samples=300)
    return [("dropout 0.2", RunConfig(dataset, _deep_net(6, dropout=0.2), train)),
            ("no regularization", RunConfig(dataset, _deep_net(6), train))]


def _hp_search(dataset: str, seed: int, trials: int) -> Runs:
    """hyperparameter_optimization.py: 500 samples (20% validation), 784-100x6-10, SGD,
    50 epochs, batch 100; lr = 10**U(-6, -2), weight decay = 10**U(-8, -4)."""
    rng = np.random.default_rng(seed)
    runs = []
    for _ in range(trials):
        weight_decay = float(10 ** rng.uniform(-8, -4))
        lr = float(10 ** rng.uniform(-6, -2))
        train = TrainConfig(epochs=50, batch_size=100, optimizer="sgd", lr=lr, seed=seed,
                            train_samples=500, validation_fraction=0.2)
        runs.append((f"lr {lr:.2g}, decay {weight_decay:.2g}",
                     RunConfig(dataset, _deep_net(6, weight_decay=weight_decay), train)))
    return runs


PRESETS: dict[str, Preset] = {preset.name: preset for preset in (
    Preset("optimizers", "Optimizers", "6-9", "ch06/optimizer_compare_mnist.py",
           "Four optimizers train the same network on the same mini-batches. SGD's loss falls "
           "slowest; Momentum, AdaGrad and Adam get well below it within a few hundred "
           "iterations (the book, on full MNIST, near iteration 1,900: SGD 0.15, Momentum 0.05, "
           "AdaGrad 0.016, Adam 0.032).", _optimizers),
    Preset("init", "Weight init", "6-15", "ch06/weight_init_compare.py",
           "The same ReLU network and SGD 0.01, three initial weight scales. With std 0.01 the "
           "signal fades layer by layer and the loss stays flat at 2.30 (chance on 10 "
           "classes); Xavier and He learn, He fastest. Compare the layer histograms: std 0.01 "
           "piles every activation at 0.", _init),
    Preset("init-histograms", "Activation histograms", "6-10 to 6-14",
           "ch06/weight_init_activation_histogram.py",
           "No training: 1,000 random inputs through 5 layers of 100 units. Sigmoid with std 1 "
           "piles activations at 0 and 1 (vanishing gradients), with std 0.01 at 0.5 (every unit "
           "says the same); Xavier spreads them. ReLU wants He: with Xavier or std 0.01 its "
           "activations shrink towards 0 layer by layer.", _init_histograms,
           kind="histograms"),
    Preset("batchnorm", "Batch normalization", "6-18", "ch06/batch_norm_test.py",
           "16 weight scales from 1 to 0.0001, each with and without batch normalization, on "
           "1,000 training samples. With batch norm (solid) training accuracy rises faster at "
           "almost every scale; without it (dashed) small scales never leave chance level.",
           _batchnorm),
    Preset("overfit", "Overfitting", "6-20", "ch06/overfit_weight_decay.py",
           "A deep network on only 300 training samples: training accuracy climbs to 1.0 while "
           "test accuracy stalls far below. That gap is overfitting.", _overfit),
    Preset("weight-decay", "Weight decay", "6-21", "ch06/overfit_weight_decay.py",
           "The overfitting setup with weight decay lambda 0.1 (and the unregularized run for "
           "reference): training accuracy no longer reaches 1.0 and the gap to test accuracy "
           "narrows.", _weight_decay),
    Preset("dropout", "Dropout", "6-23", "ch06/overfit_dropout.py",
           "The overfitting setup with dropout 0.2 for 301 epochs (and the unregularized run): "
           "training and test accuracy stay closer together.", _dropout),
    Preset("hp-search", "Hyperparameter search", "6-24", "ch06/hyperparameter_optimization.py",
           "Random trials of learning rate 10^U(-6,-2) and weight decay 10^U(-8,-4) on 500 "
           "samples, 20% held out for validation (never the test set). Ranked by validation "
           "accuracy, the good trials have a learning rate between 0.001 and 0.01; weight decay "
           "matters far less.", _hp_search, kind="search"),
)}


def run_label(config: RunConfig) -> str:
    """A short name for a run built by hand: 'Adam lr 0.001, He'."""
    train, network = config.train, config.network
    optimizer = OPTIMIZER_NAMES.get(train.optimizer, train.optimizer)
    lr = train.lr if train.lr is not None else train.create_optimizer().lr
    init = (f"std {network.init_std:g}" if network.weight_init == "std"
            else {"he": "He", "xavier": "Xavier"}.get(network.weight_init,
                                                      network.weight_init))
    parts = [f"{optimizer} lr {lr:g}", init]
    if network.batchnorm:
        parts.append("BN")
    if network.dropout:
        parts.append(f"dropout {network.dropout:g}")
    if network.weight_decay:
        parts.append(f"decay {network.weight_decay:g}")
    return ", ".join(parts)


def differing_labels(configs: Sequence[RunConfig]) -> list[str]:
    """Each run's ``run_label`` without the parts every run shares: what differs ('He' vs
    'std 0.01'). Runs that do not differ keep their whole label, numbered."""
    parts = [run_label(config).split(", ") for config in configs]
    shared = set.intersection(*(set(p) for p in parts)) if len(parts) > 1 else set()
    labels = [", ".join(part for part in run_parts if part not in shared) for run_parts in parts]
    if len(set(labels)) < len(labels) or not all(labels):
        labels = [f"{', '.join(run_parts)} #{number}"
                  for number, run_parts in enumerate(parts, start=1)]
    return labels


def init_label(network: NetworkConfig) -> str:
    """The book's name for an init in the histogram experiment: '1.0', '0.01', 'xavier', 'he'."""
    return repr(float(network.init_std)) if network.weight_init == "std" else network.weight_init


def init_histograms(network: NetworkConfig, seed: int = 0) -> tuple[LayerHistogram, ...]:
    """The book's experiment for this activation and init: one 30-bin histogram per layer.

    All layers of a run share one range (histogram_range of all their values), so a row of
    the grid reads like the book's figure.
    """
    init = network.init_std if network.weight_init == "std" else network.weight_init
    layers = activation_histograms(network.activation, init, n_layers=len(network.hidden_sizes),
                                   nodes=network.hidden_sizes[0], seed=seed)
    low, high = histogram_range(network.activation, np.concatenate([a.ravel() for a in layers]))
    return tuple(LayerHistogram(*np.histogram(values[np.isfinite(values)], bins=HISTOGRAM_BINS,
                                              range=(low, high)))
                 for values in layers)


@dataclass(frozen=True)
class Trial:
    """One hyperparameter trial's settings and results: the accuracies after its last epoch
    and per epoch (epoch 0 before training), as the book's grid of the best trials draws."""

    label: str
    lr: float
    weight_decay: float
    val_acc: float
    train_acc: float
    val_acc_per_epoch: np.ndarray = field(default_factory=lambda: np.empty(0), compare=False)
    train_acc_per_epoch: np.ndarray = field(default_factory=lambda: np.empty(0), compare=False)


def ranked_trials(runs: Sequence[tuple[str, RunConfig]],
                  snapshots: Sequence[TrainingSnapshot]) -> list[Trial]:
    """The trials, best validation accuracy first (the book's ranking for figure 6-24; a trial
    still training counts with its latest epoch, one without any measurement last)."""
    trials = [Trial(label, config.train.lr, config.network.weight_decay,
                    float(snapshot.test_acc[-1]) if len(snapshot.test_acc) else np.nan,
                    float(snapshot.train_acc[-1]) if len(snapshot.train_acc) else np.nan,
                    snapshot.test_acc, snapshot.train_acc)
              for (label, config), snapshot in zip(runs, snapshots, strict=True)]
    return sorted(trials, key=lambda trial: -np.nan_to_num(trial.val_acc, nan=-1.0))
