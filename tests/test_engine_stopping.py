"""A stop asked for while a network is built or first measured ends the work between two
layers or two measured batches (engine.stopping): a 784-10x4096-10 network took ~6 s to
build and ~30 s to measure, and a run stopped or closed meanwhile kept its thread that long."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import engine.network
from engine.config import RunConfig
from engine.network import MultiLayerNet
from engine.stopping import StopRequestedError
from engine.trainer import build_trainer


def _stop_after(checks: int):
    """A should_stop that says no ``checks`` times, then yes; ``asked`` counts the calls."""
    asked = []

    def should_stop() -> bool:
        asked.append(1)
        return len(asked) > checks

    should_stop.asked = asked
    return should_stop


def test_a_build_stops_before_the_next_layer_once_asked(monkeypatch):
    drawn = []
    init_weight = engine.network.init_weight
    monkeypatch.setattr(engine.network, "init_weight",
                        lambda rng, n_in, n_out, *rest: drawn.append((n_in, n_out))
                        or init_weight(rng, n_in, n_out, *rest))

    with pytest.raises(StopRequestedError, match="building the network"):
        MultiLayerNet(784, [64, 64, 64, 64], 10, should_stop=_stop_after(2))

    assert drawn == [(784, 64), (64, 64)]  # two layers drawn, the other three never


def test_a_network_that_is_not_stopped_is_the_same_as_without_a_stop_flag():
    stopped_never = MultiLayerNet(20, [8, 8], 3, seed=4, should_stop=lambda: False)
    plain = MultiLayerNet(20, [8, 8], 3, seed=4)
    for name, value in plain.params.items():
        np.testing.assert_array_equal(stopped_never.params[name], value)


def test_accuracy_stops_between_batches_and_counts_right_when_not_stopped(monkeypatch):
    rng = np.random.default_rng(0)
    net = MultiLayerNet(30, [16], 4, seed=1)
    x = rng.standard_normal((1000, 30)).astype(np.float32)
    t = rng.integers(0, 4, 1000)
    # as big a network as makes one pass MIN_ACCURACY_BATCH samples: ten passes for 1000
    monkeypatch.setattr(engine.network, "ACCURACY_WORK",
                        net.flat_params.size * engine.network.MIN_ACCURACY_BATCH)

    should_stop = _stop_after(3)
    with pytest.raises(StopRequestedError, match="measuring the accuracy"):
        net.accuracy(x, t, should_stop=should_stop)
    assert len(should_stop.asked) == 4  # asked before each pass: three ran, the fourth not

    expected = np.mean(np.argmax(net.predict(x), axis=1) == t)  # all at once, independently
    assert net.accuracy(x, t, should_stop=_stop_after(10)) == pytest.approx(expected)


def test_a_big_network_measures_in_smaller_passes(monkeypatch):
    """784-10x4096-10 has 154 million parameters: passes of 1,000 samples took ~3.5 s each,
    passes of about ACCURACY_WORK / parameters samples take ~0.5 s."""
    passes = []
    net = MultiLayerNet(784, [64], 10, seed=0)
    forward = net._forward
    monkeypatch.setattr(net, "_forward", lambda x, train: passes.append(len(x))
                        or forward(x, train))
    monkeypatch.setattr(engine.network, "ACCURACY_WORK", 200 * net.flat_params.size)
    net.accuracy(np.zeros((1000, 784), np.float32), np.zeros(1000, int))
    assert passes == [200] * 5


def test_build_trainer_stops_before_building_once_asked():
    stop = threading.Event()
    stop.set()
    with pytest.raises(StopRequestedError):
        build_trainer(RunConfig(), should_stop=stop.is_set)
