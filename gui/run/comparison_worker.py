"""The training worker in comparison mode: one thread steps every run of a Comparison in turn.

It is the TrainingWorker (same flags, pace, throttling and signals) driving an
``engine.compare.Comparison`` instead of one Trainer; its snapshots are ComparisonSnapshots
carrying one TrainingSnapshot per run, so pause, step and stop act on the whole comparison.
"""

from __future__ import annotations

from engine.compare import Comparison, ComparisonSnapshot
from engine.config import RunConfig
from engine.network import MultiLayerNet
from gui.run.worker import TrainingWorker

HISTOGRAM_RUNS = 6
"""Layer histograms are drawn for comparisons of up to this many runs (the grid's rows); for
larger ones (the 32 batch-norm runs, 100 trials) they are not computed at all."""


class ComparisonWorker(TrainingWorker):
    """Trains ``runs`` [(label, RunConfig)] in lockstep on the same mini-batches."""

    def __init__(self, runs: list[tuple[str, RunConfig]], run_config: RunConfig,
                 **options) -> None:
        super().__init__(run_config, **options)
        self._runs = list(runs)

    def set_lr(self, lr: float) -> None:
        """Each run of a comparison keeps its own learning rate: the live control is ignored."""

    def network_copy(self) -> MultiLayerNet | None:
        return None  # Save weights is for a single run

    def _build_trainer(self) -> Comparison:  # type: ignore[override]
        return Comparison(self._runs, self._dataset, data_dir=self._data_dir)

    def _take_snapshot(self, trainer: Comparison, histograms: bool,  # type: ignore[override]
                       losses_from: int) -> ComparisonSnapshot:
        return trainer.comparison_snapshot(
            histograms=histograms and len(self._runs) <= HISTOGRAM_RUNS, losses_from=losses_from)

    def _playground_missing(self, trainer: Comparison) -> bool:  # type: ignore[override]
        return False  # the Playground tab draws single runs

    def _playground_frame(self, trainer: Comparison, *,  # type: ignore[override]
                          due: bool) -> None:
        return None
