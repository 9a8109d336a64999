"""Pickles are data, never code: a crafted mnist.pkl cannot run anything, the book's still loads."""

from __future__ import annotations

import os
import pickle

import numpy as np
import pytest

from engine.data import DatasetError, load_folder
from engine.idx import read_pkl


class _RunsCommand:
    """Pickles as a call of os.system(command): what an attacker's mnist.pkl would hold."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self):
        return os.system, (self.command,)


class _Calls:
    """Pickles as a call of any function with the given arguments."""

    def __init__(self, function, *args) -> None:
        self.function, self.args = function, args

    def __reduce__(self):
        return self.function, self.args


def book_arrays(n_train: int = 6, n_test: int = 4) -> dict[str, np.ndarray]:
    """A small dict shaped like the book's mnist.pkl: flat uint8 images and uint8 labels."""
    rng = np.random.default_rng(1)
    return {
        "train_img": rng.integers(0, 256, (n_train, 784), dtype=np.uint8),
        "train_label": rng.integers(0, 10, n_train, dtype=np.uint8),
        "test_img": rng.integers(0, 256, (n_test, 784), dtype=np.uint8),
        "test_label": rng.integers(0, 10, n_test, dtype=np.uint8),
    }


@pytest.mark.parametrize("where", ["alone", "inside the dict of arrays"])
def test_crafted_pickle_runs_nothing_and_says_why(tmp_path, where):
    marker = tmp_path / "pwned"
    payload = _RunsCommand(f"touch {marker}")
    content = payload if where == "alone" else {**book_arrays(), "extra": payload}
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mnist.pkl").write_bytes(pickle.dumps(content, protocol=2))

    with pytest.raises(DatasetError) as err:
        load_folder(folder)

    assert not marker.exists()
    message = str(err.value)
    assert str(folder / "mnist.pkl") in message
    assert "holds objects nndash does not load" in message
    assert "system" in message  # names what was refused


@pytest.mark.parametrize("payload", [
    _Calls(eval, "1 + 1"),
    _Calls(getattr, "text", "upper"),
    _Calls(np.load, "x.npy"),
    _Calls(__import__, "os"),
    _Calls(_RunsCommand, "true"),  # a class defined by the file's author
], ids=["eval", "getattr", "numpy.load", "__import__", "class"])
def test_only_data_types_are_resolved(tmp_path, payload):
    path = tmp_path / "mnist.pkl"
    path.write_bytes(pickle.dumps({"x": payload}, protocol=pickle.HIGHEST_PROTOCOL))
    with pytest.raises(DatasetError, match="holds objects nndash does not load"):
        read_pkl(path)


def test_protocol_2_bytes_codec_is_latin1_only(tmp_path):
    """Protocol 2 writes bytes as _codecs.encode(text, 'latin1'); any other codec is refused."""
    import codecs

    path = tmp_path / "mnist.pkl"
    path.write_bytes(pickle.dumps(_Calls(codecs.encode, "abc", "rot13"), protocol=2))
    with pytest.raises(DatasetError, match="holds objects nndash does not load"):
        read_pkl(path)


@pytest.mark.parametrize("protocol", [2, 4, pickle.HIGHEST_PROTOCOL])
def test_book_style_pickle_still_loads(tmp_path, protocol):
    arrays = book_arrays()
    (tmp_path / "mnist.pkl").write_bytes(pickle.dumps(arrays, protocol=protocol))
    ds = load_folder(tmp_path)
    np.testing.assert_array_equal(ds.x_train, arrays["train_img"] / np.float32(255))
    np.testing.assert_array_equal(ds.t_test, arrays["test_label"])
    assert ds.image_shape == (28, 28)


def test_numpy_1_era_pickle_still_loads(tmp_path):
    """The book's mnist.pkl was written by NumPy 1, whose pickles name numpy.core.multiarray
    (NumPy 2 says numpy._core); protocol 2 names globals as plain text, so swap the name."""
    arrays = book_arrays()
    content = pickle.dumps(arrays, protocol=2)
    assert b"numpy._core.multiarray" in content
    (tmp_path / "mnist.pkl").write_bytes(
        content.replace(b"numpy._core.multiarray", b"numpy.core.multiarray"))
    ds = load_folder(tmp_path / "mnist.pkl")
    np.testing.assert_array_equal(ds.t_train, arrays["train_label"])
