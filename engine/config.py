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
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from engine.config_rules import (
    Checked,
    Choice,
    ConfigError,
    Features,
    Flag,
    NamedNumbers,
    Number,
    NumberMap,
    Section,
    Widths,
    from_mapping,
    setting,
    shown,
)
from engine.data import DATASETS, DatasetError
from engine.features import PLANE
from engine.initializers import WEIGHT_INITS
from engine.layers import ACTIVATIONS
from engine.limits import (
    MAX_HIDDEN_LAYERS,
    MAX_LAYER_WIDTH,
    NetworkTooLargeError,
    check_network_size,
)
from engine.network import MultiLayerNet
from engine.optimizers import OPTIMIZERS, create_optimizer
from engine.stopping import StopCheck

__all__ = ["MAX_CONFIG_BYTES", "MAX_HIDDEN_LAYERS", "MAX_LAYER_WIDTH", "ConfigError",
           "NetworkConfig", "RunConfig", "TrainConfig", "atomic_write_text", "parse_hidden_sizes"]

MAX_CONFIG_BYTES = 1_000_000
"""A saved configuration is well under 1 KB; anything this big is not one (and reading and
parsing it would hold the window)."""


_WIDTHS = Widths("hidden layers")


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
                f"hidden layers: {shown(part)} is not a whole number (write widths like 100, 50)"
            ) from None
    return _WIDTHS.check(tuple(sizes))


# --- the configurations ------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkConfig(Checked):
    """The shape of a MultiLayerNet; the data set supplies the input and output sizes."""

    hidden_sizes: tuple[int, ...] = setting((100, 100), _WIDTHS)
    activation: str = setting("relu", Choice("activation", ACTIVATIONS))
    weight_init: str = setting("he", Choice("weight init", WEIGHT_INITS))
    init_std: float = setting(0.01, Number("init std", 0.0, 100.0, low_inclusive=False))
    dropout: float = setting(0.0, Number("dropout", 0.0, 0.95))
    batchnorm: bool = setting(False, Flag("batch norm"))
    weight_decay: float = setting(0.0, Number("weight decay", 0.0, 10.0))

    def build(self, input_size: int, output_size: int, seed: int | None = None, *,
              should_stop: StopCheck | None = None) -> MultiLayerNet:
        """A fresh network of this shape, its weights drawn from ``seed`` (ConfigError, before
        anything is allocated, when it exceeds the limits in engine.limits; StopRequestedError
        between two layers once ``should_stop()`` is true)."""
        try:
            check_network_size(input_size, list(self.hidden_sizes), output_size, self.batchnorm)
        except NetworkTooLargeError as error:
            raise ConfigError(str(error)) from None
        return MultiLayerNet(
            input_size, list(self.hidden_sizes), output_size,
            activation=self.activation, weight_init=self.weight_init,
            init_std=self.init_std if self.weight_init == "std" else None,
            dropout=self.dropout, batchnorm=self.batchnorm,
            weight_decay=self.weight_decay, seed=seed, should_stop=should_stop,
        )


