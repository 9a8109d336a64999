"""The training loop of the dashboard, on its own thread so the window never freezes.

A ``TrainingWorker`` is a parentless QObject moved to a QThread. Its ``run`` slot builds the
trainer there (loading a data set may take a second) and loops ``trainer.step()``. The GUI
thread controls it through ``threading.Event`` flags checked before every mini-batch, because
a queued slot call would only be delivered after the busy loop ends. Results travel the other
way as snapshots of copies, throttled so the GUI thread draws at its own pace:

    losses and accuracies   at most every SNAPSHOT_INTERVAL seconds while paced, every
                            FULL_SPEED_SNAPSHOT_INTERVAL at full speed (only the new losses),
    layer histograms        at most every HISTOGRAM_INTERVAL seconds (they cost a few ms),
    playground grids        at most every PLAYGROUND_INTERVAL seconds, only while asked for
                            (``set_playground``) and on a 2-D set.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
import time

from PySide6.QtCore import QObject, Signal, Slot

from engine.config import ConfigError, RunConfig
from engine.data import Dataset, DatasetError
from engine.network import MultiLayerNet
from engine.playground import PlaygroundFrame, playground_frame
from engine.stopping import StopRequestedError
from engine.trainer import Trainer, TrainingSnapshot, build_trainer

SNAPSHOT_INTERVAL = 0.05
FULL_SPEED_SNAPSHOT_INTERVAL = 0.125
"""At full speed the window redraws 5 times a second (FULL_SPEED_FRAME_MS): fewer, larger
snapshots wake the GUI thread, which then takes the GIL from the trainer, less often; two per
PLAYGROUND_INTERVAL keep the Playground's frames at their rate."""
HISTOGRAM_INTERVAL = 0.5
PLAYGROUND_INTERVAL = 0.25
PLAYGROUND_SHARE = 0.05
"""Playground frames take at most about this share of the worker's time: a frame that cost
20 ms (a 64-64-64 network on a busy machine) waits 0.4 s for the next, however short
PLAYGROUND_INTERVAL is."""
PAUSED_POLL = 0.05  # how long a paused worker sleeps before it checks its flags again

# Seconds the worker waits after each mini-batch: full speed for real work, slower paces so a
# class can watch the curves form (the small sample trains an epoch in about 0.1 s).
PACES: dict[str, float] = {
    "full speed": 0.0,
    "lecture (~50 steps/s)": 0.02,
    "slow motion (~10 steps/s)": 0.1,
}


