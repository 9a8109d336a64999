"""Run configurations: frozen dataclasses that validate themselves and round-trip through JSON.

A panel in the dashboard, a line of command-line options and a saved ``.json`` file all end up
as the same ``RunConfig``, so a run is described in exactly one way. Every check raises
``ConfigError`` with a sentence meant for the user.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from engine.data import DATASETS
from engine.initializers import WEIGHT_INITS
from engine.layers import ACTIVATIONS
from engine.network import MultiLayerNet
from engine.optimizers import OPTIMIZERS, create_optimizer

MAX_HIDDEN_LAYERS = 10
MAX_LAYER_WIDTH = 4096


class ConfigError(ValueError):
    """A setting that cannot be used, with a message that says which and why."""


def parse_hidden_sizes(text: str) -> tuple[int, ...]:
    """Read hidden-layer widths typed by a user: ``"100, 50"`` -> ``(100, 50)``; blank -> ``()``."""
    parts = [part.strip() for part in text.replace(";", ",").replace(" ", ",").split(",")]
    parts = [part for part in parts if part]
    sizes = []
    for part in parts:
        try:
            sizes.append(int(part))
        except ValueError:
            raise ConfigError(
                f"hidden layers: '{part}' is not a whole number (write widths like 100, 50)"
            ) from None
    _check_hidden_sizes(tuple(sizes))
    return tuple(sizes)


def _check_hidden_sizes(sizes: tuple[int, ...]) -> None:
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise ConfigError(f"hidden layers: at most {MAX_HIDDEN_LAYERS} layers, got {len(sizes)}")
    for size in sizes:
        if not 1 <= size <= MAX_LAYER_WIDTH:
            raise ConfigError(
                f"hidden layers: each width must be between 1 and {MAX_LAYER_WIDTH}, got {size}"
            )


def _check_choice(what: str, value: str, choices: Mapping[str, Any]) -> None:
    if value not in choices:
        raise ConfigError(f"{what}: unknown '{value}'; choose one of {', '.join(choices)}")


def _check_number(what: str, value: float, *, low: float, high: float = math.inf,
                  low_inclusive: bool = True) -> None:
    """Reject non-numbers, NaN and values outside [low, high] (or (low, high])."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ConfigError(f"{what}: expected a number, got {value!r}")
    too_low = value < low if low_inclusive else value <= low
    if too_low or value > high:
        bound = "at least" if low_inclusive else "above"
        upper = f" and at most {high:g}" if math.isfinite(high) else ""
        raise ConfigError(f"{what}: must be {bound} {low:g}{upper}, got {value:g}")


