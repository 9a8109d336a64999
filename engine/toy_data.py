"""2-D toy data sets for fast demos: spiral, XOR, circles, moons, two Gaussians and sine.

Each generator is ``make(rng, n, noise) -> (x (n, 2) float32, t (n,) int64)``: it draws from
the `np.random.Generator` it is given, so a data set is a pure function of its seed. Points lie
roughly in [-1, 1] x [-1, 1] (centred, so a network starts near its decision boundary); noise
may push a few slightly outside. ``noise`` is the standard deviation of a Gaussian jitter added
to each point, except for the spiral, where it jitters the angle (radians).
"""

from __future__ import annotations

import numpy as np


def make_spiral(
    rng: np.random.Generator, n: int = 600, noise: float = 0.2, n_classes: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """The CS231n spiral: arm j has radius r in [0, 1] and angle 4j + 4r (+ noise) radians.

    The n points are shared out among the arms as evenly as possible (n // 3 each, the first
    arms one more when n is not a multiple of 3).
    """
    sizes = [len(part) for part in np.array_split(np.arange(n), n_classes)]
    x = np.empty((n, 2), dtype=np.float32)
    start = 0
    for arm, size in enumerate(sizes):
        radius = np.linspace(0.0, 1.0, size)
        angle = 4.0 * (arm + radius) + noise * rng.standard_normal(size)
        x[start:start + size, 0] = radius * np.sin(angle)
        x[start:start + size, 1] = radius * np.cos(angle)
        start += size
    t = np.repeat(np.arange(n_classes, dtype=np.int64), sizes)
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


def make_moons(
    rng: np.random.Generator, n: int = 600, noise: float = 0.08
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles (scikit-learn's moons), scaled by 2/3 and centred.

    Class 0 is the upper arc (cos s, sin s), class 1 the lower (1 - cos s, 0.5 - sin s),
    s ~ U(0, pi); x' = (x - 0.5) / 1.5 and y' = (y - 0.25) / 1.5 put both in [-1, 1].
    """
    t = np.arange(n, dtype=np.int64) % 2
    s = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack((np.cos(s), np.sin(s)))
    lower = np.column_stack((1.0 - np.cos(s), 0.5 - np.sin(s)))
    x = np.where(t[:, None] == 0, upper, lower)
    x = (x - np.array([0.5, 0.25])) / 1.5 + noise * rng.standard_normal((n, 2))
    return x.astype(np.float32), t


def make_gaussians(
    rng: np.random.Generator, n: int = 600, noise: float = 0.1, spread: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """Two round Gaussian blobs at (-0.5, -0.5) (class 0) and (0.5, 0.5) (class 1), each of
    standard deviation ``spread`` before the noise: a straight line separates them."""
    t = np.arange(n, dtype=np.int64) % 2
    centres = np.array([[-0.5, -0.5], [0.5, 0.5]])[t]
    x = centres + np.hypot(spread, noise) * rng.standard_normal((n, 2))
    return x.astype(np.float32), t


def make_sine(
    rng: np.random.Generator, n: int = 600, noise: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform on [-1, 1]^2, class 1 above the curve y = sin(pi x), class 0 below.

    The labels are taken before the noise is added, so noise blurs the boundary."""
    x = rng.uniform(-1.0, 1.0, size=(n, 2))
    t = (x[:, 1] > np.sin(np.pi * x[:, 0])).astype(np.int64)
    x += noise * rng.standard_normal((n, 2))
    return x.astype(np.float32), t
