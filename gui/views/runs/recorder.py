"""Collects a run's losses from its snapshots, so the history gets the whole curve.

The worker sends only the losses not sent before; the recorder keeps them (per run of a
comparison) and, when the run finishes, makes one history result per run.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.compare import ComparisonSnapshot
from engine.compare_results import run_record
from engine.config import RunConfig
from engine.data import Dataset
from engine.trainer import TrainingSnapshot


class RunRecorder:
    """``start(runs)``, ``add(snapshot)`` for each snapshot, then ``finish(final)``."""

    def __init__(self) -> None:
        self._runs: list[tuple[str, RunConfig]] = []
        self._losses: list[list[np.ndarray]] = []
        self._folder: Dataset | None = None

    def start(self, runs: list[tuple[str, RunConfig]], folder: Dataset | None = None) -> None:
        """``folder``: the user's own data the runs train on instead of the set they name."""
        self._runs = list(runs)
        self._losses = [[] for _ in runs]
        self._folder = folder

    def add(self, snapshot: TrainingSnapshot | ComparisonSnapshot) -> None:
        parts = snapshot.runs if isinstance(snapshot, ComparisonSnapshot) else (snapshot,)
        for losses, part in zip(self._losses, parts, strict=False):
            if len(part.losses):
                losses.append(part.losses)

    def finish(self, final: TrainingSnapshot | ComparisonSnapshot
               ) -> list[tuple[str, RunConfig, dict]]:
        """(label, config, result) per run, with every loss of the run; ``final`` must have
        gone through ``add`` (the controller sends it as a snapshot before run_finished)."""
        parts = final.runs if isinstance(final, ComparisonSnapshot) else (final,)
        finished = []
        for (label, config), losses, part in zip(self._runs, self._losses, parts, strict=False):
            whole = np.concatenate(losses) if losses else np.empty(0, dtype=np.float32)
            complete = replace(part, losses=whole, losses_offset=0)
            record = run_record(label, config, complete)
            if self._folder is not None:
                record["dataset"] = f"folder {self._folder.title}"
            finished.append((label, config, record))
        self._runs, self._losses = [], []
        return finished