class TrainingWorker(QObject):
    """Trains one run. Create it in the GUI thread, move it to a QThread, start the thread.

    Signals (emitted from the worker thread; connect them to bound slots of GUI objects):
    ``snapshot_ready(TrainingSnapshot)`` while training, then exactly one of
    ``finished(TrainingSnapshot)`` (done, stopped or diverged; see ``snapshot.diverged``) or
    ``failed(str)`` (the run could not start or crashed; the message is for the user).
    The ``request_*`` and ``set_*`` methods are safe to call from any thread.
    """

    snapshot_ready = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, run_config: RunConfig, *, data_dir: str | None = None,
                 pace: float = 0.0, paused: bool = False, dataset: Dataset | None = None) -> None:
        super().__init__()  # no parent: a QObject with a parent cannot move to another thread
        self._config = run_config
        self._data_dir = data_dir
        self._dataset = dataset  # the user's own data (Open folder) instead of run_config's
        self._trainer: Trainer | None = None
        self._step_lock = threading.Lock()  # held while a mini-batch changes the weights
        self._pace = pace
        self._stop = threading.Event()
        self._pause = threading.Event()
        self._step = threading.Event()
        self._wake = threading.Event()  # cuts a pause or pace wait short
        self._lr_lock = threading.Lock()
        self._pending_lr: float | None = None
        self._losses_sent = 0
        self._last_snapshot = 0.0
        self._last_histograms = 0.0
        self._playground = threading.Event()  # set while the Playground tab wants frames
        self._last_playground = 0.0
        self._playground_wait = PLAYGROUND_INTERVAL  # grows for networks whose frames cost more
        self._playground_iteration = -1  # the iteration of the last frame sent
        if paused:
            self._pause.set()

    def request_stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def request_pause(self) -> None:
        self._pause.set()

    def request_resume(self) -> None:
        self._pause.clear()
        self._wake.set()

    def request_step(self) -> None:
        """Pause (if running) and train exactly one more mini-batch."""
        self._pause.set()
        self._step.set()
        self._wake.set()

    def set_lr(self, lr: float) -> None:
        """Use a new learning rate from the next mini-batch on."""
        with self._lr_lock:
            self._pending_lr = lr

    def set_pace(self, seconds: float) -> None:
        self._pace = seconds
        self._wake.set()

    def set_playground(self, enabled: bool) -> None:
        """Attach Playground frames (decision and neuron grids) to the snapshots while
        ``enabled``: at most every PLAYGROUND_INTERVAL seconds, and with every full snapshot."""
        if enabled:
            self._playground.set()
            self._wake.set()  # a paused run sends the frame it has not sent yet
        else:
            self._playground.clear()

    def network_copy(self) -> MultiLayerNet | None:
        """A copy of the network between two mini-batches (None before it is built); safe
        from any thread."""
        with self._step_lock:
            return copy.deepcopy(self._trainer.net) if self._trainer is not None else None

    @Slot()
    def run(self) -> None:
        """Build the trainer and train until done, stopped or diverged (the thread's body)."""
        try:
            self._trainer = trainer = self._build_trainer()
            self._train(trainer)
        except StopRequestedError:
            return  # stopped while building: the controller ends the run (nothing to show)
        except (ConfigError, DatasetError) as error:
            self.failed.emit(f"Cannot start training: {error}")
        except Exception as error:  # a bug must reach the user, not end the thread silently
            self.failed.emit(f"Training stopped by an unexpected error: "
                             f"{type(error).__name__}: {error}")

    def _build_trainer(self) -> Trainer:
        """The run's trainer, on the registered data set or on the user's own; a stop asked
        for meanwhile ends the build between two layers or two measured batches."""
        if self._dataset is None:
            return build_trainer(self._config, self._data_dir, should_stop=self._stop.is_set)
        data = self._dataset
        net = self._config.network.build(data.features, data.classes, seed=self._config.train.seed,
                                         should_stop=self._stop.is_set)
        return Trainer(net, data, self._config.train, should_stop=self._stop.is_set)

    def _train(self, trainer: Trainer) -> None:
        self._emit(trainer, histograms=True)  # epoch 0: the accuracies before any update
        while not trainer.finished and not self._stop.is_set():
            single_step = self._step.is_set()
            if not single_step and not self._ready_for_next_step(trainer):
                continue
            self._step.clear()
            self._apply_pending_lr(trainer)
            with self._step_lock:
                trainer.step()
            now = time.perf_counter()
            interval = SNAPSHOT_INTERVAL if self._pace > 0 else FULL_SPEED_SNAPSHOT_INTERVAL
            if single_step or now - self._last_snapshot >= interval:
                histograms = single_step or now - self._last_histograms >= HISTOGRAM_INTERVAL
                self._emit(trainer, histograms=histograms)
        self.finished.emit(self._snapshot(trainer, histograms=True))

    def _ready_for_next_step(self, trainer: Trainer) -> bool:
        """Wait while paused or for the pace; False when a flag changed meanwhile.

        Entering a pause sends a full snapshot, so the plots show exactly where it stopped.
        """
        if self._pause.is_set():
            if self._losses_sent < trainer.iteration or self._playground_missing(trainer):
                self._emit(trainer, histograms=True)
            self._wake.wait(PAUSED_POLL)
            self._wake.clear()
            return False
        if self._pace > 0:
            self._wake.wait(self._pace)
            self._wake.clear()
            return not (self._stop.is_set() or self._pause.is_set())
        return True

    def _apply_pending_lr(self, trainer: Trainer) -> None:
        with self._lr_lock:
            lr, self._pending_lr = self._pending_lr, None
        if lr is not None:
            trainer.set_lr(lr)

    def _emit(self, trainer: Trainer, *, histograms: bool) -> None:
        self.snapshot_ready.emit(self._snapshot(trainer, histograms=histograms))

    def _take_snapshot(self, trainer: Trainer, histograms: bool, losses_from: int
                       ) -> TrainingSnapshot:
        """The trainer's snapshot (a comparison's worker sends one of every run instead)."""
        return trainer.snapshot(histograms=histograms, losses_from=losses_from)

    def _snapshot(self, trainer: Trainer, *, histograms: bool) -> TrainingSnapshot:
        """A snapshot with only the losses not sent yet; records when it was taken."""
        snapshot = self._take_snapshot(trainer, histograms, self._losses_sent)
        self._losses_sent = snapshot.iteration
        self._last_snapshot = time.perf_counter()
        if histograms:
            self._last_histograms = self._last_snapshot
        # a run that stands still (before the first step, paused, stepped, ended) shows where
        # it stands; a running one gets frames at the bounded rate
        standing = (trainer.iteration == 0 or trainer.finished or self._pause.is_set()
                    or self._stop.is_set())
        frame = self._playground_frame(trainer, due=histograms and standing)
        return snapshot if frame is None else dataclasses.replace(snapshot, playground=frame)

    def _playground_missing(self, trainer: Trainer) -> bool:
        """True when the Playground wants a frame of this iteration and has none yet."""
        return (self._playground.is_set() and self._playground_iteration != trainer.iteration
                and trainer.dataset.plane_points() is not None)

    def _playground_frame(self, trainer: Trainer, *, due: bool) -> PlaygroundFrame | None:
        """The grids of the network now, when wanted, on a 2-D set and ``due`` or their
        interval has passed; computed here, on the worker thread, between two mini-batches.
        The last snapshot of a 2-D run always has them: the tab may be opened afterwards."""
        wanted = self._playground.is_set() or trainer.finished or self._stop.is_set()
        if not wanted or trainer.dataset.plane_points() is None:
            return None
        now = time.perf_counter()
        if not due and now - self._last_playground < self._playground_wait:
            return None
        with self._step_lock:
            frame = playground_frame(trainer.net, trainer.dataset, trainer.iteration)
        self._last_playground = time.perf_counter()
        cost = self._last_playground - now
        self._playground_wait = max(PLAYGROUND_INTERVAL, cost / PLAYGROUND_SHARE)
        self._playground_iteration = trainer.iteration
        return frame
