"""The Dataset container every data set ends as, and the stratified train/test split.

x_train (n, features) float32, t_train (n,) int64 labels, likewise the test split; images are
in [0, 1], the 2-D toy sets roughly in [-1, 1] (see Dataset.feature_range).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Dataset:
    """A train/test split ready for training.

    x_train (n_train, features) float32, t_train (n_train,) int64, likewise x_test, t_test.
    The arrays are read-only views, so a cached data set cannot be corrupted by a caller.
    feature_range is (0, 1) for images, (-1, 1) for the 2-D toy sets (roughly: noise spills).
    """

    name: str
    title: str
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    class_names: tuple[str, ...]
    image_shape: tuple[int, int] | None = None
    feature_range: tuple[float, float] = (0.0, 1.0)
    source: str = ""
    input_features: tuple[str, ...] = ()
    plane: tuple[np.ndarray, np.ndarray] | None = None

    def __post_init__(self) -> None:
        for field in ("x_train", "t_train", "x_test", "t_test"):
            view = np.asarray(getattr(self, field)).view()
            view.flags.writeable = False
            object.__setattr__(self, field, view)
        for x, t in ((self.x_train, self.t_train), (self.x_test, self.t_test)):
            if x.ndim != 2 or t.ndim != 1 or len(x) != len(t):
                raise ValueError(f"x must be (n, features) and t (n,), got {x.shape}, {t.shape}")

    @property
    def classes(self) -> int:
        """Number of classes (the width of the network's output layer)."""
        return len(self.class_names)

    @property
    def features(self) -> int:
        """Number of input features (the width of the network's input layer)."""
        return self.x_train.shape[1]

    def plane_points(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The (x, y) coordinates of the training and test points of a 2-D set, whatever
        features the network sees (``input_features``); None for an image set."""
        if self.plane is not None:
            return self.plane
        if self.image_shape is None and self.features == 2:
            return self.x_train, self.x_test
        return None


def stratified_split(
    t: np.ndarray, test_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test), each ascending, with every class in the same proportion.

    Class c with n_c samples gives floor(n_c * f) test samples; the few left to reach
    round(n * f) go to the classes with the largest remainders.
    """
    classes, counts = np.unique(t, return_counts=True)
    quota = counts * test_fraction
    n_test = np.floor(quota).astype(np.int64)
    short = round(len(t) * test_fraction) - int(n_test.sum())
    n_test[np.argsort(n_test - quota, kind="stable")[:short]] += 1
    is_test = np.zeros(len(t), dtype=bool)
    for label, k in zip(classes, n_test, strict=True):
        is_test[rng.permutation(np.flatnonzero(t == label))[:k]] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)
