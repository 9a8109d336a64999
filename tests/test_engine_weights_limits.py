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
