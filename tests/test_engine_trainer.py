"""The training loop: it learns, it is reproducible, it reports copies, it survives divergence."""

import dataclasses
import warnings

import numpy as np
import pytest

from engine.config import NetworkConfig, RunConfig, TrainConfig
from engine.data import Dataset, load_dataset
from engine.trainer import Trainer, build_trainer


def small_dataset(n_train=60, n_test=20, features=4, classes=3, seed=0) -> Dataset:
    rng = np.random.default_rng(seed)
    return Dataset(
        name="tiny", title="tiny",
        x_train=rng.random((n_train, features), dtype=np.float32),
        t_train=np.arange(n_train, dtype=np.int64) % classes,
        x_test=rng.random((n_test, features), dtype=np.float32),
        t_test=np.arange(n_test, dtype=np.int64) % classes,
        class_names=tuple(str(c) for c in range(classes)),
    )


def tiny_trainer(epochs=2, batch_size=25, **train) -> Trainer:
    data = small_dataset()
    net = NetworkConfig(hidden_sizes=(8,)).build(4, 3, seed=0)
    return Trainer(net, data, TrainConfig(epochs=epochs, batch_size=batch_size, **train))


def test_mnist_sample_reaches_093_test_accuracy_within_10_epochs():
    config = RunConfig(network=NetworkConfig(hidden_sizes=(100,), activation="relu",
                                             weight_init="he"),
                       train=TrainConfig(epochs=10, batch_size=100, optimizer="adam", seed=0))
    final = build_trainer(config).run()
    assert final.epoch == 10 and final.finished and not final.diverged
    assert final.test_acc[-1] >= 0.93
    assert final.losses[-100:].mean() < final.losses[:10].mean() / 5


def test_epochs_are_integer_passes_of_shuffled_batches_without_replacement(monkeypatch):
    trainer = tiny_trainer(epochs=2, batch_size=25)  # 60 samples: 2 batches/epoch, 10 left over
    assert trainer.iterations_per_epoch == 2 and trainer.total_iterations == 4
    seen = []
    original = trainer.net.loss_and_gradient

    def record(x, t):
        seen.append(x.copy())
        return original(x, t)

    monkeypatch.setattr(trainer.net, "loss_and_gradient", record)
    trainer.run()
    rows = {tuple(row) for row in trainer.dataset.x_train.tolist()}
    for epoch in range(2):
        batch_rows = [tuple(r) for x in seen[2 * epoch:2 * epoch + 2] for r in x.tolist()]
        assert len(set(batch_rows)) == 50  # no sample twice within an epoch
        assert set(batch_rows) <= rows
    assert trainer.epoch == 2 and trainer.iteration == 4


def test_batch_labels_come_from_t_not_x(monkeypatch):
    trainer = tiny_trainer()
    lookup = {tuple(x): int(t) for x, t in zip(trainer.dataset.x_train.tolist(),
                                               trainer.dataset.t_train, strict=True)}
    pairs = []
    original = trainer.net.loss_and_gradient

    def record(x, t):
        pairs.extend(zip(x.tolist(), t.tolist(), strict=True))
        return original(x, t)

    monkeypatch.setattr(trainer.net, "loss_and_gradient", record)
    trainer.step()
    assert all(lookup[tuple(x)] == t for x, t in pairs)


def test_same_seed_same_run_other_seed_other_run():
    def losses(seed):
        return tiny_trainer(seed=seed, optimizer="sgd", lr=0.1).run().losses

    np.testing.assert_array_equal(losses(3), losses(3))
    assert not np.array_equal(losses(3), losses(4))


def test_snapshots_hold_copies_and_cannot_be_changed():
    trainer = tiny_trainer()
    trainer.step()
    snapshot = trainer.snapshot()
    snapshot.losses[:] = 123.0
    assert trainer.snapshot().losses[0] != 123.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.iteration = 5


def test_losses_from_sends_only_new_losses():
    trainer = tiny_trainer(epochs=3)
    for _ in range(4):
        trainer.step()
    everything = trainer.snapshot().losses
    tail = trainer.snapshot(losses_from=3)
    assert tail.losses_offset == 3
    np.testing.assert_array_equal(tail.losses, everything[3:])


