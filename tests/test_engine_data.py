"""Data loading: IDX/npz/pkl readers, every kind of broken file, the registry's data sets."""

from __future__ import annotations

import dataclasses
import gzip
import pickle
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.data import (
    DATASETS,
    DatasetError,
    dataset_status,
    load_dataset,
    load_folder,
    stratified_split,
    user_cache_dir,
)
from engine.idx import IDX_STEMS, read_idx_images, read_idx_labels, read_npz, read_pkl
from resources import resource_path

SAMPLE_CLASS_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


def idx_bytes(array: np.ndarray, magic: int) -> bytes:
    """An IDX file: big-endian magic and sizes, then the uint8 values."""
    sizes = b"".join(int(size).to_bytes(4, "big") for size in array.shape)
    return magic.to_bytes(4, "big") + sizes + array.astype(np.uint8).tobytes()


def write_idx_set(
    folder: Path, n_train: int = 12, n_test: int = 5, *, shape=(28, 28), gz=True, seed=0
) -> dict[str, np.ndarray]:
    """Write the four IDX files of a small random set; returns the arrays by role."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, (n_train, *shape), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, n_train, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (n_test, *shape), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for role, array in arrays.items():
        content = idx_bytes(array, 2051 if role.endswith("images") else 2049)
        name = IDX_STEMS[role] + (".gz" if gz else "")
        (folder / name).write_bytes(gzip.compress(content) if gz else content)
    return arrays


def assert_matches(ds, arrays: dict[str, np.ndarray]) -> None:
    n_train, n_test = len(arrays["train_labels"]), len(arrays["test_labels"])
    np.testing.assert_array_equal(ds.x_train * 255, arrays["train_images"].reshape(n_train, -1))
    np.testing.assert_array_equal(ds.x_test * 255, arrays["test_images"].reshape(n_test, -1))
    np.testing.assert_array_equal(ds.t_train, arrays["train_labels"])
    np.testing.assert_array_equal(ds.t_test, arrays["test_labels"])
    assert ds.x_train.dtype == np.float32 and ds.t_train.dtype == np.int64


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Never look at the real user cache."""
    monkeypatch.setenv("NNDASH_DATA_DIR", str(tmp_path / "cache"))


# --- good files ------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_idx_folder_loads_gzip_and_raw(tmp_path, gz):
    arrays = write_idx_set(tmp_path, gz=gz)
    ds = load_folder(tmp_path)
    assert_matches(ds, arrays)
    assert ds.image_shape == (28, 28) and ds.classes == int(arrays["train_labels"].max()) + 1


def test_gzip_is_detected_by_magic_bytes_not_by_name(tmp_path):
    raw_named_gz, gz_named_raw = tmp_path / "a.gz", tmp_path / "b"
    labels = np.array([3, 1, 4], dtype=np.uint8)
    raw_named_gz.write_bytes(idx_bytes(labels, 2049))
    gz_named_raw.write_bytes(gzip.compress(idx_bytes(labels, 2049)))
    np.testing.assert_array_equal(read_idx_labels(raw_named_gz), labels)
    np.testing.assert_array_equal(read_idx_labels(gz_named_raw), labels)


def test_dotted_spelling_and_single_file_path(tmp_path):
    arrays = write_idx_set(tmp_path, gz=False)
    for stem in IDX_STEMS.values():
        (tmp_path / stem).rename(tmp_path / stem.replace("-idx", ".idx"))
    assert_matches(load_folder(tmp_path / "t10k-labels.idx1-ubyte"), arrays)


def test_other_image_sizes_load_from_a_folder(tmp_path):
    write_idx_set(tmp_path, shape=(8, 6))
    ds = load_folder(tmp_path)
    assert ds.image_shape == (8, 6) and ds.x_train.shape == (12, 48)


def test_keras_npz(tmp_path):
    arrays = write_idx_set(tmp_path / "unused")
    np.savez(tmp_path / "mnist.npz", x_train=arrays["train_images"], y_train=arrays["train_labels"],
             x_test=arrays["test_images"], y_test=arrays["test_labels"])
    assert_matches(load_folder(tmp_path), arrays)
    assert_matches(load_folder(tmp_path / "mnist.npz"), arrays)


