"""Optimizer paths on a 2-D surface: the book's figure 6-8, with any optimizer and surface.

The point (x, y) is a float64 parameter vector ``{'xy': point}`` updated by the *same*
optimizer classes that train the network, so the path is exactly what training would do.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.numerical import numerical_gradient
from engine.optimizers import Optimizer, create_optimizer
from engine.surfaces import BOOK_LEARNING_RATES, SURFACES, Surface

DIVERGENCE_BOUND = 1e6
"""A path whose coordinates leave [-1e6, 1e6] (or stop being finite) has diverged."""

GRADIENT_METHODS = ("analytic", "numerical")


def optimizer_path(
    surface: Surface,
    optimizer: str | Optimizer,
    start: tuple[float, float],
    steps: int = 30,
    gradient: str = "analytic",
) -> np.ndarray:
    """The points visited by ``steps`` updates from ``start``: an array (steps + 1, 2).

    ``optimizer`` is a registry name (book defaults) or an instance; an instance is copied
    with its hyperparameters and fresh state, so it is never changed and the same call always
    gives the same path. ``gradient`` is "analytic" (``surface.grad``) or "numerical" (central
    differences). When the point diverges (a coordinate non-finite or beyond
    ``DIVERGENCE_BOUND``) the walk stops there and the remaining rows are NaN: no exception,
    no warning; the diverged point itself is not kept.
    """
    if gradient not in GRADIENT_METHODS:
        raise ValueError(f"unknown gradient {gradient!r}; valid: {', '.join(GRADIENT_METHODS)}")
    optimizer = _fresh_optimizer(optimizer)
    point = np.array(start, dtype=np.float64)
    path = np.full((steps + 1, 2), np.nan)
    path[0] = point
    # Divergence is an expected outcome here (too large a learning rate), shown as a NaN tail.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, steps + 1):
            grad = _gradient(surface, point, gradient)
            optimizer.update({"xy": point}, {"xy": grad})
            if not (np.all(np.isfinite(point)) and np.all(np.abs(point) <= DIVERGENCE_BOUND)):
                break
            path[step] = point
    return path


def compare_optimizers(
    surface: Surface,
    learning_rates: Mapping[str, float],
    start: tuple[float, float] | None = None,
    steps: int = 30,
    gradient: str = "analytic",
) -> dict[str, np.ndarray]:
    """One path per optimizer name in ``learning_rates`` (other hyperparameters at the book's
    defaults), from ``start`` or the surface's default start."""
    start = surface.start if start is None else start
    return {
        name: optimizer_path(surface, create_optimizer(name, lr=lr), start, steps, gradient)
        for name, lr in learning_rates.items()
    }


def book_comparison(steps: int = 30) -> dict[str, np.ndarray]:
    """The book's figure 6-8: SGD, Momentum, AdaGrad, Adam on x**2/20 + y**2 from (-7, 2)."""
    return compare_optimizers(SURFACES["book"], BOOK_LEARNING_RATES, steps=steps)


def _fresh_optimizer(optimizer: str | Optimizer) -> Optimizer:
    if isinstance(optimizer, str):
        return create_optimizer(optimizer)
    return type(optimizer)(**optimizer.settings())


def _gradient(surface: Surface, point: np.ndarray, method: str) -> np.ndarray:
    if method == "numerical":
        return numerical_gradient(lambda p: surface.f(p[0], p[1]), point)
    return np.array(surface.grad(point[0], point[1]), dtype=np.float64)