def test_accuracy_has_one_entry_per_epoch_plus_the_start():
    trainer = tiny_trainer(epochs=3)
    assert len(trainer.snapshot().test_acc) == 1
    final = trainer.run()
    assert len(final.train_acc) == len(final.test_acc) == 4
    assert final.progress == 1.0 and final.eta_seconds == 0.0


def test_run_calls_back_once_per_epoch_and_stops_when_asked():
    reports = []
    trainer = tiny_trainer(epochs=3)
    trainer.run(on_snapshot=reports.append)
    assert [r.epoch for r in reports] == [1, 2, 3]
    stopping = tiny_trainer(epochs=3)
    final = stopping.run(should_stop=lambda: stopping.iteration >= 3)
    assert final.iteration == 3 and not final.finished


def test_an_exploding_loss_ends_the_run_with_a_reason_and_no_warning_storm():
    data = load_dataset("mnist-sample")
    net = NetworkConfig(hidden_sizes=(50,)).build(784, 10, seed=0)
    trainer = Trainer(net, data, TrainConfig(epochs=1, optimizer="sgd", lr=1e5))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        final = trainer.run()
    assert final.diverged and final.finished
    assert "lower it" in final.reason
    assert final.iteration < trainer.total_iterations
    with pytest.raises(RuntimeError):
        trainer.step()


def test_a_nan_loss_ends_the_run_and_leaves_the_weights_alone(monkeypatch):
    trainer = tiny_trainer(optimizer="sgd", lr=0.1)
    before = {key: value.copy() for key, value in trainer.net.params.items()}
    _, grads = trainer.net.loss_and_gradient(trainer.dataset.x_train, trainer.dataset.t_train)
    monkeypatch.setattr(trainer.net, "loss_and_gradient", lambda x, t: (float("nan"), grads))
    result = trainer.step()
    assert result.finished and trainer.diverged and "NaN" in trainer.reason
    for key, value in before.items():
        np.testing.assert_array_equal(trainer.net.params[key], value)


# Adam's step is lr * sign(g) for tiny g, so it turns the round-off noise of the bias before
# batch norm (whose true gradient is 0) into visible steps: compare it without batch norm.
@pytest.mark.parametrize(("optimizer", "batchnorm"),
                         [("sgd", True), ("momentum", True), ("adam", False)])
def test_a_step_updates_every_parameter_like_a_per_array_update(optimizer, batchnorm):
    data = small_dataset()
    net_config = NetworkConfig(hidden_sizes=(8,), batchnorm=batchnorm, weight_decay=0.5)
    net, twin = net_config.build(4, 3, seed=0), net_config.build(4, 3, seed=0)
    initial = {name: param.copy() for name, param in net.params.items()}
    trainer = Trainer(net, data, TrainConfig(epochs=1, batch_size=60, optimizer=optimizer))
    trainer.step()  # all parameters at once, through the flat buffers
    _, grads = twin.loss_and_gradient(data.x_train, data.t_train)  # the same 60 samples
    TrainConfig(optimizer=optimizer).create_optimizer().update(twin.params, grads)
    for name, param in net.params.items():
        assert not np.array_equal(param, initial[name]), name
        np.testing.assert_allclose(param, twin.params[name], rtol=1e-5, atol=1e-7,
                                   err_msg=name)

def test_learning_rate_changes_live_and_rejects_nonsense():
    trainer = tiny_trainer(optimizer="sgd", lr=0.1)
    trainer.set_lr(0.5)
    assert trainer.optimizer.lr == 0.5
    for bad in (0.0, -1.0, float("nan"), "fast"):
        with pytest.raises(ValueError):
            trainer.set_lr(bad)