def _check_int(what: str, value: int, *, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{what}: expected a whole number, got {value!r}")
    _check_number(what, value, low=low, high=high)


@dataclass(frozen=True)
class NetworkConfig:
    """The shape of a MultiLayerNet; the data set supplies the input and output sizes."""

    hidden_sizes: tuple[int, ...] = (100, 100)
    activation: str = "relu"
    weight_init: str = "he"
    init_std: float = 0.01
    dropout: float = 0.0
    batchnorm: bool = False
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        try:
            sizes = tuple(int(size) for size in self.hidden_sizes)
        except (TypeError, ValueError):
            raise ConfigError(
                f"hidden layers: expected a list of widths, got {self.hidden_sizes!r}"
            ) from None
        object.__setattr__(self, "hidden_sizes", sizes)
        _check_hidden_sizes(sizes)
        _check_choice("activation", self.activation, ACTIVATIONS)
        _check_choice("weight init", self.weight_init, WEIGHT_INITS)
        _check_number("init std", self.init_std, low=0.0, high=100.0, low_inclusive=False)
        _check_number("dropout", self.dropout, low=0.0, high=0.95)
        _check_number("weight decay", self.weight_decay, low=0.0, high=10.0)
        if not isinstance(self.batchnorm, bool):
            raise ConfigError(f"batch norm: expected true or false, got {self.batchnorm!r}")

    def build(self, input_size: int, output_size: int, seed: int | None = None) -> MultiLayerNet:
        """A fresh network of this shape, its weights drawn from ``seed``."""
        return MultiLayerNet(
            input_size, list(self.hidden_sizes), output_size,
            activation=self.activation, weight_init=self.weight_init,
            init_std=self.init_std if self.weight_init == "std" else None,
            dropout=self.dropout, batchnorm=self.batchnorm,
            weight_decay=self.weight_decay, seed=seed,
        )


@dataclass(frozen=True)
class TrainConfig:
    """How to train: epochs, batch size, optimizer and its hyperparameters, seed.

    ``lr=None`` takes the optimizer's own default (the book's). ``eval_samples`` bounds how many
    training and test samples the per-epoch accuracy is measured on (None: all of them).
    ``train_samples`` trains on the first N training samples only (the book's ``x_train[:300]``
    in its overfitting experiments); ``validation_fraction`` then holds that share of them out,
    shuffled by ``seed``, and measures on it instead of the test set (its hyperparameter search).
    ``max_iterations`` ends the run after that many mini-batches (the book's optimizer
    comparison runs 2,000 iterations, not whole epochs).
    """

    epochs: int = 5
    batch_size: int = 100
    optimizer: str = "adam"
    lr: float | None = None
    optimizer_params: Mapping[str, float] = field(default_factory=dict)
    eval_samples: int | None = None
    seed: int = 0
    train_samples: int | None = None
    validation_fraction: float = 0.0
    max_iterations: int | None = None

    def __post_init__(self) -> None:
        _check_int("epochs", self.epochs, low=1, high=100_000)
        _check_int("batch size", self.batch_size, low=1, high=100_000)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        if self.lr is not None:
            _check_number("learning rate", self.lr, low=0.0, high=1e6, low_inclusive=False)
        if self.eval_samples is not None:
            _check_int("evaluation samples", self.eval_samples, low=1, high=10_000_000)
        _check_int("seed", self.seed, low=0, high=2**32 - 1)
        if self.train_samples is not None:
            _check_int("training samples", self.train_samples, low=1, high=100_000_000)
        if self.max_iterations is not None:
            _check_int("iterations", self.max_iterations, low=1, high=100_000_000)
        _check_number("validation fraction", self.validation_fraction, low=0.0, high=0.9)
        if not isinstance(self.optimizer_params, Mapping):
            raise ConfigError(
                f"optimizer settings: expected a mapping, got {self.optimizer_params!r}"
            )
        params = dict(self.optimizer_params)
        for name, value in params.items():
            _check_number(f"{self.optimizer} {name}", value, low=0.0, high=1e6)
        object.__setattr__(self, "optimizer_params", MappingProxyType(params))
        self.create_optimizer()  # unknown hyperparameter names fail here, not mid-run

    def create_optimizer(self):
        """The configured optimizer, fresh (no momentum or moment estimates yet)."""
        hyper = dict(self.optimizer_params)
        if self.lr is not None:
            hyper["lr"] = self.lr
        try:
            return create_optimizer(self.optimizer, **hyper)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"optimizer: {error}") from None

    def to_dict(self) -> dict[str, Any]:
        data = {item.name: getattr(self, item.name) for item in fields(self)}
        data["optimizer_params"] = dict(self.optimizer_params)
        return data


@dataclass(frozen=True)
class RunConfig:
    """Everything one training run needs: the data set, the network and how to train it."""

    dataset: str = "mnist-sample"
    network: NetworkConfig = field(default_factory=NetworkConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    def __post_init__(self) -> None:
        _check_choice("data set", self.dataset, DATASETS)

    def to_dict(self) -> dict[str, Any]:
        network = asdict(self.network)
        network["hidden_sizes"] = list(self.network.hidden_sizes)
        return {"dataset": self.dataset, "network": network, "train": self.train.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunConfig:
        """Build from a dict as written by ``to_dict``; missing keys take their defaults."""
        if not isinstance(data, Mapping):
            raise ConfigError("a run configuration must be a JSON object")
        _reject_unknown("run configuration", data, {"dataset", "network", "train"})
        network = _section(NetworkConfig, "network", data.get("network", {}))
        train = _section(TrainConfig, "train", data.get("train", {}))
        return cls(dataset=data.get("dataset", cls.dataset), network=network, train=train)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RunConfig:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ConfigError(
                f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        return cls.from_dict(data)

    def save(self, path: str | os.PathLike) -> None:
        """Write as JSON atomically: a crash mid-write never leaves a half-written file."""
        atomic_write_text(Path(path), self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike) -> RunConfig:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"cannot read {path}: {error}") from None
        try:
            return cls.from_json(text)
        except ConfigError as error:
            raise ConfigError(f"{path}: {error}") from None


def _reject_unknown(section: str, data: Mapping[str, Any], known: set[str]) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{section}: unknown setting(s) {', '.join(unknown)}")


def _section(kind: type, name: str, data: Any):
    """One nested dataclass from its dict, with unknown keys and wrong types reported."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{name}: expected an object, got {data!r}")
    _reject_unknown(name, data, {f.name for f in fields(kind)})
    try:
        return kind(**data)
    except TypeError as error:
        raise ConfigError(f"{name}: {error}") from None


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
