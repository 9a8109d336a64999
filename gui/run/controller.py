"""Start, pause, step, stop and reset a training run: the thread and worker lifecycle.

Every run gets a ``_Run``: a GUI-thread QObject that owns the QThread and the worker and
receives the worker's signals (queued into the GUI thread). The controller listens to the
current ``_Run`` only; a run that is stopped or replaced is disconnected first, so a snapshot
still in the event queue can never draw into the next run's plots.

The GUI thread never waits for a worker: one mini-batch of a 10x4096 network takes seconds and
building it half a minute, and no NumPy call can be interrupted. A run that is reset, replaced
or not answering a stop within STOP_GRACE_MS is *retired* instead: detached, told to stop, and
kept alive in ``_RETIRED`` until its thread ends by itself (a QThread destroyed while running
aborts the process). Closing the window waits at most SHUTDOWN_WAIT_S for the threads; if one
is still computing, the process ends with os._exit after the window has saved everything.
"""

from __future__ import annotations

import atexit
import os
import sys
import time
from enum import StrEnum
from functools import partial

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from engine.config import RunConfig
from engine.data import Dataset
from engine.network import MultiLayerNet
from engine.trainer import TrainingSnapshot
from gui.run.comparison_worker import ComparisonWorker
from gui.run.worker import TrainingWorker

STOP_GRACE_MS = 500  # a worker that has not stopped by then is retired, and the run finished
SHUTDOWN_WAIT_S = 0.5  # closing the window waits this long for the worker threads at most
_RETIRED: set[_Run] = set()  # runs whose threads may still be running; see _Run.retire


class RunState(StrEnum):
    IDLE = "idle"          # no run yet, or reset
    LOADING = "loading"    # the worker is loading the data set and building the network
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"  # done, stopped, diverged or failed; plots keep the last run


class _Run(QObject):
    """One worker on one thread, with its signals re-emitted on the GUI thread."""

    snapshot = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, run_config: RunConfig, data_dir: str | None, pace: float,
                 paused: bool, dataset: Dataset | None, runs: list | None = None) -> None:
        super().__init__()
        self.config = run_config
        self.dataset = dataset
        self._detached = False
        self.retired = False
        self.runs = runs
        worker_class = partial(ComparisonWorker, runs) if runs else TrainingWorker
        self.worker = worker_class(run_config, data_dir=data_dir, pace=pace, paused=paused,
                                   dataset=dataset)
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("nndash-training")
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.snapshot_ready.connect(self._on_snapshot)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)

    def start(self) -> None:
        self.worker_thread.start()

    def detach(self) -> None:
        """Stop forwarding signals; queued ones then arrive here and go nowhere."""
        if not self._detached:
            for signal in (self.snapshot, self.finished, self.failed):
                signal.disconnect()
            self._detached = True

    def retire(self) -> None:
        """Detach, ask the worker to stop and return at once; the run stays in _RETIRED
        until its thread has ended, however long the NumPy call it is in takes."""
        if self.retired:
            return
        self.retired = True
        self.detach()
        self.worker.request_stop()
        self.worker_thread.quit()  # ends the thread as soon as run() returns
        _RETIRED.add(self)
        self.worker_thread.finished.connect(self._on_thread_finished)
        if not self.worker_thread.isRunning():  # it ended before the connection was made
            self._on_thread_finished()

    @Slot()
    def _on_thread_finished(self) -> None:
        self.worker_thread.wait()  # returns at once: the thread has ended
        _RETIRED.discard(self)

    @Slot(object)
    def _on_snapshot(self, snapshot: TrainingSnapshot) -> None:
        self.snapshot.emit(snapshot)

    @Slot(object)
    def _on_finished(self, snapshot: TrainingSnapshot) -> None:
        self.finished.emit(snapshot)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)


