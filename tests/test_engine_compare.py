"""Lockstep comparisons: same batches in the same order, same initial weights, runs stop alone."""

import math

import numpy as np
import pytest

from engine.compare import Comparison, SharedBatches
from engine.config import ConfigError, NetworkConfig, RunConfig, TrainConfig
from engine.data import Dataset
from engine.network import MultiLayerNet


def blobs(n_train=120, n_test=40, features=6, classes=3, seed=0) -> Dataset:
    """Three Gaussian blobs: learnable, so losses fall and differ by optimizer."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, features)) * 2

    def draw(n):
        t = np.arange(n) % classes
        return (centres[t] + rng.normal(size=(n, features))).astype(np.float32), t

    x_train, t_train = draw(n_train)
    x_test, t_test = draw(n_test)
    return Dataset(name="blobs", title="blobs", x_train=x_train, t_train=t_train,
                   x_test=x_test, t_test=t_test, class_names=("a", "b", "c"),
                   feature_range=(-1.0, 1.0))


def config(optimizer="sgd", lr=0.1, batch_size=20, epochs=3, seed=0, **network) -> RunConfig:
    return RunConfig(dataset="spiral",
                     network=NetworkConfig(hidden_sizes=(16, 16), **network),
                     train=TrainConfig(epochs=epochs, batch_size=batch_size, optimizer=optimizer,
                                       lr=lr, seed=seed))


def test_identical_configs_give_bit_identical_loss_curves():
    final = Comparison([config(), config(), config()], blobs()).run()
    assert len(final) == 3 and all(s.finished and not s.diverged for s in final)
    assert final[0].iteration == 3 * 6
    for other in final[1:]:
        assert np.array_equal(other.losses, final[0].losses)
        assert np.array_equal(other.train_acc, final[0].train_acc)


def test_configs_differing_only_in_optimizer_share_the_first_loss_then_differ():
    runs = [config("sgd", 0.1), config("momentum", 0.1), config("adam", 0.01)]
    comparison = Comparison(runs, blobs())
    first = comparison.step()
    assert [r.iteration for r in first] == [1, 1, 1]
    assert first[0].loss == first[1].loss == first[2].loss  # same weights, same first batch
    final = comparison.run()
    assert final[0].losses[-1] != final[2].losses[-1]


def test_every_run_sees_the_same_batches_in_the_comparisons_shuffled_order():
    data = blobs()
    comparison = Comparison([config("sgd"), config("adam", 0.01, seed=5)], data, seed=7)
    seen: list[list[np.ndarray]] = [[], []]
    for run, record in zip(comparison.runs, seen, strict=True):
        original = run.trainer.net.loss_and_gradient
        run.trainer.net.loss_and_gradient = (
            lambda x, t, original=original, record=record: (record.append(x.copy()),
                                                            original(x, t))[1])
    comparison.run()
    assert len(seen[0]) == len(seen[1]) == 18
    for mine, theirs in zip(*seen, strict=True):
        assert np.array_equal(mine, theirs)
    # Epoch 1's batches are permutation 0 of an rng seeded with the comparison's seed.
    expected = np.random.default_rng(7).permutation(len(data.x_train))[:20]
    assert np.array_equal(seen[0][0], data.x_train[expected])


def test_same_network_config_and_seed_start_from_identical_weights():
    comparison = Comparison([config("sgd"), config("adam", 0.01), config("sgd", seed=3)],
                            blobs())
    nets: list[MultiLayerNet] = [run.trainer.net for run in comparison.runs]
    for key in nets[0].params:
        assert np.array_equal(nets[0].params[key], nets[1].params[key])
    assert not np.array_equal(nets[0].params["W1"], nets[2].params["W1"])


def test_a_diverging_run_stops_alone_and_the_others_finish():
    runs = [("calm", config("sgd", 0.1, epochs=4)),
            ("wild", config("sgd", 1e5, epochs=4, weight_init="std", init_std=10.0))]
    epochs_reported: list[tuple[int, str, bool]] = []
    final = Comparison(runs, blobs()).run(
        on_epoch=lambda index, label, snap: epochs_reported.append((index, label, snap.diverged)))
    calm, wild = final
    assert wild.diverged and wild.finished and wild.iteration < wild.total_iterations
    assert "learning rate" in wild.reason
    assert not calm.diverged and calm.iteration == calm.total_iterations
    assert math.isfinite(float(calm.losses[-1]))
    assert (1, "wild", True) in epochs_reported
    assert [e for e in epochs_reported if e[0] == 0] == [(0, "calm", False)] * 4


def test_different_batch_sizes_only_when_the_comparison_allows_them():
    runs = [config(batch_size=20), config(batch_size=40)]
    with pytest.raises(ConfigError, match="batch size"):
        Comparison(runs, blobs())
    comparison = Comparison(runs, blobs(), allow_batch_sizes=True)
    first = comparison.batches.order(0)
    seen = []
    net = comparison.runs[1].trainer.net
    original = net.loss_and_gradient
    net.loss_and_gradient = lambda x, t: (seen.append(x.copy()), original(x, t))[1]
    comparison.step()
    assert np.array_equal(seen[0], comparison.dataset.x_train[first[:40]])


def test_runs_on_different_data_sets_or_samples_are_refused():
    other = RunConfig(dataset="xor", train=config().train)
    with pytest.raises(ConfigError, match="one data set"):
        Comparison([config(), other])
    fewer = RunConfig(dataset="spiral", train=TrainConfig(train_samples=50))
    with pytest.raises(ConfigError, match="same samples"):
        Comparison([config(), fewer], blobs())


def test_shared_batches_forget_passed_epochs():
    batches = SharedBatches(blobs(), seed=0)
    for epoch in range(10):
        batches.order(epoch)
        batches.forget_before(epoch)
    assert len(batches._orders) == 1
