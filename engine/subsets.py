"""The part of a data set a run trains on: the book's ``x_train[:N]`` and its validation split.

The book's overfitting experiments (figures 6-20 to 6-23) train on the first 300 samples and
its hyperparameter search (6-24) on the first 500, of which it shuffles 20% out for validation,
so that the test set is never used to choose hyperparameters.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.config import TrainConfig
from engine.data import Dataset


def training_subset(dataset: Dataset, config: TrainConfig) -> Dataset:
    """``dataset`` limited as ``config.train_samples`` and ``config.validation_fraction`` say.

    With a validation fraction f of the n kept samples, int(n * f) of them (chosen by
    ``config.seed``) become the test split and the rest the training split.
    """
    limit, fraction = config.train_samples, config.validation_fraction
    if (limit is None or limit >= len(dataset.x_train)) and fraction == 0:
        return dataset
    x, t = dataset.x_train[:limit], dataset.t_train[:limit]
    if fraction == 0:
        return replace(dataset, x_train=x, t_train=t)
    order = np.random.default_rng(config.seed).permutation(len(x))
    held_out = int(len(x) * fraction)
    validation, train = order[:held_out], order[held_out:]
    return replace(dataset, x_train=x[train], t_train=t[train],
                   x_test=x[validation], t_test=t[validation])
