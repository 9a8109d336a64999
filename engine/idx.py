"""Readers for MNIST-format files: IDX (gzip or raw), Keras' mnist.npz and the book's mnist.pkl.

An IDX file is a big-endian header followed by raw uint8 values::

    magic (0, 0, dtype 0x08, ndim) | ndim sizes, 4 bytes each | prod(sizes) bytes of data

Images have magic 2051 and shape (n, rows, cols); labels have magic 2049 and shape (n,).
Gzip is told apart from raw data by its magic bytes (1f 8b), never by the file name.
Every reader checks what it reads and raises DatasetError naming the file and the problem.
A pickle is read by an unpickler that builds only NumPy arrays, numbers, strings and
containers (``_DataOnlyUnpickler``): a file can never make nndash call a function.
"""

from __future__ import annotations

import builtins
import gzip
import math
import pickle
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

import numpy as np

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049
_KIND = {IMAGES_MAGIC: "images", LABELS_MAGIC: "labels"}
_GZIP_MAGIC = b"\x1f\x8b"
IDX_STEMS = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
_SPLIT_KEYS = ("x_train", "t_train", "x_test", "t_test")
NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
PKL_KEYS = ("train_img", "train_label", "test_img", "test_label")

# (x_train (n, features) float32, t_train (n,) int64, x_test, t_test, image_shape or None)
Splits = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[int, int] | None]


class DatasetError(Exception):
    """A data file is missing or malformed; the message names the path and what was wrong.

    Defined here, beside the readers that raise it; engine.data re-exports it.
    """


def read_bytes(path: Path) -> bytes:
    """The whole content of `path`, gunzipped when it starts with the gzip magic bytes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except OSError as err:
        raise DatasetError(f"{path}: cannot read the file ({err.strerror})") from err
    if not data:
        raise DatasetError(f"{path}: the file is empty")
    if data[:2] != _GZIP_MAGIC:
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as err:
        raise DatasetError(f"{path}: corrupt or truncated gzip data ({err})") from err


def read_idx(path: Path, magic: int) -> np.ndarray:
    """The uint8 array stored in an IDX file, shaped as its header says (read-only view)."""
    data = read_bytes(path)
    kind = _KIND[magic]
    if len(data) < 4:
        raise DatasetError(f"{path}: truncated header ({len(data)} bytes)")
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        raise DatasetError(
            f"{path}: not an IDX {kind} file (magic number {found}, expected {magic})"
        )
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetError(f"{path}: truncated header ({len(data)} of {header} bytes)")
    shape = tuple(int(size) for size in np.frombuffer(data, ">u4", count=ndim, offset=4))
    expected, found_bytes = math.prod(shape), len(data) - header
    if found_bytes < expected:
        raise DatasetError(
            f"{path}: truncated data: the header promises {kind} of shape {shape}, "
            f"{expected} bytes, but only {found_bytes} follow"
        )
    if found_bytes > expected:
        raise DatasetError(
            f"{path}: {found_bytes - expected} unexpected bytes after {kind} of shape {shape}"
        )
    return np.frombuffer(data, np.uint8, count=expected, offset=header).reshape(shape)


def read_idx_images(path: Path, image_shape: tuple[int, int] | None = (28, 28)) -> np.ndarray:
    """uint8 images (n, rows, cols) from an IDX file; `image_shape` None accepts any size."""
    images = read_idx(path, IMAGES_MAGIC)
    if image_shape is not None and images.shape[1:] != image_shape:
        rows, cols = images.shape[1:]
        raise DatasetError(
            f"{path}: images are {rows}x{cols}, expected {image_shape[0]}x{image_shape[1]}"
        )
    return images


def read_idx_labels(path: Path) -> np.ndarray:
    """uint8 labels (n,) from an IDX file."""
    return read_idx(path, LABELS_MAGIC)


def find_idx_files(folder: Path) -> dict[str, Path]:
    """The IDX files of a data set present in `folder`, by role (a subset of IDX_STEMS).

    Accepts both spellings seen in the wild (train-images-idx3-ubyte, train-images.idx3-ubyte),
    each raw or with .gz.
    """
    found = {}
    for role, stem in IDX_STEMS.items():
        names = (stem, stem.replace("-idx", ".idx"))
        candidates = (folder / f"{name}{ext}" for name in names for ext in (".gz", ""))
        present = next((path for path in candidates if path.is_file()), None)
        if present is not None:
            found[role] = present
    return found


def read_idx_splits(
    files: Mapping[str, Path], image_shape: tuple[int, int] | None = (28, 28)
) -> Splits:
    """The four IDX files named by role (see IDX_STEMS) as float32 features and int64 labels.

    `image_shape` None accepts any image size, as long as train and test images agree.
    """
    train_images, t_train = read_idx_pair(files["train_images"], files["train_labels"], image_shape)
    image_shape = train_images.shape[1:]
    test_images, t_test = read_idx_pair(files["test_images"], files["test_labels"], image_shape)
    return to_unit_float(train_images), t_train, to_unit_float(test_images), t_test, image_shape


def read_idx_pair(
    images_path: Path, labels_path: Path, image_shape: tuple[int, int] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Matching uint8 images (n, rows, cols) and int64 labels (n,), counts checked."""
    images = read_idx_images(images_path, image_shape)
    labels = read_idx_labels(labels_path)
    if len(images) != len(labels):
        raise DatasetError(
            f"{images_path}: {len(images)} images but {labels_path} has {len(labels)} labels"
        )
    return images, labels.astype(np.int64)


