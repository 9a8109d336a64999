"""Where each kind of data set comes from and how it loads: the embedded MNIST sample, the
full-size IDX sets on disk, and the 2-D toy sets generated from a seed and parameters.

Each kind is a DatasetSpec subclass; engine.data registers one instance per data set.
"""

from __future__ import annotations

import functools
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.dataset import Dataset, stratified_split
from engine.idx import (
    IDX_STEMS,
    DatasetError,
    Splits,
    find_idx_files,
    read_idx_pair,
    read_idx_splits,
    to_unit_float,
)
from resources import resource_path

APP_NAME = "nndash"
SAMPLE_SPLIT_SEED = 0  # fixed, so test accuracy on the sample is comparable across runs
TEST_FRACTION = 0.2  # the sample: 2,000 of 10,000; the toy sets: 120 of 600
TOY_POINTS = 600
TOY_PARAM_RANGES: dict[str, tuple[float, float]] = {
    "noise": (0.0, 1.0),
    "points": (30, 20_000),
    "test_fraction": (0.05, 0.9),
}
"""The parameters of every 2-D set and their allowed ranges (inclusive)."""


@dataclass(frozen=True, kw_only=True)
class DatasetSpec(ABC):
    """What the GUI can show about a data set before loading it; subclasses know how to load."""

    name: str
    title: str
    class_names: tuple[str, ...]
    image_shape: tuple[int, int] | None
    description: str

    @abstractmethod
    def status(self, data_dir: Path | None) -> tuple[bool, str]:
        """(available, a sentence for the user), cheaply: checks files, loads nothing."""

    @abstractmethod
    def load(self, data_dir: Path | None, seed: int,
             params: Mapping[str, float] | None = None) -> Dataset:
        """The data set; `seed` and `params` matter only where the data are generated."""

    def check_params(self, params: Mapping[str, float] | None) -> dict[str, float]:
        """The parameters a set is generated with, defaults filled in; a set read from files
        takes none, so any parameter is a DatasetError."""
        if params:
            raise DatasetError(f"{self.title} takes no parameters (got {', '.join(params)}): "
                               "noise, points and test fraction apply to the 2-D sets")
        return {}

    def dataset_from(self, splits: Splits, **extra) -> Dataset:
        """A Dataset carrying this spec's name, title, class names and image shape."""
        x_train, t_train, x_test, t_test, _ = splits
        return Dataset(
            self.name, self.title, x_train, t_train, x_test, t_test,
            self.class_names, self.image_shape, **extra,
        )


@dataclass(frozen=True, kw_only=True)
class EmbeddedSample(DatasetSpec):
    """The MNIST test set bundled in resources/, split once with SAMPLE_SPLIT_SEED."""

    folder: tuple[str, ...] = ("data", "mnist-sample")
    files: tuple[str, str] = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")

    def status(self, data_dir: Path | None) -> tuple[bool, str]:
        folder = resource_path(*self.folder)
        missing = [name for name in self.files if not (folder / name).is_file()]
        if missing:
            return False, f"The embedded sample is damaged: {folder} lacks {', '.join(missing)}"
        return True, self.description

    def load(self, data_dir: Path | None, seed: int,
             params: Mapping[str, float] | None = None) -> Dataset:
        return _load_sample(self)


@functools.lru_cache(maxsize=1)
def _load_sample(spec: EmbeddedSample) -> Dataset:
    """Decode and split the sample once per process (~0.06 s); every later call is free."""
    folder = resource_path(*spec.folder)
    images_path, labels_path = (folder / name for name in spec.files)
    images, labels = read_idx_pair(images_path, labels_path, spec.image_shape)
    x = to_unit_float(images)
    train, test = stratified_split(labels, TEST_FRACTION, np.random.default_rng(SAMPLE_SPLIT_SEED))
    splits = (x[train], labels[train], x[test], labels[test], spec.image_shape)
    return spec.dataset_from(splits, source=str(folder))