def test_book_pickle_with_flat_images(tmp_path):
    arrays = write_idx_set(tmp_path / "unused")
    book = {"train_img": arrays["train_images"].reshape(12, 784),
            "train_label": arrays["train_labels"],
            "test_img": arrays["test_images"].reshape(5, 784),
            "test_label": arrays["test_labels"]}
    with (tmp_path / "mnist.pkl").open("wb") as file:
        pickle.dump(book, file)
    ds = load_folder(tmp_path)
    assert_matches(ds, arrays)
    assert ds.image_shape == (28, 28)


# --- broken files ----------------------------------------------------------------------------

IMAGES = np.zeros((3, 28, 28), dtype=np.uint8)
BROKEN_IMAGE_FILES = {
    "empty": (b"", "empty"),
    "not gzip, not IDX": (b"<html>Not Found</html>", "not an IDX images file"),
    "labels magic": (idx_bytes(np.zeros(3), 2049), "magic number 2049, expected 2051"),
    "truncated header": (idx_bytes(IMAGES, 2051)[:10], "truncated header"),
    "truncated data": (idx_bytes(IMAGES, 2051)[:-7], "truncated data"),
    "extra bytes": (idx_bytes(IMAGES, 2051) + b"\0", "unexpected bytes"),
    "wrong image size": (idx_bytes(np.zeros((3, 27, 28)), 2051), "27x28, expected 28x28"),
    "truncated gzip": (gzip.compress(idx_bytes(IMAGES, 2051))[:-20], "gzip"),
    "gzip of nothing": (gzip.compress(b""), "truncated header"),
}


@pytest.mark.parametrize("case", BROKEN_IMAGE_FILES)
def test_broken_image_file_raises_naming_path_and_problem(tmp_path, case):
    content, problem = BROKEN_IMAGE_FILES[case]
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(content)
    with pytest.raises(DatasetError) as err:
        read_idx_images(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_missing_file_names_path(tmp_path):
    with pytest.raises(DatasetError, match="file not found") as err:
        read_idx_labels(tmp_path / "nope")
    assert str(tmp_path / "nope") in str(err.value)


def test_count_mismatch_between_images_and_labels(tmp_path):
    write_idx_set(tmp_path)
    labels = tmp_path / "train-labels-idx1-ubyte.gz"
    labels.write_bytes(gzip.compress(idx_bytes(np.zeros(11), 2049)))
    with pytest.raises(DatasetError, match="12 images but .* has 11 labels") as err:
        load_folder(tmp_path)
    assert str(labels) in str(err.value)


def test_wrong_image_size_in_a_registry_set(tmp_path):
    write_idx_set(tmp_path / "mnist", shape=(27, 28))
    with pytest.raises(DatasetError, match="27x28, expected 28x28"):
        load_dataset("mnist", data_dir=tmp_path)


def test_folder_without_data_lists_what_it_expects(tmp_path):
    write_idx_set(tmp_path)
    (tmp_path / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match="missing t10k-images-idx3-ubyte") as err:
        load_folder(tmp_path)
    assert str(tmp_path) in str(err.value)
    with pytest.raises(DatasetError, match="no such file"):
        load_folder(tmp_path / "absent")


@pytest.mark.parametrize(
    "content, problem",
    [
        ({"x_train": np.zeros((2, 28, 28), np.uint8)}, "missing y_train"),
        ({"x_train": np.zeros((2, 28, 28), np.uint8), "y_train": np.zeros(3, np.uint8),
          "x_test": np.zeros((1, 28, 28), np.uint8), "y_test": np.zeros(1, np.uint8)},
         "2 images in x_train but 3 labels"),
        ({"x_train": np.full((2, 4), 7.0), "y_train": np.zeros(2, np.uint8),
          "x_test": np.zeros((1, 4), np.uint8), "y_test": np.zeros(1, np.uint8)},
         "uint8 pixels or floats in"),
    ],
)
def test_bad_npz_contents(tmp_path, content, problem):
    path = tmp_path / "mnist.npz"
    np.savez(path, **content)
    with pytest.raises(DatasetError, match=problem) as err:
        read_npz(path)
    assert str(path) in str(err.value)


def test_npz_that_is_not_a_zip(tmp_path):
    path = tmp_path / "mnist.npz"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(DatasetError, match="not a readable .npz") as err:
        load_folder(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    "content, problem",
    [(pickle.dumps([1, 2]), "expected a dict"), (b"garbage", "not a readable pickle"),
     (pickle.dumps({"train_img": 0}), "missing train_label")],
)
def test_bad_pickles(tmp_path, content, problem):
    path = tmp_path / "mnist.pkl"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=problem) as err:
        read_pkl(path)
    assert str(path) in str(err.value)


