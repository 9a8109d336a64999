"""Data sets: the DATASETS registry, load_dataset and load_folder (the public entry points).

Three kinds of data set, one registry:
- 'mnist-sample': the embedded default, the real MNIST test set (10,000 digits) shipped in
  resources/, split 8,000 train / 2,000 test, stratified, with a fixed seed;
- 'mnist', 'fashion-mnist': the full-size sets, found on disk (a folder the user gives, the
  per-user cache that the download fills, or Debian's dataset-fashion-mnist);
- 'spiral', 'xor', 'circles', 'moons', 'gaussians', 'sine': 2-D toy sets generated from the
  seed, shaped by the parameters noise, points and test_fraction (ToySet.check_params).
Image features are float32 in [0, 1], shape (n, 784); toy features are float32 roughly in
[-1, 1], shape (n, 2) (see Dataset.feature_range). Labels are int64 class indices.

The container and the split live in engine.dataset, the kinds of data set (how each finds
and loads its data) in engine.data_sources, the 2-D generators in engine.toy_data; the names
below are imported from here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from engine.data_sources import (
    TEST_FRACTION,
    TOY_PARAM_RANGES,
    TOY_POINTS,
    DatasetSpec,
    EmbeddedSample,
    FullIdxSet,
    ToySet,
    dataset_folder,
    user_cache_dir,
)
from engine.dataset import Dataset, stratified_split
from engine.idx import (
    IDX_STEMS,
    DatasetError,
    Splits,
    find_idx_files,
    read_idx_splits,
    read_npz,
    read_pkl,
)
from engine.toy_data import (
    make_circles,
    make_gaussians,
    make_moons,
    make_sine,
    make_spiral,
    make_xor,
)

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

DIGITS = tuple(str(digit) for digit in range(10))
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


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


def _as_path(data_dir: str | os.PathLike | None) -> Path | None:
    return Path(data_dir).expanduser() if data_dir is not None else None


def _spec(name: str) -> DatasetSpec:
    try:
        return DATASETS[name]
    except KeyError:
        valid = ", ".join(DATASETS)
        raise ValueError(f"unknown data set {name!r}; choose one of {valid}") from None
