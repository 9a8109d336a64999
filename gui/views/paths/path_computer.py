"""The optimizer paths of the paths view, computed off the GUI thread when they are long.

One update of a 2-vector costs ~50 us of Python, so six optimizers over 2,000 steps take
~0.5 s: far too long for the GUI thread, and a drag of the start point asks again at every
mouse move. Short requests (the book's 30 steps) are computed at once, so the view answers
in the same event; long ones go to one daemon thread that always takes the latest request
and drops the rest, and a result that a newer request has overtaken is never shown.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from engine.optimizers import create_optimizer
from engine.paths import optimizer_path
from engine.surfaces import Surface

SYNC_PATH_STEPS = 1200
"""Requests up to this many updates in all (~50 ms on a busy 2-core machine) run at once."""


@dataclass(frozen=True)
class PathRequest:
    """Which paths to compute: one per optimizer name, each with its learning rate."""

    surface: Surface
    learning_rates: Mapping[str, float]
    start: tuple[float, float]
    steps: int
    gradient: str

    @property
    def total_steps(self) -> int:
        return self.steps * len(self.learning_rates)


def compute_paths(request: PathRequest) -> dict[str, np.ndarray]:
    """Every path of the request: name -> (steps + 1, 2) array, NaN rows after a divergence."""
    return {
        name: optimizer_path(request.surface, create_optimizer(name, lr=lr), request.start,
                             request.steps, request.gradient)
        for name, lr in request.learning_rates.items()
    }


class PathComputer(QObject):
    """``request(PathRequest)`` returns the paths at once when the request is short; else it
    returns None and ``computed(paths)`` follows on the GUI thread, unless a newer request
    came meanwhile. ``is_busy()`` tells whether a long request is still being computed."""

    computed = Signal(object)
    _ready = Signal(int, object)  # generation, paths: from the thread to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._generation = 0  # of the newest request; only its paths are ever shown
        self._pending: tuple[int, PathRequest] | None = None
        self._delivered = 0
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._ready.connect(self._on_ready)

    def request(self, request: PathRequest) -> dict[str, np.ndarray] | None:
        short = request.total_steps <= SYNC_PATH_STEPS
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._pending = None if short else (generation, request)
        if short:
            self._delivered = generation
            return compute_paths(request)
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="nndash-paths",
                                            daemon=True)
            self._thread.start()
        self._wake.set()
        return None

    def is_busy(self) -> bool:
        return self._delivered != self._generation

    def _serve(self) -> None:
        """The thread's body: compute the newest pending request, forever."""
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                job, self._pending = self._pending, None
            if job is not None:
                generation, request = job
                self._ready.emit(generation, compute_paths(request))

    @Slot(int, object)
    def _on_ready(self, generation: int, paths: dict[str, np.ndarray]) -> None:
        if generation == self._generation:  # not overtaken by a newer request
            self._delivered = generation
            self.computed.emit(paths)
