"""train_samples and validation_fraction: the book's x_train[:N] and its validation split."""

import numpy as np
import pytest

from engine.config import ConfigError, RunConfig, TrainConfig
from engine.data import load_dataset
from engine.subsets import training_subset
from engine.trainer import build_trainer


def test_train_samples_keeps_the_first_n_training_samples_and_the_whole_test_set():
    data = load_dataset("mnist-sample")
    subset = training_subset(data, TrainConfig(train_samples=300))
    assert np.array_equal(subset.x_train, data.x_train[:300])
    assert np.array_equal(subset.t_train, data.t_train[:300])
    assert subset.x_test is data.x_test or np.array_equal(subset.x_test, data.x_test)


def test_validation_fraction_holds_out_a_disjoint_share_as_the_test_split():
    data = load_dataset("mnist-sample")
    subset = training_subset(data, TrainConfig(train_samples=500, validation_fraction=0.2))
    assert len(subset.x_train) == 400 and len(subset.x_test) == 100
    first = {row.tobytes() for row in data.x_train[:500]}
    train = {row.tobytes() for row in subset.x_train}
    validation = {row.tobytes() for row in subset.x_test}
    assert train | validation <= first and not train & validation


def test_the_trainer_trains_on_the_subset_and_the_fields_round_trip():
    config = RunConfig(train=TrainConfig(train_samples=300, batch_size=100, epochs=1))
    assert build_trainer(config).iterations_per_epoch == 3
    again = RunConfig.from_json(config.to_json())
    assert again.train.train_samples == 300 and again == config
    with pytest.raises(ConfigError, match="validation fraction"):
        TrainConfig(validation_fraction=0.95)