def to_unit_float(images: np.ndarray) -> np.ndarray:
    """uint8 images (n, ...) -> float32 (n, features) in [0, 1]: one pass, one allocation."""
    flat = images.reshape(len(images), -1)
    unit = np.empty(flat.shape, dtype=np.float32)
    np.divide(flat, np.float32(255), out=unit)
    return unit


def read_npz(path: Path) -> Splits:
    """Keras-style mnist.npz with x_train, y_train, x_test, y_test (uint8 images)."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in NPZ_KEYS if key in archive.files}
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise DatasetError(f"{path}: not a readable .npz archive ({err})") from err
    except MemoryError:
        raise DatasetError(f"{path}: its arrays do not fit in memory") from None
    return _checked_splits(path, arrays, NPZ_KEYS)


def read_pkl(path: Path) -> Splits:
    """The book's mnist.pkl: a dict with train_img, train_label, test_img, test_label."""
    content = load_data_pickle(path)
    if not isinstance(content, dict):
        raise DatasetError(f"{path}: expected a dict of arrays, found {type(content).__name__}")
    return _checked_splits(path, content, PKL_KEYS)


def load_data_pickle(path: Path) -> object:
    """What the pickle at ``path`` holds, built by ``_DataOnlyUnpickler`` (data, never code)."""
    try:
        with path.open("rb") as file:
            return _DataOnlyUnpickler(file).load()
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except _ForbiddenGlobal as err:
        raise DatasetError(
            f"{path}: the pickle holds objects nndash does not load ({err}); only NumPy "
            "arrays, numbers, strings and lists, tuples and dicts of them are read"
        ) from None
    # A broken pickle can fail in many ways (EOFError, UnpicklingError, bad array state, ...).
    except Exception as err:
        raise DatasetError(f"{path}: not a readable pickle ({type(err).__name__}: {err})") from err


def _latin1_bytes(text: str, encoding: str = "latin1") -> bytes:
    """How protocol 2 stores bytes (``_codecs.encode(text, 'latin1')``), and only that."""
    if encoding not in ("latin1", "latin-1"):
        raise _ForbiddenGlobal(f"_codecs.encode with {encoding!r}")
    return text.encode("latin1")


_BUILTIN_TYPES = ("bool", "bytearray", "bytes", "complex", "dict", "float", "frozenset", "int",
                  "list", "set", "str", "tuple")