class TrainingController(QObject):
    """The one object the window talks to about training; all its signals fire on the GUI thread.

    ``run_started(RunConfig)``, ``snapshot_received(TrainingSnapshot)``,
    ``run_finished(TrainingSnapshot)`` (also after a stop or divergence),
    ``run_failed(str)`` (could not start, crashed, or diverged: a message for the user),
    ``state_changed(str)`` (a RunState value).
    """

    run_started = Signal(object)
    snapshot_received = Signal(object)
    run_finished = Signal(object)
    run_failed = Signal(str)
    state_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, data_dir: str | None = None,
                 pace: float = 0.0) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._pace = pace
        self._run: _Run | None = None
        self._stopping: _Run | None = None  # the run a stop was asked of, for STOP_GRACE_MS
        self._state = RunState.IDLE
        self._playground = False
        self.latest: TrainingSnapshot | None = None

    @property
    def state(self) -> RunState:
        return self._state

    @property
    def run_config(self) -> RunConfig | None:
        """The configuration of the current (or last) run."""
        return self._run.config if self._run else None

    @property
    def worker_thread(self) -> QThread | None:
        """The thread of the current (or last) run."""
        return self._run.worker_thread if self._run else None

    @property
    def comparison_runs(self) -> list | None:
        """[(label, RunConfig)] when the current (or last) run is a comparison, else None."""
        return self._run.runs if self._run else None

    @property
    def run_dataset(self) -> Dataset | None:
        """The user's own data set the current (or last) run trains on, if any."""
        return self._run.dataset if self._run else None

    def trained_network(self) -> MultiLayerNet | None:
        """A copy of the paused, stopped or finished run's network, for Save weights; None
        while loading, running or idle (or when the run failed before building one)."""
        if self._run is None or self._state not in (RunState.PAUSED, RunState.FINISHED):
            return None
        if self._run.retired and self._run.worker_thread.isRunning():
            return None  # stopped while deep in a long mini-batch: the weights are mid-update
        return self._run.worker.network_copy()

    def is_active(self) -> bool:
        """True while a worker thread is loading, training or paused."""
        return self._state in (RunState.LOADING, RunState.RUNNING, RunState.PAUSED)

    def start(self, run_config: RunConfig, *, paused: bool = False,
              dataset: Dataset | None = None, runs: list | None = None) -> None:
        """Begin a new run (ending any current one); ``paused`` waits for step or resume;
        ``dataset`` (the user's own data) replaces the data set ``run_config`` names;
        ``runs`` [(label, RunConfig)] trains those as one lockstep comparison instead, whose
        snapshots are ComparisonSnapshots."""
        self._discard_run()
        self.latest = None
        self._run = _Run(run_config, self._data_dir, self._pace, paused, dataset, runs)
        self._run.worker.set_playground(self._playground)
        self._run.snapshot.connect(self._on_snapshot)
        self._run.finished.connect(self._on_finished)
        self._run.failed.connect(self._on_failed)
        self.run_started.emit(run_config)
        self._set_state(RunState.PAUSED if paused else RunState.LOADING)
        self._run.start()

    def pause(self) -> None:
        if self._state in (RunState.LOADING, RunState.RUNNING):
            self._run.worker.request_pause()
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        if self._state == RunState.PAUSED:
            self._run.worker.request_resume()
            self._set_state(RunState.RUNNING if self.latest else RunState.LOADING)

    def step_once(self) -> None:
        """Train one mini-batch, pausing a running run first."""
        if self.is_active():
            self._run.worker.request_step()
            self._set_state(RunState.PAUSED)

    def stop(self) -> None:
        """End the run; ``run_finished`` follows with the final snapshot, within STOP_GRACE_MS
        even when the worker is deep in loading, building or one long mini-batch."""
        if self.is_active():
            self._run.worker.request_stop()
            self._stopping = self._run
            QTimer.singleShot(STOP_GRACE_MS, self._on_stop_grace_over)

    def reset(self) -> None:
        """End any run and forget it; the window clears its plots."""
        self._discard_run()
        self.latest = None
        self._set_state(RunState.IDLE)

    def shutdown(self) -> bool:
        """Stop the worker threads, waiting SHUTDOWN_WAIT_S for them at most (the window calls
        this when it closes). False when one is still computing: the process will then end
        with os._exit once Python starts to exit, before Qt could destroy the running thread."""
        self._discard_run()
        if self.is_active():
            self._set_state(RunState.FINISHED)
        return wait_for_retired_runs(SHUTDOWN_WAIT_S)

    def set_lr(self, lr: float) -> None:
        """Apply a learning rate to the running network from its next mini-batch on."""
        if self.is_active():
            self._run.worker.set_lr(lr)

    def set_pace(self, seconds: float) -> None:
        self._pace = seconds
        if self._run:
            self._run.worker.set_pace(seconds)

    def set_playground(self, enabled: bool) -> None:
        """Ask this and later runs for Playground frames (while the Playground tab shows)."""
        self._playground = enabled
        if self._run:
            self._run.worker.set_playground(enabled)

    def _discard_run(self) -> None:
        if self._run is not None:
            self._run.retire()
            self._run = None

    @Slot()
    def _on_stop_grace_over(self) -> None:
        """The worker asked to stop has not finished yet: retire it and end the run here."""
        run, self._stopping = self._stopping, None
        if run is None or run is not self._run or not self.is_active():
            return  # it did stop, or the run was reset or replaced meanwhile
        self._discard_run()
        self._run = run  # keeps the run's config and data set for the panels
        if self.latest is None:
            self._set_state(RunState.IDLE)  # stopped before a single snapshot: nothing ran
            return
        self._set_state(RunState.FINISHED)
        self.run_finished.emit(self.latest)

    def _set_state(self, state: RunState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state.value)

    @Slot(object)
    def _on_snapshot(self, snapshot: TrainingSnapshot) -> None:
        self.latest = snapshot
        if self._state == RunState.LOADING:
            self._set_state(RunState.RUNNING)
        self.snapshot_received.emit(snapshot)

    @Slot(object)
    def _on_finished(self, snapshot: TrainingSnapshot) -> None:
        self._end_thread()
        self.latest = snapshot
        self.snapshot_received.emit(snapshot)
        self._set_state(RunState.FINISHED)
        if snapshot.diverged:
            self.run_failed.emit(f"Training diverged: {snapshot.reason}.")
        self.run_finished.emit(snapshot)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end_thread()
        self._set_state(RunState.FINISHED)
        self.run_failed.emit(message)

    def _end_thread(self) -> None:
        """The worker has returned from run(): let its thread finish (keeps the run's config)."""
        self._run.worker_thread.quit()
        self._run.worker_thread.wait()



def wait_for_retired_runs(seconds: float) -> bool:
    """Wait up to `seconds` in all for the retired runs' threads; True when all have ended.

    Threads still running then are left to os._exit at interpreter exit (_exit_if_busy)."""
    deadline = time.monotonic() + seconds
    for run in list(_RETIRED):
        left_ms = max(0, round(1000 * (deadline - time.monotonic())))
        if run.worker_thread.wait(left_ms):
            _RETIRED.discard(run)
    return not _RETIRED


@atexit.register
def _exit_if_busy() -> None:
    """At interpreter exit, a worker thread still inside a long NumPy call would make Qt abort
    ("QThread: Destroyed while thread is still running") when Python frees it: end the process
    first. Registered after PySide6's own exit handler, so it runs before it."""
    if any(run.worker_thread.isRunning() for run in _RETIRED):
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        os._exit(0)
