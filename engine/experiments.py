"""The book's chapter-6 weight-initialization experiment, and histogram ranges for activations.

``activation_histograms`` pushes random inputs through a stack of layers without bias and
returns each layer's activations: with sigmoid and std 1 they pile up at 0 and 1 (vanishing
gradients), with std 0.01 at 0.5 (every unit says the same), with 'xavier' they spread out;
ReLU wants 'he'. ``histogram_range`` chooses the x-range the dashboard's live histograms use,
``shared_histograms`` puts every layer on one range so the layers can be compared (figure 6-14:
ReLU with std 0.01 collapses towards 0 layer by layer, which per-layer ranges would hide).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.functions import relu, sigmoid, tanh
from engine.initializers import weight_scale

ACTIVATION_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": sigmoid,
    "relu": relu,
    "tanh": tanh,
}

HISTOGRAM_BINS = 30
"""The book's bin count for activation histograms."""

RELU_UPPER_PERCENTILE = 99.0
"""ReLU outputs have a long tail; cutting at this percentile keeps the bulk readable."""

# Fixed ranges of the squashing functions; the others are chosen from the data.
_FIXED_RANGES: dict[str, tuple[float, float]] = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def activation_histograms(
    activation: str = "sigmoid",
    weight_init: float | str = 1.0,
    n_layers: int = 5,
    nodes: int = 100,
    n_samples: int = 1000,
    seed: int = 0,
) -> list[np.ndarray]:
    """Activations of ``n_layers`` layers of ``nodes`` units fed standard normal inputs.

    Input x: (n_samples, nodes) from ``rng.standard_normal``; each layer computes
    a = x @ W (no bias), z = activation(a), with W ~ N(0, scale**2) of shape (nodes, nodes) and
    scale = weight_init when it is a number, sqrt(1/nodes) for 'xavier' (the book's meaning),
    sqrt(2/nodes) for 'he'. Returns one (n_samples, nodes) array per layer.
    """
    function = _activation_function(activation)
    scale = _weight_scale(weight_init, nodes)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, nodes))
    activations = []
    for _ in range(n_layers):
        weights = rng.standard_normal((nodes, nodes)) * scale
        x = function(x @ weights)
        activations.append(x)
    return activations


def histogram_range(activation: str, values: np.ndarray) -> tuple[float, float]:
    """The x-range for a histogram of ``values`` coming out of ``activation``.

    sigmoid (0, 1) and tanh (-1, 1) show the whole range of the function; relu
    [0, 99th percentile] cuts the long tail; "identity" (pre-activations) is symmetric,
    (-q, q) with q the 99th percentile of |values|. Non-finite values are ignored, so a
    diverged network still gets a usable range.
    """
    if activation in _FIXED_RANGES:
        return _FIXED_RANGES[activation]
    finite = np.asarray(values)[np.isfinite(values)]
    if activation == "relu":
        return 0.0, _positive_upper(finite)
    if activation == "identity":
        upper = _positive_upper(np.abs(finite))
        return -upper, upper
    valid = ", ".join([*ACTIVATION_FUNCTIONS, "identity"])
    raise ValueError(f"unknown activation {activation!r}; valid: {valid}")


def activation_histogram(
    activation: str, values: np.ndarray, bins: int = HISTOGRAM_BINS
) -> tuple[np.ndarray, np.ndarray]:
    """Counts (bins,) and edges (bins + 1,) of ``values`` over ``histogram_range``; values
    outside the range are counted in the edge bins, never dropped."""
    finite = np.asarray(values)[np.isfinite(values)]
    counts, edges, _below, _above = edge_binned_histogram(
        finite, histogram_range(activation, finite), bins)
    return counts, edges


def shared_range(activation: str, layers: list[np.ndarray]) -> tuple[float, float]:
    """One x-range for every layer: the union of their ``histogram_range``s, so it holds the
    widest layer (sigmoid and tanh keep the function's range)."""
    ranges = [histogram_range(activation, layer) for layer in layers]
    if not ranges:
        return histogram_range(activation, np.empty(0))
    return min(low for low, _ in ranges), max(high for _, high in ranges)


def shared_histograms(
    activation: str, layers: list[np.ndarray], bins: int = HISTOGRAM_BINS
) -> list[tuple[np.ndarray, np.ndarray, int, int]]:
    """(counts, edges, below, above) of each layer over one ``shared_range``; ``below`` and
    ``above`` values outside it are included in the first and last bin's count."""
    value_range = shared_range(activation, layers)
    return [edge_binned_histogram(np.asarray(layer)[np.isfinite(layer)], value_range, bins)
            for layer in layers]


def edge_binned_histogram(
    values: np.ndarray, value_range: tuple[float, float], bins: int = HISTOGRAM_BINS
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Counts (bins,) over ``value_range`` with the values below (above) it added to the first
    (last) bin, the edges (bins + 1,), and how many values were below and above."""
    low, high = value_range
    counts, edges = np.histogram(np.clip(values, low, high), bins=bins, range=value_range)
    below = int(np.count_nonzero(values < low))
    above = int(np.count_nonzero(values > high))
    return counts, edges, below, above


def _positive_upper(values: np.ndarray) -> float:
    """The 99th percentile of non-negative ``values``, else their maximum, else 1."""
    if values.size == 0:
        return 1.0
    for upper in (np.percentile(values, RELU_UPPER_PERCENTILE), values.max()):
        if upper > 0:
            return float(upper)
    return 1.0


def _activation_function(name: str) -> Callable[[np.ndarray], np.ndarray]:
    if name not in ACTIVATION_FUNCTIONS:
        valid = ", ".join(ACTIVATION_FUNCTIONS)
        raise ValueError(f"unknown activation {name!r}; valid: {valid}")
    return ACTIVATION_FUNCTIONS[name]


def _weight_scale(weight_init: float | str, n_in: int) -> float:
    """The standard deviation of the weights: a number as given, or a named init's scale."""
    if isinstance(weight_init, str):
        return weight_scale(weight_init, n_in, n_in)
    return weight_scale("std", n_in, n_in, std=weight_init)
