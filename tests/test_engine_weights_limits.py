"""A weights file cannot make nndash allocate a network larger than the setup panel allows."""

from __future__ import annotations

import json
import tracemalloc

import numpy as np
import pytest

from engine.limits import MAX_LAYER_WIDTH, MAX_PARAMETERS, parameter_count
from engine.network import MultiLayerNet


def write_weights(path, **config):
    """An .npz shaped like MultiLayerNet.save's, with tiny arrays and the given config."""
    full = {"input_size": 784, "hidden_sizes": [100], "output_size": 10, "activation": "relu",
            "weight_init": "he", "init_std": None, "dropout": 0.0, "batchnorm": False,
            "weight_decay": 0.0, "seed": 0, "dtype": "float32", **config}
    np.savez(path, W1=np.zeros((2, 2), np.float32), config=np.array(json.dumps(full)))


def test_parameter_count_by_hand():
    # 784*100 + 100 + 100*10 + 10 = 79,510; batch norm adds gamma and beta per hidden unit
    assert parameter_count([784, 100, 10]) == 79_510
    assert parameter_count([784, 100, 10], batchnorm=True) == 79_710
    # the panel's largest network on 28x28 images fits the limit
    assert parameter_count([784, *[MAX_LAYER_WIDTH] * 10, 10], batchnorm=True) <= MAX_PARAMETERS


@pytest.mark.parametrize("config, phrase", [
    ({"hidden_sizes": [100_000, 100_000]}, "between 1 and 4096"),
    ({"hidden_sizes": [100] * 11}, "at most 10 layers"),
    ({"input_size": 10**9}, "parameters"),
    ({"output_size": 10**7, "hidden_sizes": [4096]}, "parameters"),
    ({"hidden_sizes": "100"}, "list of widths"),
    ({"hidden_sizes": [1e300]}, "whole numbers"),
    ({"input_size": -5}, "whole numbers"),
])
def test_a_huge_network_in_a_weights_file_is_refused_before_allocating(tmp_path, config, phrase):
    path = tmp_path / "huge.npz"
    write_weights(path, **config)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=phrase) as err:
            MultiLayerNet.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(path) in str(err.value)
    assert peak < 10_000_000  # a few MB at most: nothing of the network was built


def test_a_normal_saved_network_still_loads(tmp_path):
    net = MultiLayerNet(4, [6, 5], 3, seed=1)
    net.save(tmp_path / "w.npz")
    loaded = MultiLayerNet.load(tmp_path / "w.npz")
    x = np.random.default_rng(0).random((3, 4), dtype=np.float32)
    np.testing.assert_array_equal(loaded.predict(x), net.predict(x))


def test_arrays_that_unpack_beyond_any_allowed_network_are_refused_unread(tmp_path,
                                                                           monkeypatch):
    """A compressed file of zeros can unpack to gigabytes: the zip directory's sizes are
    checked first. Lower the limit so the test needs only a small file."""
    import engine.network

    monkeypatch.setattr(engine.network, "MAX_WEIGHTS_BYTES", 100_000)
    path = tmp_path / "bomb.npz"
    np.savez_compressed(path, W1=np.zeros(1_000_000, np.float32), config=np.array("{}"))
    assert path.stat().st_size < 100_000  # small on disk, 4 MB unpacked
    with pytest.raises(ValueError, match="unpack to"):
        MultiLayerNet.load(path)


def lying_npz(path, names):
    """An .npz whose arrays' headers claim 2**40 float64 values (8 TiB) over 64 bytes."""
    import io
    import zipfile

    from numpy.lib import format as npy_format

    member = io.BytesIO()
    npy_format.write_array_header_1_0(
        member, {"descr": "<f8", "fortran_order": False, "shape": (2**40,)})
    member.write(bytes(64))
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(f"{name}.npy", member.getvalue())


def test_an_array_header_claiming_terabytes_is_a_value_error(tmp_path):
    lying_npz(tmp_path / "liar.npz", ["config", "W1"])
    with pytest.raises(ValueError, match="not a saved network"):
        MultiLayerNet.load(tmp_path / "liar.npz")


def test_a_data_file_claiming_terabytes_is_a_dataset_error(tmp_path):
    from engine.data import DatasetError, load_folder

    lying_npz(tmp_path / "mnist.npz", ["x_train", "y_train", "x_test", "y_test"])
    with pytest.raises(DatasetError, match="mnist.npz"):
        load_folder(tmp_path)
