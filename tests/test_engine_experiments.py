"""The weight-initialization experiment and the histogram ranges of activations."""

import numpy as np
import pytest

from engine.experiments import (
    activation_histogram,
    activation_histograms,
    edge_binned_histogram,
    histogram_range,
    shared_histograms,
    shared_range,
)


def test_shapes_and_reproducibility():
    layers = activation_histograms("tanh", "xavier", n_layers=3, nodes=20, n_samples=50, seed=4)
    assert [layer.shape for layer in layers] == [(50, 20)] * 3
    again = activation_histograms("tanh", "xavier", n_layers=3, nodes=20, n_samples=50, seed=4)
    other = activation_histograms("tanh", "xavier", n_layers=3, nodes=20, n_samples=50, seed=5)
    np.testing.assert_array_equal(layers[2], again[2])
    assert not np.array_equal(layers[2], other[2])


def test_sigmoid_with_std_1_piles_up_at_0_and_1():
    for layer in activation_histograms("sigmoid", 1.0):
        assert np.mean((layer < 0.1) | (layer > 0.9)) > 0.7


def test_sigmoid_with_xavier_spreads_where_std_001_collapses_to_one_half():
    collapsed = activation_histograms("sigmoid", 0.01)
    spread = activation_histograms("sigmoid", "xavier")
    for narrow, wide in zip(collapsed, spread, strict=True):
        assert np.mean((wide < 0.1) | (wide > 0.9)) < 0.1
        assert wide.std() > 5 * narrow.std()
    assert np.abs(collapsed[-1] - 0.5).max() < 0.1


def test_relu_with_he_keeps_its_spread_across_layers_unlike_xavier():
    he = [layer.std() for layer in activation_histograms("relu", "he")]
    xavier = [layer.std() for layer in activation_histograms("relu", "xavier")]
    assert 0.7 < he[-1] / he[0] < 1.5
    assert xavier[-1] / xavier[0] < 0.5


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="sigmoid, relu, tanh"):
        activation_histograms("softplus")
    with pytest.raises(ValueError, match="xavier"):
        activation_histograms("relu", "glorot-ish")
    with pytest.raises(ValueError, match="positive"):
        activation_histograms("relu", -1.0)


def test_histogram_ranges_per_activation():
    values = np.linspace(0, 10, 1001)
    assert histogram_range("sigmoid", values) == (0.0, 1.0)
    assert histogram_range("tanh", values) == (-1.0, 1.0)
    assert histogram_range("relu", values) == pytest.approx((0.0, 9.9))
    assert histogram_range("identity", values - 5) == pytest.approx((-4.95, 4.95), abs=0.01)
    with pytest.raises(ValueError, match="identity"):
        histogram_range("swish", values)


def test_relu_range_survives_dead_and_diverged_layers():
    assert histogram_range("relu", np.zeros(100)) == (0.0, 1.0)
    mostly_dead = np.zeros(1000)
    mostly_dead[0] = 3.0
    assert histogram_range("relu", mostly_dead) == (0.0, 3.0)
    assert histogram_range("relu", np.array([np.nan, np.inf, 2.0])) == (0.0, 2.0)


def test_activation_histogram_counts_every_value_in_range():
    layer = activation_histograms("sigmoid", "xavier", n_layers=1)[0]
    counts, edges = activation_histogram("sigmoid", layer)
    assert counts.shape == (30,) and edges.shape == (31,)
    assert counts.sum() == layer.size
    assert (edges[0], edges[-1]) == (0.0, 1.0)


def test_values_outside_the_range_land_in_the_edge_bins_and_are_counted():
    values = np.array([-0.5, 0.05, 0.5, 0.95, 1.7, 2.0])
    counts, edges, below, above = edge_binned_histogram(values, (0.0, 1.0), bins=10)
    assert counts.sum() == values.size  # nothing dropped
    assert (below, above) == (1, 2)
    assert counts[0] == 2 and counts[-1] == 3  # -0.5 with 0.05; 1.7 and 2.0 with 0.95


def test_shared_histograms_put_every_layer_on_the_widest_layers_range():
    narrow, wide = np.linspace(0, 1, 101), np.linspace(0, 10, 101)
    histograms = shared_histograms("relu", [narrow, wide])
    (_, narrow_edges, *_), (_, wide_edges, *_) = histograms
    np.testing.assert_array_equal(narrow_edges, wide_edges)
    assert wide_edges[-1] == pytest.approx(np.percentile(wide, 99))
    assert histograms[0][0][:4].sum() == narrow.size  # the narrow layer sits in the first bins
    assert shared_range("tanh", [narrow, wide]) == (-1.0, 1.0)
