"""decision_grid, neuron_grids and the playground frame, against formulas and net.predict."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data import load_dataset
from engine.features import feature_map, with_features
from engine.functions import softmax
from engine.network import MultiLayerNet
from engine.playground import (
    MAX_UNITS_SHOWN,
    THUMBNAIL_RESOLUTION,
    data_extent,
    decision_grid,
    grid_points,
    neuron_grids,
    playground_frame,
)

EXTENT = (-1.5, 1.0, -0.5, 2.0)


def hand_made_net(hidden=(), activation="tanh") -> MultiLayerNet:
    return MultiLayerNet(2, list(hidden), 2, activation=activation, seed=0, dtype=np.float64)


def test_rows_are_y_and_columns_x():
    """Score of class 1 = x (W1 = [[0, 1], [0, 0]]): its probability sigmoid(x) grows along
    the columns and is the same in every row; with score = y it grows along the rows."""
    net = hand_made_net()
    net.params["W1"][...] = [[0.0, 1.0], [0.0, 0.0]]
    net.params["b1"][...] = 0.0
    grid = decision_grid(net, EXTENT, resolution=6)
    xs = np.linspace(-1.5, 1.0, 6)
    np.testing.assert_allclose(grid[3, :, 1], 1 / (1 + np.exp(-xs)))
    np.testing.assert_allclose(grid[:, :, 1], np.tile(grid[0, :, 1], (6, 1)))
    net.params["W1"][...] = [[0.0, 0.0], [0.0, 1.0]]
    ys = np.linspace(-0.5, 2.0, 6)
    np.testing.assert_allclose(decision_grid(net, EXTENT, 6)[:, 2, 1], 1 / (1 + np.exp(-ys)))


def test_decision_grid_agrees_with_predict_at_the_data_points_and_sums_to_one():
    data = with_features(load_dataset("spiral", seed=1), ("x", "y", "xy", "sinx"))
    net = MultiLayerNet(4, [8, 8], 3, activation="tanh", seed=2)
    n = 73  # 5,329 points: several passes (PASS_POINTS), the last one shorter
    grid = decision_grid(net, EXTENT, n, data.input_features)
    assert grid.shape == (n, n, 3)
    np.testing.assert_allclose(grid.sum(axis=2), 1.0, rtol=1e-5)
    rows, columns = np.random.default_rng(0).integers(0, n, size=(2, 30))
    points = np.column_stack((EXTENT[0] + columns * (EXTENT[1] - EXTENT[0]) / (n - 1),
                              EXTENT[2] + rows * (EXTENT[3] - EXTENT[2]) / (n - 1)))
    expected = softmax(net.predict(feature_map(points, data.input_features)))
    np.testing.assert_allclose(grid[rows, columns], expected, rtol=1e-4, atol=1e-6)


def test_neuron_grids_are_each_units_activation():
    """W1 = identity, b1 = 0: unit 0 is tanh(x), unit 1 tanh(y)."""
    net = hand_made_net(hidden=(2, 3))
    net.params["W1"][...] = np.eye(2)
    net.params["b1"][...] = 0.0
    layers = neuron_grids(net, EXTENT, resolution=5)
    assert [layer.shape for layer in layers] == [(2, 5, 5), (3, 5, 5)]
    xs, ys = np.linspace(-1.5, 1.0, 5), np.linspace(-0.5, 2.0, 5)
    np.testing.assert_allclose(layers[0][0], np.tile(np.tanh(xs), (5, 1)))
    np.testing.assert_allclose(layers[0][1], np.tile(np.tanh(ys)[:, None], (1, 5)))
    first = neuron_grids(net, EXTENT, resolution=5, units=1)
    assert [layer.shape for layer in first] == [(1, 5, 5), (1, 5, 5)]
    np.testing.assert_array_equal(first[1][0], layers[1][0])


def test_grids_leave_the_recorded_training_activations_alone():
    data = load_dataset("xor")
    net = MultiLayerNet(2, [8], 2, seed=0)
    net.loss_and_gradient(data.x_train[:10], data.t_train[:10])
    recorded = net.activations
    decision_grid(net, EXTENT, 10)
    neuron_grids(net, EXTENT, 10)
    assert net.activations is recorded and recorded[0].shape == (10, 8)


@pytest.mark.parametrize("extent, resolution", [((1, 0, 0, 1), 10), ((0, 1, 0, 1), 1),
                                                ((0, np.nan, 0, 1), 10)])
def test_bad_grids_are_refused(extent, resolution):
    with pytest.raises(ValueError):
        decision_grid(hand_made_net(), extent, resolution)


def test_data_extent_holds_the_points_in_a_square():
    assert data_extent(np.array([[0.2, -0.3]])) == (-1.0, 1.0, -1.0, 1.0)
    x0, x1, y0, y1 = data_extent(np.array([[1.3, -0.3], [0.0, -0.2]]))
    assert (x0, x1) == (y0, y1) == (-1.5, 1.5)


def test_a_frame_cuts_wide_layers_and_measures_the_losses():
    data = with_features(load_dataset("circles", seed=4), ("x", "y", "x2"))
    net = MultiLayerNet(3, [20, 5], 2, seed=1)
    frame = playground_frame(net, data, iteration=7)
    m = THUMBNAIL_RESOLUTION
    assert frame.layer_sizes == (3, 20, 5, 2) and frame.features == ("x", "y", "x2")
    assert frame.inputs.shape == (3, m, m)
    assert [grid.shape for grid in frame.hidden] == [(MAX_UNITS_SHOWN, m, m), (5, m, m)]
    assert [w.shape for w in frame.weights] == [(3, 8), (8, 5), (5, 2)]
    np.testing.assert_array_equal(frame.weights[1], net.params["W2"][:8, :5])
    assert frame.weights[0] is not net.params["W1"]  # copies
    probabilities = softmax(net.predict(data.x_test))
    loss = -np.mean(np.log(probabilities[np.arange(len(data.t_test)), data.t_test]))
    assert frame.test_loss == pytest.approx(loss, rel=1e-4)
    np.testing.assert_array_equal(frame.points[2], data.plane_points()[1])
    with pytest.raises(ValueError, match="2-D set"):
        playground_frame(net, load_dataset("mnist-sample"))


def test_a_frames_thumbnails_are_the_units_on_a_coarser_grid_of_the_same_plane():
    """The frame takes the boundary and the thumbnails from one pass: they must equal grids
    computed on their own at each resolution."""
    data = with_features(load_dataset("moons", seed=3), ("x", "y", "sinx"))
    net = MultiLayerNet(3, [12, 4], 2, activation="tanh", seed=5, dtype=np.float64)
    frame = playground_frame(net, data)
    np.testing.assert_allclose(frame.probabilities,
                               decision_grid(net, frame.extent, 100, data.input_features))
    layers = neuron_grids(net, frame.extent, THUMBNAIL_RESOLUTION, data.input_features)
    np.testing.assert_allclose(frame.hidden[0], layers[0][:MAX_UNITS_SHOWN], atol=1e-6)
    np.testing.assert_allclose(frame.hidden[1], layers[1], atol=1e-6)
    xs = np.linspace(frame.extent[0], frame.extent[1], THUMBNAIL_RESOLUTION)
    np.testing.assert_allclose(frame.inputs[2], np.tile(np.sin(np.pi * xs), (len(xs), 1)),
                               atol=1e-6)
    full = neuron_grids(net, frame.extent, 100, data.input_features)[0]  # several passes
    inputs = feature_map(grid_points(frame.extent, 100), data.input_features)
    expected = np.tanh(inputs @ net.params["W1"] + net.params["b1"])  # (points, units)
    np.testing.assert_allclose(full, expected.T.reshape(12, 100, 100), rtol=1e-6, atol=1e-9)