def test_histograms_one_per_hidden_layer_over_the_activations_range():
    data = small_dataset()
    net = NetworkConfig(hidden_sizes=(8, 6), activation="sigmoid",
                        weight_init="xavier").build(4, 3, seed=0)
    trainer = Trainer(net, data, TrainConfig(epochs=1, batch_size=20))
    trainer.step()
    snapshot = trainer.snapshot(histograms=True)
    assert len(snapshot.histograms) == len(snapshot.pre_histograms) == 2
    for histogram, width in zip(snapshot.histograms, (8, 6), strict=True):
        assert histogram.counts.sum() == 20 * width
        assert histogram.edges[0] == 0.0 and histogram.edges[-1] == 1.0
    assert snapshot.pre_histograms[0].edges[0] < 0 < snapshot.pre_histograms[0].edges[-1]
    assert trainer.snapshot().histograms is None


def test_eval_samples_bounds_the_accuracy_measurement(monkeypatch):
    trainer = tiny_trainer(eval_samples=10)
    sizes = []
    original = trainer.net.accuracy

    def record(x, t, **options):
        sizes.append(len(x))
        return original(x, t, **options)

    monkeypatch.setattr(trainer.net, "accuracy", record)
    trainer.run()
    assert sizes and max(sizes) == 10


def test_a_batch_larger_than_the_data_set_is_noticed_not_hidden():
    """60 training samples and a batch of 500: each batch is all 60, and the run says so."""
    trainer = tiny_trainer(epochs=2, batch_size=500)
    assert trainer.batch_size == 60 and trainer.iterations_per_epoch == 1
    assert "batch size 500 is more than the 60 training samples" in trainer.notice
    assert trainer.run().notice == trainer.notice
    assert tiny_trainer(batch_size=60).notice is None


def test_the_divergence_hint_names_no_button():
    trainer = tiny_trainer(optimizer="sgd", lr=1e6)
    final = trainer.run()
    assert final.diverged and "lower it" in final.reason and "Reset" not in final.reason
def test_relu_with_std_001_collapses_towards_0_on_one_shared_range_like_figure_6_14():
    """The untrained 5x100 ReLU network with std 0.01 (the book's figure 6-14): every layer's
    histogram shares one x range, and layer 5 lies entirely in the first bin. The expectation
    comes from a forward pass written out here with NumPy."""
    config = RunConfig(network=NetworkConfig(hidden_sizes=(100,) * 5, activation="relu",
                                             weight_init="std", init_std=0.01),
                       train=TrainConfig(epochs=1, batch_size=100, seed=0))
    trainer = build_trainer(config)
    snapshot = trainer.snapshot(histograms=True)  # before any step
    assert trainer.iteration == 0 and len(snapshot.histograms) == 5
    params = trainer.net.params
    x = trainer.dataset.x_train[:100].astype(np.float64)
    layers = []
    for index in range(1, 6):
        x = np.maximum(0.0, x @ params[f"W{index}"] + params[f"b{index}"])
        layers.append(x)
    edges = snapshot.histograms[0].edges
    for histogram, values in zip(snapshot.histograms, layers, strict=True):
        np.testing.assert_array_equal(histogram.edges, edges)  # one shared range
        assert histogram.counts.sum() == values.size  # every value counted
    assert edges[0] == 0.0
    assert edges[-1] >= np.percentile(layers[0], 99) * 0.999  # holds the widest layer
    assert layers[4].max() < edges[1]  # the independent pass: layer 5 is all near 0 ...
    assert snapshot.histograms[4].counts[0] == layers[4].size  # ... and so is its histogram
    assert np.count_nonzero(snapshot.histograms[0].counts) >= 10  # layer 1 still spreads
    assert snapshot.histograms[4].fractions[0] == 1.0


def test_the_initial_network_has_histograms_before_any_step():
    trainer = tiny_trainer()
    snapshot = trainer.snapshot(histograms=True)
    assert trainer.iteration == 0 and len(snapshot.histograms) == 1
    assert snapshot.histograms[0].counts.sum() == 25 * 8  # one batch of 25 through 8 units
    assert len(snapshot.train_acc) == 1  # accuracy at epoch 0
    untouched = tiny_trainer()  # the forward pass used no random numbers and changed nothing
    np.testing.assert_array_equal(trainer.run().losses, untouched.run().losses)