@dataclass(frozen=True, kw_only=True)
class FullIdxSet(DatasetSpec):
    """A full-size set of four IDX files, looked for in the data folder or the user cache."""

    system_dirs: tuple[Path, ...] = ()
    install_hint: str = ""

    def search_dirs(self, data_dir: Path | None) -> list[Path]:
        """Where the files may be: data_dir itself or its subfolder <name>, else the user
        cache's subfolder <name>; then any system-wide copy."""
        given = [Path(data_dir), Path(data_dir) / self.name] if data_dir is not None else []
        return [*(given or [dataset_folder(self.name)]), *self.system_dirs]

    def locate(self, data_dir: Path | None) -> dict[str, Path]:
        """The four files by role, from the first folder that holds them all."""
        dirs = self.search_dirs(data_dir)
        found = {folder: find_idx_files(folder) for folder in dirs}
        complete = [files for files in found.values() if len(files) == len(IDX_STEMS)]
        if complete:
            return complete[0]
        partial = [f"{folder} has only {len(files)} of the 4 files"
                   for folder, files in found.items() if files]
        ways = [f"use Data > Get full {self.title} in the app",
                f"`python main.py --download {self.name}`",
                f"or put the four IDX files in {dirs[0]}"]
        if self.install_hint:
            ways.append(f"or {self.install_hint}")
        raise DatasetError(
            f"{self.title} not found (looked in {', '.join(map(str, [*dirs, *partial]))}): "
            f"{', '.join(ways)}."
        )

    def status(self, data_dir: Path | None) -> tuple[bool, str]:
        try:
            files = self.locate(data_dir)
        except DatasetError as err:
            return False, str(err)
        return True, f"{self.description}, in {files['train_images'].parent}"

    def load(self, data_dir: Path | None, seed: int,
             params: Mapping[str, float] | None = None) -> Dataset:
        files = self.locate(data_dir)
        splits = read_idx_splits(files, self.image_shape)
        return self.dataset_from(splits, source=str(files["train_images"].parent))


@dataclass(frozen=True, kw_only=True)
class ToySet(DatasetSpec):
    """A 2-D set drawn by ``make(rng, n, noise) -> (x (n, 2), t (n,))``, shuffled and split
    from the seed. Its parameters (see TOY_PARAM_RANGES): ``noise`` (default
    ``default_noise``), ``points`` in total (default 600) and ``test_fraction`` (default 0.2).
    """

    make: Callable[[np.random.Generator, int, float], tuple[np.ndarray, np.ndarray]]
    default_noise: float

    def status(self, data_dir: Path | None) -> tuple[bool, str]:
        return True, self.description

    def default_params(self) -> dict[str, float]:
        return {"noise": self.default_noise, "points": TOY_POINTS, "test_fraction": TEST_FRACTION}

    def check_params(self, params: Mapping[str, float] | None) -> dict[str, float]:
        """``params`` over the defaults; a DatasetError names an unknown or out-of-range one."""
        checked = self.default_params()
        for key, value in (params or {}).items():
            if key not in TOY_PARAM_RANGES:
                raise DatasetError(f"{self.title}: unknown parameter '{key}'; choose from "
                                   f"{', '.join(TOY_PARAM_RANGES)}")
            low, high = TOY_PARAM_RANGES[key]
            whole = key == "points"
            kind = int if whole else int | float
            if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
                what = "a whole number" if whole else "a number"
                raise DatasetError(f"{self.title}: {key.replace('_', ' ')} must be {what} from "
                                   f"{low:g} to {high:g}, got {value!r}")
            checked[key] = value
        return checked

    def load(self, data_dir: Path | None, seed: int,
             params: Mapping[str, float] | None = None) -> Dataset:
        settings = self.check_params(params)
        rng = np.random.default_rng(seed)
        x, t = self.make(rng, int(settings["points"]), float(settings["noise"]))
        order = rng.permutation(len(t))
        x, t = x[order], t[order]
        train, test = stratified_split(t, float(settings["test_fraction"]), rng)
        splits = (x[train], t[train], x[test], t[test], None)
        source = f"generated from seed {seed}"
        return self.dataset_from(splits, feature_range=(-1.0, 1.0), source=source)


def user_cache_dir() -> Path:
    """The per-user data folder: $NNDASH_DATA_DIR, else the platform's cache folder + nndash."""
    override = os.environ.get("NNDASH_DATA_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / APP_NAME
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / APP_NAME


def dataset_folder(name: str, data_dir: str | os.PathLike | None = None) -> Path:
    """Where the files of set `name` go: <data_dir or user_cache_dir()>/<name>."""
    return (Path(data_dir).expanduser() if data_dir is not None else user_cache_dir()) / name
