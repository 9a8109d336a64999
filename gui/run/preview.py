"""The untrained network of the current settings, measured off the GUI thread.

The book's figures 6-10 to 6-14 show the *initial* activations, and a class should see what a
fresh network does before it trains: on open and on Reset the window asks for a preview, which
loads the data set and builds the network on a BackgroundJob (a full-size data set takes about
a second), pushes one batch forward and measures the accuracy at epoch 0.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from functools import partial

from PySide6.QtCore import QObject, Signal, Slot

from engine.config import RunConfig
from engine.data import Dataset
from engine.playground import playground_frame
from engine.stopping import StopCheck
from engine.trainer import TrainingSnapshot, build_trainer
from gui.run.background import CLOSE_WAIT_S, BackgroundJob


@dataclass(frozen=True)
class NetworkPreview:
    """The snapshot (iteration 0, with histograms) of ``config``'s untrained network."""

    config: RunConfig
    dataset: Dataset | None
    snapshot: TrainingSnapshot


def preview_network(config: RunConfig, data_dir: str | None, dataset: Dataset | None,
                    should_stop: StopCheck | None = None) -> NetworkPreview:
    """Build the run ``config`` describes and take its first snapshot (slow: a background job;
    StopRequestedError between two layers or measured batches once ``should_stop()``)."""
    trainer = build_trainer(config, data_dir, dataset, should_stop=should_stop)
    snapshot = trainer.snapshot(histograms=True)
    if trainer.dataset.plane_points() is not None:  # the Playground's plane, before any run
        snapshot = replace(snapshot, playground=playground_frame(trainer.net, trainer.dataset))
    return NetworkPreview(config, dataset, snapshot)


class NetworkPreviewer(QObject):
    """``request(config)`` starts a preview; ``ready(NetworkPreview)`` follows on the GUI thread
    for the latest request only. A preview that fails (a data set not downloaded yet) shows
    nothing: Start reports the problem when the user asks for it."""

    ready = Signal(object)

    def __init__(self, parent: QObject | None = None, data_dir: str | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._jobs: list[BackgroundJob] = []
        self._closed = False
        self._superseded = threading.Event()  # the running previews' stop flag

    def request(self, config: RunConfig, dataset: Dataset | None = None) -> None:
        """Preview ``config``; the previews still running are not wanted any more: they stop
        at their next layer or measured batch (a 10x4096 network takes half a minute)."""
        if self._closed:
            return
        self._superseded.set()
        self._superseded = threading.Event()
        self._jobs = [job for job in self._jobs if job.is_running()]
        job = BackgroundJob(partial(preview_network, config, self._data_dir, dataset,
                                    self._superseded.is_set), self)
        job.succeeded.connect(self._on_succeeded)
        self._jobs.append(job)
        job.start()

    def shutdown(self, deadline: float | None = None) -> None:
        """Deliver nothing more and join the jobs still running until ``deadline``
        (time.monotonic(); default CLOSE_WAIT_S from now) in all: the window does, before it
        closes (a closed window must not rebuild its plots). One budget for every job: each
        Start and Reset asks for a preview, and a 10x4096 network takes seconds to build, so
        joining each for CLOSE_WAIT_S kept the window from closing for seconds."""
        self._closed = True
        self._superseded.set()
        if deadline is None:
            deadline = time.monotonic() + CLOSE_WAIT_S
        for job in self._jobs:
            job.wait(max(0.0, deadline - time.monotonic()))

    @Slot(object)
    def _on_succeeded(self, preview: NetworkPreview) -> None:
        if not self._closed and self._jobs and self.sender() is self._jobs[-1]:
            self.ready.emit(preview)
