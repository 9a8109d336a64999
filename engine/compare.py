"""Lockstep comparisons: K runs on the same mini-batches, one step of each at a time.

The book teaches chapter 6 by comparison (four optimizers on the same batches, figure 6-9;
three weight inits, 6-15; ...). A ``Comparison`` makes such curves differ only by what the
configs differ in: every run draws its batches from one shuffled order (one permutation per
epoch, from the comparison's seed), runs with the same network config and seed start from the
same weights, and each ``step()`` trains every unfinished run on one mini-batch. A run that
diverges stops alone; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.config import ConfigError, RunConfig
from engine.data import Dataset, load_dataset
from engine.subsets import training_subset
from engine.trainer import StepResult, Trainer, TrainingSnapshot

__all__ = ["Comparison", "ComparisonSnapshot", "SharedBatches"]


class SharedBatches:
    """One shuffled order of a training set, shared by every run of a comparison.

    Epoch e visits permutation e of ``range(n)``, drawn in turn from ``seed``; a run with batch
    size b takes its batch p from positions ``p*b .. (p+1)*b`` of it. The last batch gathered
    is kept, so K runs on the same batch gather it once.
    """

    def __init__(self, dataset: Dataset, seed: int) -> None:
        self.dataset = dataset
        self._rng = np.random.default_rng(seed)
        self._orders: dict[int, np.ndarray] = {}
        self._drawn = 0
        self._last_key: tuple[int, int, int] | None = None
        self._last_batch: tuple[np.ndarray, np.ndarray] | None = None

    def order(self, epoch: int) -> np.ndarray:
        """The permutation epoch ``epoch`` (0-based) visits; later ones are drawn on demand."""
        while self._drawn <= epoch:
            self._orders[self._drawn] = self._rng.permutation(len(self.dataset.x_train))
            self._drawn += 1
        return self._orders[epoch]

    def forget_before(self, epoch: int) -> None:
        """Drop the orders of epochs no run will visit again (memory stays bounded)."""
        for passed in [key for key in self._orders if key < epoch]:
            del self._orders[passed]

    def __call__(self, epoch: int, position: int, batch_size: int
                 ) -> tuple[np.ndarray, np.ndarray]:
        key = (epoch, position, batch_size)
        if key != self._last_key:
            indices = self.order(epoch)[position * batch_size:(position + 1) * batch_size]
            self._last_batch = self.dataset.x_train[indices], self.dataset.t_train[indices]
            self._last_key = key
        return self._last_batch


@dataclass(frozen=True)
class ComparisonSnapshot:
    """Every run of a comparison at one moment: ``runs[i]`` is run ``labels[i]``'s snapshot.

    ``lead`` is the run with the most planned iterations, whose progress is the comparison's.
    The comparison has diverged only when every run has.
    """

    labels: tuple[str, ...]
    runs: tuple[TrainingSnapshot, ...]

    @property
    def iteration(self) -> int:
        return max(run.iteration for run in self.runs)

    @property
    def lead(self) -> TrainingSnapshot:
        return max(self.runs, key=lambda run: run.total_iterations)

    @property
    def finished(self) -> bool:
        return all(run.finished for run in self.runs)

    @property
    def diverged(self) -> bool:
        return all(run.diverged for run in self.runs)

    @property
    def reason(self) -> str | None:
        return next((run.reason for run in self.runs if run.reason), None)


@dataclass(frozen=True)
class ComparedRun:
    """One run of a comparison: its label, its configuration and its trainer."""

    label: str
    config: RunConfig
    trainer: Trainer


class Comparison:
    """K runs trained in lockstep on identical batches.

    ``run_configs``: RunConfigs, or (label, RunConfig) pairs. They must train on the same data
    set and samples (``dataset`` overrides the one they name, e.g. a folder the user opened)
    and, unless ``allow_batch_sizes``, with the same batch size. ``seed`` (default: the first
    run's) fixes the shared batch order.
    """

    def __init__(self, run_configs: Sequence[RunConfig | tuple[str, RunConfig]],
                 dataset: Dataset | None = None, *, seed: int | None = None,
                 allow_batch_sizes: bool = False, data_dir: str | None = None) -> None:
        labelled = [item if isinstance(item, tuple) else (f"run {number}", item)
                    for number, item in enumerate(run_configs, start=1)]
        if not labelled:
            raise ConfigError("a comparison needs at least one run")
        configs = [config for _, config in labelled]
        _check_comparable(configs, dataset is not None, allow_batch_sizes)
        first = configs[0]
        if dataset is None:
            dataset = load_dataset(first.dataset, data_dir=data_dir, seed=first.train.seed)
        self.dataset = dataset
        self.seed = first.train.seed if seed is None else seed
        self.batches = SharedBatches(training_subset(dataset, first.train), self.seed)
        self.runs = [
            ComparedRun(label, config, Trainer(
                config.network.build(dataset.features, dataset.classes, seed=config.train.seed),
                dataset, config.train, batches=self.batches))
            for label, config in labelled
        ]

    @property
    def labels(self) -> list[str]:
        return [run.label for run in self.runs]

    @property
    def trainers(self) -> list[Trainer]:
        return [run.trainer for run in self.runs]

    @property
    def finished(self) -> bool:
        return all(trainer.finished for trainer in self.trainers)

    @property
    def iteration(self) -> int:
        """Steps taken so far (a run that stopped early stays behind)."""
        return max(trainer.iteration for trainer in self.trainers)

    def step(self) -> list[StepResult]:
        """One mini-batch for every unfinished run; a finished run reports where it stopped."""
        if self.finished:
            raise RuntimeError("every run of this comparison has finished")
        results = [trainer.step() if not trainer.finished else _standing(trainer)
                   for trainer in self.trainers]
        self.batches.forget_before(min(trainer.epoch_index for trainer in self.trainers))
        return results

    def run(self, on_epoch: Callable[[int, str, TrainingSnapshot], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> list[TrainingSnapshot]:
        """Train every run to its end; ``on_epoch(index, label, snapshot)`` after each of a
        run's epochs (and when it diverges)."""
        while not self.finished and not (should_stop and should_stop()):
            before = [(trainer.finished, trainer.epoch) for trainer in self.trainers]
            self.step()
            for index, (run, (done, epoch)) in enumerate(zip(self.runs, before, strict=True)):
                trainer = run.trainer
                if on_epoch and not done and (trainer.epoch != epoch or trainer.diverged):
                    on_epoch(index, run.label, trainer.snapshot())
        return self.snapshot()

    def snapshot(self, *, histograms: bool = False,
                 losses_from: int = 0) -> list[TrainingSnapshot]:
        """One TrainingSnapshot (of copies) per run, in the order the runs were given, with
        the losses from iteration ``losses_from`` on (none for a run that stopped before)."""
        return [trainer.snapshot(histograms=histograms, losses_from=losses_from)
                for trainer in self.trainers]

    def comparison_snapshot(self, *, histograms: bool = False,
                            losses_from: int = 0) -> ComparisonSnapshot:
        """``snapshot()`` with the labels, as one object (what the dashboard's worker sends)."""
        return ComparisonSnapshot(tuple(self.labels),
                                  tuple(self.snapshot(histograms=histograms,
                                                      losses_from=losses_from)))


def _standing(trainer: Trainer) -> StepResult:
    """Where a finished run stands, as the StepResult of its last step."""
    last = trainer.snapshot(losses_from=trainer.iteration - 1).losses
    return StepResult(trainer.iteration, trainer.epoch, float(last[-1]) if len(last) else
                      float("nan"), True)


def _check_comparable(configs: list[RunConfig], own_dataset: bool,
                      allow_batch_sizes: bool) -> None:
    """ConfigError unless the runs can share one batch order."""
    first = configs[0]
    for config in configs[1:]:
        if not own_dataset and config.dataset != first.dataset:
            raise ConfigError(f"runs in a comparison train on one data set, got "
                              f"'{first.dataset}' and '{config.dataset}'")
        same_samples = (config.train.train_samples, config.train.validation_fraction,
                        config.train.seed if config.train.validation_fraction else 0)
        if same_samples != (first.train.train_samples, first.train.validation_fraction,
                            first.train.seed if first.train.validation_fraction else 0):
            raise ConfigError("runs in a comparison train on the same samples: their "
                              "'train_samples' and 'validation_fraction' must agree")
        if not allow_batch_sizes and config.train.batch_size != first.train.batch_size:
            raise ConfigError(f"runs in a comparison use one batch size, got "
                              f"{first.train.batch_size} and {config.train.batch_size}")
