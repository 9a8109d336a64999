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

import functools
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from engine.data import Dataset
from engine.features import PLANE, check_features, feature_map
from engine.functions import cross_entropy_error, softmax
from engine.network import MultiLayerNet

Extent = tuple[float, float, float, float]

BOUNDARY_RESOLUTION = 100
"""Grid points per side of the decision-boundary image."""
THUMBNAIL_STEP = 3
THUMBNAIL_RESOLUTION = (BOUNDARY_RESOLUTION - 1) // THUMBNAIL_STEP + 1
"""Grid points per side of each unit's thumbnail (34): every THUMBNAIL_STEP-th point of the
boundary's grid, so one pass through the network gives the boundary and the thumbnails."""
PASS_POINTS = 2_000
"""About how many grid points go through the network at once (see grid_forward)."""
MAX_UNITS_SHOWN = 8
"""Units per layer drawn as thumbnails (TensorFlow Playground's limit); wider layers show the
first ones."""


def grid_points(extent: Extent, resolution: int) -> np.ndarray:
    """The (n * n, 2) points of the grid, row by row: point i * n + j is (xs[j], ys[i])."""
    x0, x1, y0, y1 = _checked_extent(extent, resolution)
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return np.column_stack((gx.ravel(), gy.ravel()))


def _checked_extent(extent: Extent, resolution: int) -> Extent:
    """``extent`` as four floats; ValueError for an empty or endless extent or a resolution
    that is not a whole number of at least 2."""
    x0, x1, y0, y1 = (float(value) for value in extent)
    if not (x1 > x0 and y1 > y0 and all(map(math.isfinite, (x0, x1, y0, y1)))):
        raise ValueError(f"extent must be (x0, x1, y0, y1) with x0 < x1 and y0 < y1, "
                         f"got {extent!r}")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be a whole number of at least 2, got {resolution!r}")
    return x0, x1, y0, y1


def grid_inputs(extent: Extent, resolution: int,
                features: Sequence[str] | None = None) -> np.ndarray:
    """The network inputs (n * n, features) float32 of the grid's points, read-only."""
    names = PLANE if features is None else check_features(features)
    return _cached_grid_inputs(_checked_extent(extent, resolution), resolution, names)


@functools.lru_cache(maxsize=8)
def _cached_grid_inputs(extent: Extent, resolution: int,
                        features: tuple[str, ...]) -> np.ndarray:
    """A run's frames share one extent: each reuses the inputs instead of mapping 10,000
    points again."""
    inputs = feature_map(grid_points(extent, resolution), features)
    inputs.flags.writeable = False
    return inputs


@contextmanager
def _activations_kept(net: MultiLayerNet) -> Iterator[None]:
    """Leave the network's recorded activations as they were (the trainer's histograms show
    the last training batch, not a grid)."""
    kept = net.activations, net.pre_activations
    try:
        yield
    finally:
        net.activations, net.pre_activations = kept


def grid_forward(net: MultiLayerNet, extent: Extent, resolution: int,
                 features: Sequence[str] | None = None, *, units: int | None = None,
                 step: int = 1) -> tuple[np.ndarray, list[np.ndarray]]:
    """The grid through ``net``: class probabilities (n, n, classes) and, per hidden layer,
    the activations (units, m, m) of its first ``units`` units (all when None) at every
    ``step``-th row and column (m = (n - 1) // step + 1), indexed like decision_grid.

    The points go through in passes of whole grid rows, about PASS_POINTS at a time, into
    arrays made once: one 10,000-point batch through a 64-64-64 network cost 7 ms of CPU
    (fresh memory for every layer's output), passes of 2,000 points 3 ms in all.
    """
    inputs = grid_inputs(extent, resolution, features).astype(net.dtype, copy=False)
    n = resolution
    rows = max(step, PASS_POINTS // n // step * step)  # a multiple of step: rows stay aligned
    m = (n - 1) // step + 1
    probabilities = np.empty((n, n, net.output_size), dtype=net.dtype)
    hidden = [np.empty((size if units is None else min(size, units), m, m), dtype=net.dtype)
              for size in net.hidden_sizes]
    with _activations_kept(net):
        for top in range(0, n, rows):
            bottom = min(top + rows, n)
            scores = net.predict(inputs[top * n:bottom * n], train=False)
            probabilities[top:bottom] = softmax(scores).reshape(bottom - top, n, -1)
            for maps, layer in zip(hidden, net.activations, strict=True):
                shown = layer.reshape(bottom - top, n, -1)[::step, ::step, :len(maps)]
                maps[:, top // step:top // step + len(shown)] = shown.transpose(2, 0, 1)
    return probabilities, hidden


def decision_grid(net: MultiLayerNet, extent: Extent, resolution: int = BOUNDARY_RESOLUTION,
                  features: Sequence[str] | None = None) -> np.ndarray:
    """Class probabilities softmax(net.predict) on the grid: (n, n, classes), rows y, columns
    x (row 0 is y0, column 0 is x0); each [row, column] sums to 1."""
    return grid_forward(net, extent, resolution, features, units=0)[0]


def neuron_grids(net: MultiLayerNet, extent: Extent, resolution: int = THUMBNAIL_RESOLUTION,
                 features: Sequence[str] | None = None, *, units: int | None = None
                 ) -> list[np.ndarray]:
    """Each hidden unit's activation on the grid: per hidden layer an array (units, n, n),
    indexed like decision_grid ([unit, row = y, column = x]); ``units`` keeps only the first
    ones of each layer."""
    return grid_forward(net, extent, resolution, features, units=units)[1]


def _unit_maps(values: np.ndarray, resolution: int, units: int | None,
               step: int) -> np.ndarray:
    """(points, units) grid values -> a copy (units, m, m) of the first ``units`` (all when
    None), every ``step``-th row and column of the n x n grid."""
    grid = values.reshape(resolution, resolution, -1)[::step, ::step, :units]
    return np.ascontiguousarray(grid.transpose(2, 0, 1))


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

    Costs one pass of the BOUNDARY_RESOLUTION grid (the thumbnails are every
    THUMBNAIL_STEP-th point of it) and one of the data set: call it off the GUI thread, a
    few times a second at most.
    """
    plane = dataset.plane_points()
    if plane is None:
        raise ValueError(f"{dataset.title} is not a 2-D set: the playground needs one")
    train, test = plane
    features = dataset.input_features or PLANE
    extent = extent or data_extent(np.concatenate([train, test]))
    n, step, most = BOUNDARY_RESOLUTION, THUMBNAIL_STEP, MAX_UNITS_SHOWN
    probabilities, hidden = grid_forward(net, extent, n, features, units=most, step=step)
    shown = [min(size, most) for size in (len(features), *net.hidden_sizes)]
    shown.append(net.output_size)
    layers = len(net.hidden_sizes) + 1
    return PlaygroundFrame(
        iteration=iteration, extent=extent, features=tuple(features),
        layer_sizes=(len(features), *net.hidden_sizes, net.output_size),
        probabilities=probabilities,
        inputs=_unit_maps(grid_inputs(extent, n, features), n, most, step),
        hidden=tuple(hidden),
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
