"""Input features of the 2-D sets (TensorFlow Playground's feature picker).

A point (x, y) of the plane can reach the network as any of the columns below, in the order
chosen. ``x2`` = x**2, ``y2`` = y**2, ``xy`` = x*y, ``sinx`` = sin(pi x), ``siny`` = sin(pi y)
(the points lie in about [-1, 1], where sin(x) alone would be nearly x). With ``x2, y2`` a
network without hidden layers separates the circles: features can replace depth.

One function, ``feature_map``, turns points into network inputs, for training
(``with_features``) and for the playground's grids alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np

from engine.data import Dataset

FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x": lambda x, y: x,
    "y": lambda x, y: y,
    "x2": lambda x, y: x * x,
    "y2": lambda x, y: y * y,
    "xy": lambda x, y: x * y,
    "sinx": lambda x, y: np.sin(np.pi * x),
    "siny": lambda x, y: np.sin(np.pi * y),
}
PLANE = ("x", "y")
"""The default: the network sees the coordinates themselves."""


def split_features(text: str) -> tuple[str, ...]:
    """What a user typed, ``"x, y,x2"`` -> ``("x", "y", "x2")`` (checked by check_features)."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def check_features(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` as a tuple; ValueError with one sentence for an unknown, repeated or empty
    choice."""
    if isinstance(names, str) or not all(isinstance(name, str) for name in names):
        raise ValueError(f"features: expected a list of names, got {names!r}")
    names = tuple(names)
    if not names:
        raise ValueError(f"features: choose at least one of {', '.join(FEATURES)}")
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        raise ValueError(f"features: unknown '{unknown[0]}'; choose from {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"features: each feature at most once, got {', '.join(names)}")
    return names


def feature_map(points: np.ndarray, features: Sequence[str] | None = None) -> np.ndarray:
    """Network inputs (n, len(features)) float32 from plane points (n, 2); None = x, y."""
    names = PLANE if features is None else check_features(features)
    x, y = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[name](x, y) for name in names]).astype(np.float32)


def with_features(dataset: Dataset, features: Sequence[str] | None) -> Dataset:
    """``dataset`` with its inputs mapped to ``features``; the points stay in ``plane``.

    The features it already has (for a plain data set: x, y, or None) return the data set
    itself. Only 2-D sets have other features.
    """
    names = PLANE if features is None else check_features(features)
    if names == (dataset.input_features or PLANE):
        return dataset
    plane = dataset.plane_points()
    if plane is None:
        raise ValueError(f"features: {dataset.title} is not a 2-D set; input features "
                         "apply to the 2-D sets only")
    train, test = plane
    return dataclasses.replace(
        dataset, x_train=feature_map(train, names), x_test=feature_map(test, names),
        input_features=names, plane=(train, test),
    )