_NUMPY_INTERNALS = {"multiarray": ("_reconstruct", "scalar"), "numeric": ("_frombuffer",)}
_PICKLE_GLOBALS: dict[tuple[str, str], object] = {
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("_codecs", "encode"): _latin1_bytes,
    **{(module, name): getattr(builtins, name)
       for module in ("builtins", "__builtin__") for name in _BUILTIN_TYPES},
    # Pickles made by NumPy 1 name numpy.core, NumPy 2 numpy._core: the same functions.
    **{(f"{package}.{module}", name): getattr(getattr(np._core, module), name)
       for package in ("numpy.core", "numpy._core")
       for module, names in _NUMPY_INTERNALS.items() for name in names},
}


class _ForbiddenGlobal(pickle.UnpicklingError):
    """The pickle names a function or class outside _PICKLE_GLOBALS."""


class _DataOnlyUnpickler(pickle.Unpickler):
    """An unpickler that resolves only _PICKLE_GLOBALS: what the book's mnist.pkl and NumPy
    arrays of any protocol need. Anything else (os.system, eval, a class) is refused before it
    can be called."""

    def find_class(self, module: str, name: str) -> object:
        try:
            return _PICKLE_GLOBALS[(module, name)]
        except KeyError:
            raise _ForbiddenGlobal(f"{module}.{name}") from None


def _checked_splits(path: Path, arrays: dict, keys: tuple[str, ...]) -> Splits:
    """Validate the four arrays named by `keys` (in x_train, t_train, x_test, t_test order)."""
    missing = [key for key in keys if key not in arrays]
    if missing:
        raise DatasetError(f"{path}: missing {', '.join(missing)} (expected {', '.join(keys)})")
    named = {split: np.asarray(arrays[key]) for split, key in zip(_SPLIT_KEYS, keys, strict=True)}
    x_train, image_shape = _unit_images(path, named["x_train"], keys[0])
    x_test, test_shape = _unit_images(path, named["x_test"], keys[2])
    if x_train.shape[1] != x_test.shape[1]:
        raise DatasetError(
            f"{path}: {keys[0]} has {x_train.shape[1]} features per image, "
            f"{keys[2]} has {x_test.shape[1]}"
        )
    t_train = _labels(path, named["t_train"], keys[1], len(x_train), keys[0])
    t_test = _labels(path, named["t_test"], keys[3], len(x_test), keys[2])
    return x_train, t_train, x_test, t_test, image_shape or test_shape


def _unit_images(path: Path, x: np.ndarray, key: str) -> tuple[np.ndarray, tuple | None]:
    """Images (n, rows, cols) or (n, features) as float32 (n, features) in [0, 1]."""
    if x.ndim not in (2, 3) or len(x) == 0:
        raise DatasetError(f"{path}: {key} has shape {x.shape}, expected (n, 28, 28) or (n, 784)")
    if x.dtype == np.uint8:
        unit = to_unit_float(x)
    elif np.issubdtype(x.dtype, np.floating) and 0.0 <= x.min() and x.max() <= 1.0:
        unit = x.reshape(len(x), -1).astype(np.float32)
    else:
        raise DatasetError(f"{path}: {key} must hold uint8 pixels or floats in [0, 1]")
    side = math.isqrt(unit.shape[1])
    square = (side, side) if side * side == unit.shape[1] else None
    return unit, (x.shape[1], x.shape[2]) if x.ndim == 3 else square


def _labels(path: Path, t: np.ndarray, key: str, n: int, images_key: str) -> np.ndarray:
    """Integer class labels (n,) as int64, checked against the image count."""
    if t.ndim != 1 or not np.issubdtype(t.dtype, np.integer) or (t.size and t.min() < 0):
        raise DatasetError(
            f"{path}: {key} must be class labels 0, 1, ... of shape (n,), got {t.dtype} {t.shape}"
        )
    if len(t) != n:
        raise DatasetError(f"{path}: {n} images in {images_key} but {len(t)} labels in {key}")
    return t.astype(np.int64)
