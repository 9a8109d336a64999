"""The 2-D playground's numbers: what a network does at every point of a grid over the plane.

A grid over ``extent = (x0, x1, y0, y1)`` at ``resolution = n`` has n x n points,
``xs = linspace(x0, x1, n)`` and ``ys = linspace(y0, y1, n)``. Every grid array is indexed
``[row, column]`` = ``[y index, x index]``: row 0 is y = y0 (the bottom of the plot), column 0
is x = x0. All points go through the network in one batch, so a 100 x 100 grid through an
8-8 network is two small matrix products (well under a millisecond).

``features`` are the network's input features (engine.features; None means x, y): the grid's
points are mapped exactly as the training points were.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from engine.data import Dataset
from engine.features import PLANE, feature_map
from engine.functions import cross_entropy_error, softmax
from engine.network import MultiLayerNet

Extent = tuple[float, float, float, float]

BOUNDARY_RESOLUTION = 100
"""Grid points per side of the decision-boundary image."""
THUMBNAIL_RESOLUTION = 32
"""Grid points per side of each unit's thumbnail."""
MAX_UNITS_SHOWN = 8
"""Units per layer drawn as thumbnails (TensorFlow Playground's limit); wider layers show the
first ones."""


def grid_points(extent: Extent, resolution: int) -> np.ndarray:
    """The (n * n, 2) points of the grid, row by row: point i * n + j is (xs[j], ys[i])."""
    x0, x1, y0, y1 = (float(value) for value in extent)
    if not (x1 > x0 and y1 > y0 and all(map(math.isfinite, (x0, x1, y0, y1)))):
        raise ValueError(f"extent must be (x0, x1, y0, y1) with x0 < x1 and y0 < y1, "
                         f"got {extent!r}")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be a whole number of at least 2, got {resolution!r}")
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return np.column_stack((gx.ravel(), gy.ravel()))


@contextmanager
def _activations_kept(net: MultiLayerNet) -> Iterator[None]:
    """Leave the network's recorded activations as they were (the trainer's histograms show
    the last training batch, not a grid)."""
    kept = net.activations, net.pre_activations
    try:
        yield
    finally:
        net.activations, net.pre_activations = kept


def _grid_forward(net: MultiLayerNet, extent: Extent, resolution: int,
                  features: Sequence[str] | None) -> tuple[np.ndarray, list[np.ndarray]]:
    """Scores (n * n, classes) and each hidden layer's activations (n * n, units)."""
    inputs = feature_map(grid_points(extent, resolution), features).astype(net.dtype)
    with _activations_kept(net):
        scores = net.predict(inputs, train=False)
        return scores, net.activations


def decision_grid(net: MultiLayerNet, extent: Extent, resolution: int = BOUNDARY_RESOLUTION,
                  features: Sequence[str] | None = None) -> np.ndarray:
    """Class probabilities softmax(net.predict) on the grid: (n, n, classes), rows y, columns
    x (row 0 is y0, column 0 is x0); each [row, column] sums to 1."""
    scores, _ = _grid_forward(net, extent, resolution, features)
    return softmax(scores).reshape(resolution, resolution, -1)


def neuron_grids(net: MultiLayerNet, extent: Extent, resolution: int = THUMBNAIL_RESOLUTION,
                 features: Sequence[str] | None = None) -> list[np.ndarray]:
    """Each hidden unit's activation on the grid: per hidden layer an array (units, n, n),
    indexed like decision_grid ([unit, row = y, column = x])."""
    _, activations = _grid_forward(net, extent, resolution, features)
    return [layer.T.reshape(-1, resolution, resolution) for layer in activations]


def data_extent(points: np.ndarray, margin: float = 0.1) -> Extent:
    """A square around the origin holding every point with ``margin`` to spare, at least
    [-1, 1] and rounded up to a tenth: the plot keeps its axes while the data stay."""
    reach = float(np.abs(points).max(initial=0.0)) * (1.0 + margin)
    half = max(1.0, math.ceil(reach * 10.0) / 10.0)
    return (-half, half, -half, half)


@dataclass(frozen=True)
class PlaygroundFrame:
    """Everything the Playground tab draws at one moment; every array is a copy.

    ``probabilities`` (n, n, classes) is decision_grid; ``inputs`` (features, m, m) each input
    feature over the plane and ``hidden`` per hidden layer (shown units, m, m) neuron_grids,
    both at THUMBNAIL_RESOLUTION and for at most MAX_UNITS_SHOWN units per layer (of
    ``layer_sizes``). ``weights[l]`` (shown in, shown out) and ``biases[l]`` (shown out,) are
    layer l + 1's W and b cut to the units shown; the last is the output layer's.
    ``points`` are the plane coordinates and labels (x_train, t_train, x_test, t_test).
    """

    iteration: int
    extent: Extent
    features: tuple[str, ...]
    layer_sizes: tuple[int, ...]
    probabilities: np.ndarray
    inputs: np.ndarray
    hidden: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    train_loss: float
    test_loss: float
    points: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def playground_frame(net: MultiLayerNet, dataset: Dataset, iteration: int = 0,
                     extent: Extent | None = None) -> PlaygroundFrame:
    """The frame of ``net`` trained on the 2-D set ``dataset`` (ValueError for an image set).

    Costs two grid passes and a pass over the data set: call it off the GUI thread, a few
    times a second at most.
    """
    plane = dataset.plane_points()
    if plane is None:
        raise ValueError(f"{dataset.title} is not a 2-D set: the playground needs one")
    train, test = plane
    features = dataset.input_features or PLANE
    extent = extent or data_extent(np.concatenate([train, test]))
    thumbnail_points = grid_points(extent, THUMBNAIL_RESOLUTION)
    inputs = feature_map(thumbnail_points, features).T.reshape(
        len(features), THUMBNAIL_RESOLUTION, THUMBNAIL_RESOLUTION)
    shown = [min(size, MAX_UNITS_SHOWN) for size in (len(features), *net.hidden_sizes)]
    shown.append(net.output_size)
    layers = len(net.hidden_sizes) + 1
    return PlaygroundFrame(
        iteration=iteration, extent=extent, features=tuple(features),
        layer_sizes=(len(features), *net.hidden_sizes, net.output_size),
        probabilities=decision_grid(net, extent, BOUNDARY_RESOLUTION, features),
        inputs=inputs[:MAX_UNITS_SHOWN].copy(),
        hidden=tuple(grid[:MAX_UNITS_SHOWN].copy()
                     for grid in neuron_grids(net, extent, THUMBNAIL_RESOLUTION, features)),
        weights=tuple(net.params[f"W{i + 1}"][:shown[i], :shown[i + 1]].copy()
                      for i in range(layers)),
        biases=tuple(net.params[f"b{i + 1}"][:shown[i + 1]].copy() for i in range(layers)),
        train_loss=_data_loss(net, dataset.x_train, dataset.t_train),
        test_loss=_data_loss(net, dataset.x_test, dataset.t_test),
        points=(np.array(train), np.array(dataset.t_train), np.array(test),
                np.array(dataset.t_test)),
    )


def _data_loss(net: MultiLayerNet, x: np.ndarray, t: np.ndarray) -> float:
    """Cross-entropy of the network's predictions on (x, t), without the weight penalty."""
    if len(x) == 0:
        return math.nan
    with _activations_kept(net):
        return float(cross_entropy_error(softmax(net.predict(x, train=False)), t))
