"""2-D toy data sets for fast demos: spiral, XOR and circles.

Each generator draws from the `np.random.Generator` it is given, so a data set is a pure
function of its seed. Points lie roughly in [-1, 1] x [-1, 1] (centred, so a network starts
near its decision boundary); noise may push a few slightly outside.
Returns x (n, 2) float32 and t (n,) int64.
"""

from __future__ import annotations

import numpy as np


def make_spiral(
    rng: np.random.Generator, n_per_class: int = 200, n_classes: int = 3, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """The CS231n spiral: arm j has radius r in [0, 1] and angle 4j + 4r (+ noise) radians."""
    radius = np.linspace(0.0, 1.0, n_per_class)
    x = np.empty((n_per_class * n_classes, 2), dtype=np.float32)
    for arm in range(n_classes):
        angle = 4.0 * (arm + radius) + noise * rng.standard_normal(n_per_class)
        rows = slice(arm * n_per_class, (arm + 1) * n_per_class)
        x[rows, 0] = radius * np.sin(angle)
        x[rows, 1] = radius * np.cos(angle)
    t = np.repeat(np.arange(n_classes, dtype=np.int64), n_per_class)
    return x, t


def make_xor(
    rng: np.random.Generator, n: int = 600, noise: float = 0.05, margin: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """XOR of the signs: class 1 when x and y have opposite signs (quadrants II and IV).

    Each coordinate is a random sign times U(margin, 1), so the classes are separated by a
    gap of 2 * margin around the axes before the Gaussian noise is added.
    """
    sign = rng.choice(np.array([-1.0, 1.0]), size=(n, 2))
    x = sign * rng.uniform(margin, 1.0, size=(n, 2)) + noise * rng.standard_normal((n, 2))
    t = (sign[:, 0] != sign[:, 1]).astype(np.int64)
    return x.astype(np.float32), t


def make_circles(
    rng: np.random.Generator,
    n: int = 600,
    noise: float = 0.06,
    radii: tuple[float, float] = (0.9, 0.45),
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings: class 0 the outer (radius 0.9), class 1 the inner (radius 0.45)."""
    t = np.arange(n, dtype=np.int64) % 2
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    radius = np.asarray(radii)[t]
    x = radius[:, None] * np.column_stack((np.cos(angle), np.sin(angle)))
    x += noise * rng.standard_normal((n, 2))
    return x.astype(np.float32), t