# --- the embedded sample ---------------------------------------------------------------------


def test_sample_shapes_types_and_range():
    ds = load_dataset("mnist-sample")
    assert ds.x_train.shape == (8000, 784) and ds.x_test.shape == (2000, 784)
    assert ds.t_train.shape == (8000,) and ds.t_test.shape == (2000,)
    assert ds.x_train.dtype == np.float32 and ds.t_test.dtype == np.int64
    assert ds.x_train.min() == 0.0 and ds.x_train.max() == 1.0
    assert ds.classes == 10 and ds.image_shape == (28, 28) and ds.class_names[3] == "3"


def test_sample_is_the_real_mnist_test_set_stratified():
    raw = read_idx_labels(resource_path("data", "mnist-sample", "t10k-labels-idx1-ubyte.gz"))
    assert raw[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    ds = load_dataset("mnist-sample")
    all_labels = np.concatenate([ds.t_train, ds.t_test])
    assert np.bincount(all_labels).tolist() == SAMPLE_CLASS_COUNTS
    test_share = np.bincount(ds.t_test) / np.array(SAMPLE_CLASS_COUNTS)
    np.testing.assert_allclose(test_share, 0.2, atol=0.001)


def test_sample_split_does_not_depend_on_seed_and_is_read_only():
    first, second = load_dataset("mnist-sample", seed=0), load_dataset("mnist-sample", seed=99)
    np.testing.assert_array_equal(first.t_test, second.t_test)
    np.testing.assert_array_equal(first.x_test, second.x_test)
    for array in (first.x_train, first.t_train, first.x_test, first.t_test):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0


def test_stratified_split_keeps_proportions_and_every_index_once():
    t = np.repeat([0, 1, 2], [50, 30, 21])
    train, test = stratified_split(t, 0.2, np.random.default_rng(1))
    assert np.bincount(t[test]).tolist() == [10, 6, 4]
    assert sorted([*train, *test]) == list(range(len(t)))


# --- full-size sets --------------------------------------------------------------------------


@pytest.mark.skipif(not FASHION_DIR.is_dir(), reason="Debian's dataset-fashion-mnist is absent")
def test_fashion_mnist_full_size_from_debian(tmp_path):
    ds = load_dataset("fashion-mnist", data_dir=tmp_path)
    assert ds.x_train.shape == (60000, 784) and ds.x_test.shape == (10000, 784)
    assert np.bincount(ds.t_train).tolist() == [6000] * 10
    assert ds.class_names[0] == "T-shirt/top" and ds.class_names[-1] == "Ankle boot"
    assert 0.0 <= ds.x_test.min() and ds.x_test.max() <= 1.0
    assert ds.source == str(FASHION_DIR)


def test_mnist_from_data_dir_directly_or_in_subfolder(tmp_path):
    direct = write_idx_set(tmp_path / "direct", gz=False)
    assert_matches(load_dataset("mnist", data_dir=tmp_path / "direct"), direct)
    nested = write_idx_set(tmp_path / "root" / "mnist", seed=1)
    assert_matches(load_dataset("mnist", data_dir=tmp_path / "root"), nested)


def test_mnist_from_the_user_cache(tmp_path):
    arrays = write_idx_set(user_cache_dir() / "mnist")
    assert dataset_status("mnist")[0]
    assert_matches(load_dataset("mnist"), arrays)


def test_status_and_message_when_absent(tmp_path):
    available, message = dataset_status("mnist", data_dir=tmp_path)
    assert not available
    assert "--download mnist" in message and str(tmp_path) in message
    with pytest.raises(DatasetError, match="Data > Get full MNIST"):
        load_dataset("mnist", data_dir=tmp_path)
    fashion_without_debian = dataclasses.replace(DATASETS["fashion-mnist"], system_dirs=())
    available, message = fashion_without_debian.status(tmp_path)
    assert not available and "apt-get install dataset-fashion-mnist" in message


def test_status_when_present_or_partial(tmp_path):
    write_idx_set(tmp_path / "mnist")
    assert dataset_status("mnist", data_dir=tmp_path) == (
        True, f"{DATASETS['mnist'].description}, in {tmp_path / 'mnist'}")
    (tmp_path / "mnist" / "train-images-idx3-ubyte.gz").unlink()
    available, message = dataset_status("mnist", data_dir=tmp_path)
    assert not available and "has only 3 of the 4 files" in message
    assert dataset_status("mnist-sample")[0] and dataset_status("spiral")[0]


# --- toy sets and the registry ---------------------------------------------------------------


@pytest.mark.parametrize("name, classes", [("spiral", 3), ("xor", 2), ("circles", 2),
                                           ("moons", 2), ("gaussians", 2), ("sine", 2)])
def test_toy_sets_are_deterministic_from_seed(name, classes):
    first, again, other = (load_dataset(name, seed=seed) for seed in (3, 3, 4))
    np.testing.assert_array_equal(first.x_train, again.x_train)
    np.testing.assert_array_equal(first.t_test, again.t_test)
    assert not np.array_equal(first.x_train, other.x_train)
    assert first.x_train.shape == (480, 2) and first.x_test.shape == (120, 2)
    assert first.x_train.dtype == np.float32 and first.t_train.dtype == np.int64
    assert first.image_shape is None and first.classes == classes
    assert np.abs(first.x_train).max() < 1.5 and first.feature_range == (-1.0, 1.0)
    assert np.bincount(first.t_test, minlength=classes).min() >= 120 // classes - 2


def test_xor_labels_follow_the_quadrants_away_from_the_axes():
    ds = load_dataset("xor", seed=0)
    clear = np.abs(ds.x_train).min(axis=1) > 0.3  # noise (0.05) cannot cross the axis here
    opposite = np.sign(ds.x_train[clear, 0]) != np.sign(ds.x_train[clear, 1])
    np.testing.assert_array_equal(ds.t_train[clear], opposite)


def test_registry_names_and_unknown_name():
    assert {"mnist-sample", "mnist", "fashion-mnist", "spiral", "xor", "circles"} <= set(DATASETS)
    assert all(spec.title and spec.class_names for spec in DATASETS.values())
    with pytest.raises(ValueError, match="choose one of mnist-sample"):
        load_dataset("cifar")


def test_user_cache_dir_per_platform(monkeypatch, tmp_path):
    monkeypatch.delenv("NNDASH_DATA_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_dir() == tmp_path / "nndash"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache_dir() == Path.home() / ".cache" / "nndash"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert user_cache_dir() == Path.home() / "Library" / "Caches" / "nndash"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert user_cache_dir() == tmp_path / "nndash"
    monkeypatch.setenv("NNDASH_DATA_DIR", str(tmp_path / "mine"))
    assert user_cache_dir() == tmp_path / "mine"


def test_the_public_api_stays_in_engine_data():
    """engine.data is split into modules by job; what DESIGN.md lists is still imported from
    engine.data, with the same signatures."""
    import inspect

    import engine.data

    for name in engine.data.__all__:
        assert hasattr(engine.data, name), name
    assert {"mnist-sample", "mnist", "fashion-mnist", "spiral", "xor", "circles", "moons",
            "gaussians", "sine"} <= set(engine.data.DATASETS)
    parameters = inspect.signature(engine.data.load_dataset).parameters
    assert list(parameters) == ["name", "data_dir", "seed", "params"]
    assert all(parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
               for name in ("data_dir", "seed", "params"))
    assert issubclass(engine.data.DatasetError, Exception)
    assert list(inspect.signature(engine.data.load_folder).parameters) == ["path"]
