"""Data sets: the Dataset container, the DATASETS registry, load_dataset and load_folder.

Three kinds of data set, one registry:
- 'mnist-sample': the embedded default, the real MNIST test set (10,000 digits) shipped in
  resources/, split 8,000 train / 2,000 test, stratified, with a fixed seed;
- 'mnist', 'fashion-mnist': the full-size sets, found on disk (a folder the user gives, the
  per-user cache that the download fills, or Debian's dataset-fashion-mnist);
- 'spiral', 'xor', 'circles', 'moons', 'gaussians', 'sine': 2-D toy sets generated from the
  seed, shaped by the parameters noise, points and test_fraction (ToySet.check_params).
Image features are float32 in [0, 1], shape (n, 784); toy features are float32 roughly in
[-1, 1], shape (n, 2) (see Dataset.feature_range). Labels are int64 class indices.
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

from engine.idx import (
    IDX_STEMS,
    DatasetError,
    Splits,
    find_idx_files,
    read_idx_pair,
    read_idx_splits,
    read_npz,
    read_pkl,
    to_unit_float,
)
from engine.toy_data import (
    make_circles,
    make_gaussians,
    make_moons,
    make_sine,
    make_spiral,
    make_xor,
)
from resources import resource_path

__all__ = [
    "DATASETS",
    "Dataset",
    "DatasetError",
    "TEST_FRACTION",
    "TOY_PARAM_RANGES",
    "TOY_POINTS",
    "ToySet",
    "dataset_folder",
    "dataset_status",
    "load_dataset",
    "load_folder",
    "stratified_split",
    "user_cache_dir",
]

APP_NAME = "nndash"
DIGITS = tuple(str(digit) for digit in range(10))
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
SAMPLE_SPLIT_SEED = 0  # fixed, so test accuracy on the sample is comparable across runs
TEST_FRACTION = 0.2  # the sample: 2,000 of 10,000; the toy sets: 120 of 600
TOY_POINTS = 600
TOY_PARAM_RANGES: dict[str, tuple[float, float]] = {
    "noise": (0.0, 1.0),
    "points": (30, 20_000),
    "test_fraction": (0.05, 0.9),
}
"""The parameters of every 2-D set and their allowed ranges (inclusive)."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """A train/test split ready for training.

    x_train (n_train, features) float32, t_train (n_train,) int64, likewise x_test, t_test.
    The arrays are read-only views, so a cached data set cannot be corrupted by a caller.
    feature_range is (0, 1) for images, (-1, 1) for the 2-D toy sets (roughly: noise spills).
    """

    name: str
    title: str
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    class_names: tuple[str, ...]
    image_shape: tuple[int, int] | None = None
    feature_range: tuple[float, float] = (0.0, 1.0)
    source: str = ""
    input_features: tuple[str, ...] = ()
    plane: tuple[np.ndarray, np.ndarray] | None = None

    def __post_init__(self) -> None:
        for field in ("x_train", "t_train", "x_test", "t_test"):
            view = np.asarray(getattr(self, field)).view()
            view.flags.writeable = False
            object.__setattr__(self, field, view)
        for x, t in ((self.x_train, self.t_train), (self.x_test, self.t_test)):
            if x.ndim != 2 or t.ndim != 1 or len(x) != len(t):
                raise ValueError(f"x must be (n, features) and t (n,), got {x.shape}, {t.shape}")

    @property
    def classes(self) -> int:
        """Number of classes (the width of the network's output layer)."""
        return len(self.class_names)

    @property
    def features(self) -> int:
        """Number of input features (the width of the network's input layer)."""
        return self.x_train.shape[1]

    def plane_points(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The (x, y) coordinates of the training and test points of a 2-D set, whatever
        features the network sees (``input_features``); None for an image set."""
        if self.plane is not None:
            return self.plane
        if self.image_shape is None and self.features == 2:
            return self.x_train, self.x_test
        return None


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


DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in (
        EmbeddedSample(
            name="mnist-sample", title="MNIST sample", class_names=DIGITS, image_shape=(28, 28),
            description="Embedded MNIST sample: 8,000 training and 2,000 test digits",
        ),
        FullIdxSet(
            name="mnist", title="MNIST", class_names=DIGITS, image_shape=(28, 28),
            description="Full MNIST: 60,000 training and 10,000 test digits",
        ),
        FullIdxSet(
            name="fashion-mnist", title="Fashion-MNIST", class_names=FASHION_CLASSES,
            image_shape=(28, 28), system_dirs=(DEBIAN_FASHION_DIR,),
            install_hint="install Debian's `apt-get install dataset-fashion-mnist`",
            description="Fashion-MNIST: 60,000 training and 10,000 test clothing images",
        ),
        ToySet(
            name="spiral", title="Spiral", class_names=("arm 0", "arm 1", "arm 2"),
            image_shape=None, make=make_spiral, default_noise=0.2,
            description="Three interleaved spiral arms (2-D, 480 train / 120 test points)",
        ),
        ToySet(
            name="xor", title="XOR", class_names=("same sign", "opposite sign"),
            image_shape=None, make=make_xor, default_noise=0.05,
            description="XOR of the signs of x and y (2-D, 480 train / 120 test points)",
        ),
        ToySet(
            name="circles", title="Circles", class_names=("outer", "inner"),
            image_shape=None, make=make_circles, default_noise=0.06,
            description="Two concentric rings (2-D, 480 train / 120 test points)",
        ),
        ToySet(
            name="moons", title="Moons", class_names=("upper moon", "lower moon"),
            image_shape=None, make=make_moons, default_noise=0.08,
            description="Two interleaved half circles (2-D, 480 train / 120 test points)",
        ),
        ToySet(
            name="gaussians", title="Two Gaussians", class_names=("blob A", "blob B"),
            image_shape=None, make=make_gaussians, default_noise=0.1,
            description="Two Gaussian blobs a line can separate (2-D, 480 train / 120 test "
                        "points)",
        ),
        ToySet(
            name="sine", title="Sine", class_names=("below sin", "above sin"),
            image_shape=None, make=make_sine, default_noise=0.05,
            description="Which side of y = sin(pi x) a point is on (2-D, 480 train / 120 test "
                        "points)",
        ),
    )
}


def load_dataset(name: str, *, data_dir: str | os.PathLike | None = None, seed: int = 0,
                 params: Mapping[str, float] | None = None) -> Dataset:
    """The data set registered as `name` (see DATASETS).

    `seed` and `params` (noise, points, test_fraction; see TOY_PARAM_RANGES) drive only the
    toy sets; the image sets have fixed splits and take no params. Missing or bad files and
    bad params raise DatasetError; an unknown name raises ValueError listing the valid names.
    """
    spec = _spec(name)
    spec.check_params(params)
    return spec.load(_as_path(data_dir), seed, params)


def dataset_status(name: str, data_dir: str | os.PathLike | None = None) -> tuple[bool, str]:
    """(available, message) without loading anything: for greying out menu entries."""
    return _spec(name).status(_as_path(data_dir))


def load_folder(path: str | os.PathLike) -> Dataset:
    """The user's own MNIST-format data: a folder holding the four IDX files (gz or raw),
    mnist.npz or mnist.pkl, or one of those files itself. Images may be any size."""
    path = Path(path).expanduser()
    if not path.exists():
        raise DatasetError(f"{path}: no such file or folder")
    file_readers = {".npz": read_npz, ".pkl": read_pkl}
    if path.is_file() and path.suffix.lower() in file_readers:
        return _folder_dataset(path, file_readers[path.suffix.lower()](path))
    folder = path.parent if path.is_file() else path  # one IDX file stands for its set
    files = find_idx_files(folder)
    if len(files) == len(IDX_STEMS):
        return _folder_dataset(folder, read_idx_splits(files, image_shape=None))
    for name, reader in (("mnist.npz", read_npz), ("mnist.pkl", read_pkl)):
        if (folder / name).is_file():
            return _folder_dataset(folder / name, reader(folder / name))
    missing = [stem for role, stem in IDX_STEMS.items() if role not in files]
    raise DatasetError(
        f"{folder}: no MNIST-format data here: expected mnist.npz, mnist.pkl or the four IDX "
        f"files (gz or raw); missing {', '.join(missing)}"
    )


def _folder_dataset(path: Path, splits: Splits) -> Dataset:
    """A Dataset for files opened by the user: classes 0..max label, named by number."""
    x_train, t_train, x_test, t_test, image_shape = splits
    classes = int(max(t_train.max(initial=0), t_test.max(initial=0))) + 1
    names = tuple(str(label) for label in range(classes))
    return Dataset(
        "folder", path.name, x_train, t_train, x_test, t_test, names, image_shape,
        source=str(path),
    )


def stratified_split(
    t: np.ndarray, test_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test), each ascending, with every class in the same proportion.

    Class c with n_c samples gives floor(n_c * f) test samples; the few left to reach
    round(n * f) go to the classes with the largest remainders.
    """
    classes, counts = np.unique(t, return_counts=True)
    quota = counts * test_fraction
    n_test = np.floor(quota).astype(np.int64)
    short = round(len(t) * test_fraction) - int(n_test.sum())
    n_test[np.argsort(n_test - quota, kind="stable")[:short]] += 1
    is_test = np.zeros(len(t), dtype=bool)
    for label, k in zip(classes, n_test, strict=True):
        is_test[rng.permutation(np.flatnonzero(t == label))[:k]] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)


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


def _as_path(data_dir: str | os.PathLike | None) -> Path | None:
    return Path(data_dir).expanduser() if data_dir is not None else None


def _spec(name: str) -> DatasetSpec:
    try:
        return DATASETS[name]
    except KeyError:
        valid = ", ".join(DATASETS)
        raise ValueError(f"unknown data set {name!r}; choose one of {valid}") from None
