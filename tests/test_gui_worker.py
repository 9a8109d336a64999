"""The training worker and its controller, without a window: signals, errors, lifecycle."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import gui.run.worker
from engine.config import RunConfig, TrainConfig
from engine.trainer import build_trainer
from gui.run.controller import RunState, TrainingController

TIMEOUT_MS = 60_000


@pytest.fixture
def controller(qtbot):
    controller = TrainingController()
    yield controller
    controller.shutdown()


def small_run(**train) -> RunConfig:
    return RunConfig(network=replace(RunConfig().network, hidden_sizes=(20,)),
                     train=TrainConfig(epochs=2, **train))


def test_incremental_snapshots_carry_every_loss_exactly_once(qtbot, controller):
    config = small_run(seed=3)
    snapshots = []
    controller.snapshot_received.connect(snapshots.append)
    with qtbot.waitSignal(controller.run_finished, timeout=TIMEOUT_MS):
        controller.start(config)
    streamed = np.concatenate([snapshot.losses for snapshot in snapshots])
    headless = build_trainer(config).run().losses
    np.testing.assert_array_equal(streamed, headless)  # nothing lost, nothing sent twice
    assert controller.state == RunState.FINISHED


def test_histograms_come_with_the_first_and_the_last_snapshot(qtbot, controller):
    snapshots = []
    controller.snapshot_received.connect(snapshots.append)
    with qtbot.waitSignal(controller.run_finished, timeout=TIMEOUT_MS):
        controller.start(small_run())
    assert snapshots[0].iteration == 0 and snapshots[0].histograms is not None
    assert snapshots[-1].finished and len(snapshots[-1].histograms) == 1


def test_a_missing_data_set_fails_with_a_message(qtbot, tmp_path):
    controller = TrainingController(data_dir=str(tmp_path))
    with qtbot.waitSignal(controller.run_failed, timeout=TIMEOUT_MS) as failed:
        controller.start(RunConfig(dataset="mnist"))
    assert "Cannot start training" in failed.args[0]
    assert "MNIST" in failed.args[0]
    assert controller.state == RunState.FINISHED
    assert not controller.worker_thread.isRunning()


def test_an_unexpected_error_in_the_worker_is_reported_not_raised(qtbot, controller,
                                                                  monkeypatch):
    def broken_trainer(run_config, data_dir=None, **options):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(gui.run.worker, "build_trainer", broken_trainer)
    with qtbot.waitSignal(controller.run_failed, timeout=TIMEOUT_MS) as failed:
        controller.start(small_run())
    assert "RuntimeError: simulated bug" in failed.args[0]


def test_a_paused_start_trains_only_when_stepped(qtbot, controller):
    controller.start(small_run(), paused=True)
    qtbot.waitUntil(lambda: controller.latest is not None, timeout=TIMEOUT_MS)
    qtbot.wait(200)
    assert controller.latest.iteration == 0
    controller.step_once()
    qtbot.waitUntil(lambda: controller.latest.iteration == 1, timeout=TIMEOUT_MS)
    assert controller.state == RunState.PAUSED


def test_reset_discards_snapshots_still_in_flight(qtbot, controller):
    received = []
    controller.snapshot_received.connect(received.append)
    controller.start(replace(small_run(), train=TrainConfig(epochs=500)))
    qtbot.waitUntil(lambda: len(received) > 2, timeout=TIMEOUT_MS)
    controller.reset()
    count = len(received)
    qtbot.wait(300)  # anything the old worker queued must not arrive
    assert len(received) == count
    assert controller.state == RunState.IDLE and controller.latest is None


def test_a_new_learning_rate_reaches_the_running_optimizer(qtbot, controller, monkeypatch):
    seen = []
    original = gui.run.worker.TrainingWorker._apply_pending_lr

    def spy(worker, trainer):
        original(worker, trainer)
        seen.append(trainer.optimizer.lr)

    monkeypatch.setattr(gui.run.worker.TrainingWorker, "_apply_pending_lr", spy)
    controller.start(replace(small_run(), train=TrainConfig(epochs=500)))
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT_MS)
    controller.set_lr(0.0042)
    qtbot.waitUntil(lambda: seen[-1] == pytest.approx(0.0042), timeout=TIMEOUT_MS)