@dataclass(frozen=True)
class TrainConfig(Checked):
    """How to train: epochs, batch size, optimizer and its hyperparameters, seed.

    ``lr=None`` takes the optimizer's own default (the book's). ``eval_samples`` bounds how many
    training and test samples the per-epoch accuracy is measured on (None: all of them).
    ``train_samples`` trains on the first N training samples only (the book's ``x_train[:300]``
    in its overfitting experiments); ``validation_fraction`` then holds that share of them out,
    shuffled by ``seed``, and measures on it instead of the test set (its hyperparameter search).
    ``max_iterations`` ends the run after that many mini-batches (the book's optimizer
    comparison runs 2,000 iterations, not whole epochs).
    """

    epochs: int = setting(5, Number("epochs", 1, 100_000, whole=True))
    batch_size: int = setting(100, Number("batch size", 1, 100_000, whole=True))
    optimizer: str = setting("adam", Choice("optimizer", OPTIMIZERS))
    lr: float | None = setting(None, Number("learning rate", 0.0, 1e6, low_inclusive=False,
                                             optional=True))
    optimizer_params: Mapping[str, float] = setting(
        rule=NumberMap("optimizer settings", 0.0, 1e6), factory=dict)
    eval_samples: int | None = setting(None, Number("evaluation samples", 1, 10_000_000,
                                                     whole=True, optional=True))
    seed: int = setting(0, Number("seed", 0, 2**32 - 1, whole=True))
    train_samples: int | None = setting(None, Number("training samples", 1, 100_000_000,
                                                      whole=True, optional=True))
    validation_fraction: float = setting(0.0, Number("validation fraction", 0.0, 0.9))
    max_iterations: int | None = setting(None, Number("iterations", 1, 100_000_000,
                                                       whole=True, optional=True))

    def __post_init__(self) -> None:
        super().__post_init__()
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
class RunConfig(Checked):
    """Everything one training run needs: the data set, the network and how to train it.

    ``dataset_params`` shape a 2-D set (noise, points, test_fraction; empty: its defaults) and
    ``features`` say what the network sees of a 2-D point (engine.features; default x, y).
    """

    dataset: str = setting("mnist-sample", Choice("data set", DATASETS))
    network: NetworkConfig = setting(rule=Section("network", NetworkConfig), factory=NetworkConfig)
    train: TrainConfig = setting(rule=Section("train", TrainConfig), factory=TrainConfig)
    dataset_params: Mapping[str, float] = setting(
        rule=NamedNumbers("data set params"), factory=dict)
    features: tuple[str, ...] = setting(PLANE, Features("features"))

    def __post_init__(self) -> None:
        super().__post_init__()
        spec = DATASETS[self.dataset]
        try:
            spec.check_params(self.dataset_params)
        except DatasetError as error:
            raise ConfigError(str(error)) from None
        if self.features != PLANE and spec.image_shape is not None:
            raise ConfigError(f"features: {spec.title} is an image set; input features apply "
                              "to the 2-D sets only")

    def to_dict(self) -> dict[str, Any]:
        network = asdict(self.network)
        network["hidden_sizes"] = list(self.network.hidden_sizes)
        return {"dataset": self.dataset, "network": network, "train": self.train.to_dict(),
                "dataset_params": dict(self.dataset_params), "features": list(self.features)}

    @classmethod
    def from_dict(cls, data: Any) -> RunConfig:
        """Build from a dict as written by ``to_dict``; missing keys take their defaults."""
        if not isinstance(data, Mapping):
            raise ConfigError("a run configuration must be a JSON object")
        data = dict(data)
        if "params" in data:  # also read "params" for "dataset_params"
            data.setdefault("dataset_params", data.pop("params"))
        dataset = data.get("dataset")
        if isinstance(dataset, Mapping):  # also read {"dataset": {"name": ..., "params": ...}}
            unknown = sorted(str(key) for key in set(dataset) - {"name", "params"})
            if unknown:
                raise ConfigError(f"dataset: unknown setting(s) {shown(unknown)[1:-1]}")
            data["dataset"] = dataset.get("name", "mnist-sample")
            if "params" in dataset:
                data["dataset_params"] = dataset["params"]
        return from_mapping(cls, "run configuration", data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RunConfig:
        """Parse strictly: NaN, Infinity, numbers beyond float range, deep nesting and texts
        over MAX_CONFIG_BYTES are ConfigErrors, like every bad value."""
        if len(text) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{len(text):,} characters is far too long for a run "
                              f"configuration (at most {MAX_CONFIG_BYTES:,})")
        try:
            data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        except json.JSONDecodeError as error:
            raise ConfigError(
                f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        except RecursionError:
            raise ConfigError("nested too deeply to be a run configuration") from None
        except ConfigError:
            raise
        except ValueError as error:  # e.g. an integer of more than 4,300 digits
            raise ConfigError(f"not a usable number ({error})") from None
        return cls.from_dict(data)

    def save(self, path: str | os.PathLike) -> None:
        """Write as JSON atomically: a crash mid-write never leaves a half-written file."""
        atomic_write_text(Path(path), self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike) -> RunConfig:
        path = Path(path)
        try:
            with path.open("rb") as stream:
                raw = stream.read(MAX_CONFIG_BYTES + 1)
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"cannot read {path}: {error}") from None
        try:
            return cls.from_json(text)
        except ConfigError as error:
            raise ConfigError(f"{path}: {error}") from None


def _refuse_constant(name: str) -> float:
    raise ConfigError(f"{name} is not a number nndash can use")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ConfigError(f"{shown(text)} is too large a number")
    return value


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before the rename: a power cut keeps one whole file
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
