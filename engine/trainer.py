"""The training loop: shuffled mini-batches, integer epochs, snapshots of copies.

The trainer is step-level and silent: it never prints, sleeps or emits. The terminal trainer
and the dashboard's worker thread both drive it through ``step()``, ``run()`` and ``snapshot()``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.config import RunConfig, TrainConfig
from engine.data import Dataset, load_dataset
from engine.experiments import shared_histograms
from engine.features import with_features
from engine.network import MultiLayerNet
from engine.playground import PlaygroundFrame
from engine.stopping import StopCheck
from engine.subsets import training_subset

# (epoch index, position in the epoch, batch size) -> (batch_x, batch_t): a mini-batch source
# shared by several trainers (engine/compare.py), so they all see the same batches.
BatchSource = Callable[[int, int, int], tuple[np.ndarray, np.ndarray]]

__all__ = [
    "LayerHistogram", "StepResult", "TrainConfig", "Trainer", "TrainingSnapshot", "build_trainer",
]

# A cross-entropy this large means the correct class got probability below e**-1000: the
# weights have blown up even if float32 has not overflowed yet (the book's clipped loss tops
# out at -log(1e-7) = 16.1). Such a run is as diverged as one whose loss is NaN.
EXPLODED_LOSS = 1000.0


@dataclass(frozen=True)
class StepResult:
    """What one mini-batch did: the iteration it was (1-based), the epoch it fell in, its loss."""

    iteration: int
    epoch: int
    loss: float
    finished: bool


@dataclass(frozen=True)
class LayerHistogram:
    """The distribution of one hidden layer's values: ``counts`` (bins,), ``edges`` (bins + 1,).

    Every finite value is counted: ``below`` values under ``edges[0]`` are included in the
    first bin and ``above`` values over ``edges[-1]`` in the last (the plot marks those bins).
    """

    counts: np.ndarray
    edges: np.ndarray
    below: int = 0
    above: int = 0

    @property
    def fractions(self) -> np.ndarray:
        """The counts as fractions of all values (bins,), so layers of any width compare."""
        return self.counts / max(int(self.counts.sum()), 1)


@dataclass(frozen=True)
class TrainingSnapshot:
    """The state of a run at one moment; every array is a copy the receiver may keep.

    ``losses`` holds the losses of iterations ``losses_offset .. iteration - 1`` (all of them by
    default), so a receiver that keeps its own history can ask only for the new ones.
    ``train_acc`` and ``test_acc`` have one entry per epoch, index 0 measured before training.
    ``epoch_loss`` is *the* loss of the run at this moment, the one figure every display shows:
    the mean of the mini-batch losses of the epoch in progress (of the last epoch, at an
    epoch's end; NaN before the first step). It is computed from every loss of the epoch, so
    it does not depend on which losses a snapshot carries.
    """

    iteration: int
    epoch: int
    epochs: int
    iterations_per_epoch: int
    total_iterations: int
    losses: np.ndarray
    losses_offset: int
    train_acc: np.ndarray
    test_acc: np.ndarray
    histograms: tuple[LayerHistogram, ...] | None
    pre_histograms: tuple[LayerHistogram, ...] | None
    elapsed: float
    samples_per_second: float
    diverged: bool
    reason: str | None
    finished: bool
    notice: str | None = None  # something the user should know about the run (Trainer.notice)
    epoch_loss: float = math.nan
    playground: PlaygroundFrame | None = None  # the Playground tab's grids, when asked for

    @property
    def progress(self) -> float:
        """Fraction of the planned iterations done, 0..1."""
        return self.iteration / self.total_iterations if self.total_iterations else 1.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the pace so far; None before the pace is known."""
        if self.iteration == 0 or self.elapsed <= 0:
            return None
        return (self.total_iterations - self.iteration) * self.elapsed / self.iteration


class Trainer:
    """Trains ``net`` on ``dataset`` with mini-batch gradient descent as ``config`` says.

    Each epoch visits a fresh permutation of the training set in ``n // batch_size`` batches
    (without replacement; the few samples left over land in a later epoch's batches). A loss
    that turns NaN or infinite, or explodes past ``EXPLODED_LOSS``, ends the run with
    ``diverged`` set and a reason.
    """

    def __init__(self, net: MultiLayerNet, dataset: Dataset, config: TrainConfig, *,
                 batches: BatchSource | None = None,
                 should_stop: StopCheck | None = None) -> None:
        """``should_stop`` is asked between the batches of the first accuracy measurement
        (a big network takes ~30 s for it): StopRequestedError once it is true."""
        dataset = training_subset(dataset, config)
        n_train = len(dataset.x_train)
        if n_train == 0:
            raise ValueError(f"the data set '{dataset.name}' has no training samples")
        self.net = net
        self.dataset = dataset
        self.config = config
        self.optimizer = config.create_optimizer()
        # Every optimizer is elementwise, so it can update all parameters at once through the
        # network's flat buffers: a few NumPy calls per step instead of a few per array.
        self._all_params = {"all": net.flat_params}
        self._all_grads = {"all": net.flat_grads}
        self._rng = np.random.default_rng(config.seed)
        self.batch_size = min(config.batch_size, n_train)
        self.notice = (
            f"batch size {config.batch_size:,} is more than the {n_train:,} training samples, "
            "so each batch is all of them"
            if config.batch_size > n_train else None
        )
        self.iterations_per_epoch = n_train // self.batch_size
        self.total_iterations = self.iterations_per_epoch * config.epochs
        if config.max_iterations is not None:
            self.total_iterations = min(self.total_iterations, config.max_iterations)
        self.epochs = -(-self.total_iterations // self.iterations_per_epoch)  # ceil
        self._losses = np.zeros(self.total_iterations, dtype=np.float32)
        self._train_acc: list[float] = []
        self._test_acc: list[float] = []
        self._train_eval, self._test_eval = self._evaluation_subsets()
        self._order = np.arange(n_train)
        self._batches = batches  # None: the trainer shuffles its own order from config.seed
        self.iteration = 0
        self.epoch = 0
        self.elapsed = 0.0
        self.reason: str | None = None
        self._evaluate(should_stop)

    @property
    def finished(self) -> bool:
        return self.iteration >= self.total_iterations or self.diverged

    @property
    def epoch_index(self) -> int:
        """The 0-based epoch the next mini-batch falls in."""
        return self.iteration // self.iterations_per_epoch

    @property
    def diverged(self) -> bool:
        return self.reason is not None

    def set_lr(self, lr: float) -> None:
        """Change the learning rate between steps (the dashboard's live control)."""
        if not (isinstance(lr, int | float) and math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a positive number, got {lr!r}")
        self.optimizer.lr = lr

    def step(self) -> StepResult:
        """Train on one mini-batch; evaluate accuracies when it completes an epoch."""
        if self.finished:
            raise RuntimeError("this run has finished; build a new Trainer to train again")
        started = time.perf_counter()
        position = self.iteration % self.iterations_per_epoch
        if self._batches is not None:
            batch_x, batch_t = self._batches(self.epoch_index, position, self.batch_size)
        else:
            if position == 0:
                self._rng.shuffle(self._order)
            batch = self._order[position * self.batch_size:(position + 1) * self.batch_size]
            # Fancy indexing into a fresh array beats np.take(..., out=) into a reused one (37 vs
            # 52 us for 100 x 784): rewriting an array the BLAS threads have just read costs more.
            batch_x, batch_t = self.dataset.x_train[batch], self.dataset.t_train[batch]
        # Overflow inside a diverging network is expected here; the loss check reports it.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            loss = self.net.loss_and_gradient(batch_x, batch_t)[0]
            if math.isfinite(loss):
                self.optimizer.update(self._all_params, self._all_grads)
        self._losses[self.iteration] = loss
        self.iteration += 1
        if not loss < EXPLODED_LOSS:  # also true for NaN
            what = "NaN" if math.isnan(loss) else f"{loss:.3g}"
            self.reason = (
                f"the loss became {what} at iteration {self.iteration}: the learning rate "
                f"{self.optimizer.lr:g} is too high for this network; lower it (for example "
                "by 10x) and train again"
            )
        elif (self.iteration % self.iterations_per_epoch == 0
              or self.iteration == self.total_iterations):  # max_iterations ends mid-epoch
            self.epoch += 1
            self._evaluate()
        self.elapsed += time.perf_counter() - started
        return StepResult(self.iteration, self.epoch, float(loss), self.finished)

    def run(self, on_snapshot: Callable[[TrainingSnapshot], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> TrainingSnapshot:
        """Train to the end (or until ``should_stop()`` is true), reporting once per epoch."""
        while not self.finished and not (should_stop and should_stop()):
            result = self.step()
            epoch_done = result.iteration % self.iterations_per_epoch == 0
            if on_snapshot and (epoch_done or self.finished):
                on_snapshot(self.snapshot())
        return self.snapshot()

    def snapshot(self, *, histograms: bool = False, losses_from: int = 0) -> TrainingSnapshot:
        """A frozen picture of the run; arrays are copies. ``histograms`` costs a few ms."""
        losses_from = min(max(losses_from, 0), self.iteration)
        seconds = self.elapsed
        samples = self.iteration * self.batch_size
        return TrainingSnapshot(
            iteration=self.iteration,
            epoch=self.epoch,
            epochs=self.epochs,
            iterations_per_epoch=self.iterations_per_epoch,
            total_iterations=self.total_iterations,
            losses=self._losses[losses_from:self.iteration].copy(),
            losses_offset=losses_from,
            train_acc=np.array(self._train_acc),
            test_acc=np.array(self._test_acc),
            histograms=self._histograms(self.net.activations) if histograms else None,
            pre_histograms=(
                self._histograms(self.net.pre_activations, pre=True) if histograms else None
            ),
            elapsed=seconds,
            samples_per_second=samples / seconds if seconds > 0 else 0.0,
            diverged=self.diverged,
            reason=self.reason,
            finished=self.finished,
            notice=self.notice,
            epoch_loss=self.epoch_loss(),
        )

    def epoch_loss(self) -> float:
        """The mean mini-batch loss of the current epoch so far (the last complete epoch right
        at its end); NaN before the first step. Averaged in float64 so the figure is the same
        whoever computes it."""
        if self.iteration == 0:
            return math.nan
        start = (self.iteration - 1) // self.iterations_per_epoch * self.iterations_per_epoch
        return float(self._losses[start:self.iteration].mean(dtype=np.float64))

    def _evaluation_subsets(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """Fixed train/test subsets for per-epoch accuracy, bounded by ``eval_samples``."""
        limit = self.config.eval_samples
        rng = np.random.default_rng(self.config.seed + 1)
        subsets = []
        for x, t in ((self.dataset.x_train, self.dataset.t_train),
                     (self.dataset.x_test, self.dataset.t_test)):
            if limit is not None and len(x) > limit:
                chosen = np.sort(rng.choice(len(x), size=limit, replace=False))
                x, t = x[chosen], t[chosen]
            subsets.append((x, t))
        return tuple(subsets)

    def _evaluate(self, should_stop: StopCheck | None = None) -> None:
        test_x, test_t = self._test_eval
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            train_acc = self.net.accuracy(*self._train_eval, should_stop=should_stop)
            test_acc = (self.net.accuracy(test_x, test_t, should_stop=should_stop)
                        if len(test_x) else math.nan)
        self._train_acc.append(train_acc)
        self._test_acc.append(test_acc)

    def _histograms(self, layers: list[np.ndarray], *, pre: bool = False
                    ) -> tuple[LayerHistogram, ...]:
        """One histogram per hidden layer of the last training batch, all on one range.

        Activations use a range that suits the activation (sigmoid (0, 1), tanh (-1, 1), ReLU
        [0, upper quantile of the widest layer]); pre-activations a range symmetric about 0.
        Before the first step no batch has gone through the network yet: the first batch of
        the training set goes forward in test mode (no dropout mask, no batchnorm statistics
        or random numbers used up), so the untrained network's histograms show (figure 6-10).
        """
        if self.iteration == 0 and not layers:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                self.net.predict(self.dataset.x_train[:self.batch_size], train=False)
            layers = self.net.pre_activations if pre else self.net.activations
        kind = "identity" if pre else self.net.activation
        return tuple(LayerHistogram(*histogram)
                     for histogram in shared_histograms(kind, layers))


def build_trainer(run_config: RunConfig, data_dir: str | None = None,
                  dataset: Dataset | None = None, *,
                  should_stop: StopCheck | None = None) -> Trainer:
    """Load the data set and build the network and trainer a RunConfig describes (on
    ``dataset``, the user's own data, instead of the set it names when given).

    Loading a full-size data set takes about a second, and a big network half a minute: call
    this off the GUI thread. ``should_stop`` is asked between the layers of the build and the
    batches of the first measurement (StopRequestedError once it is true).
    """
    if dataset is None:
        dataset = load_dataset(run_config.dataset, data_dir=data_dir,
                               seed=run_config.train.seed, params=run_config.dataset_params)
    dataset = with_features(dataset, run_config.features)
    net = run_config.network.build(
        dataset.x_train.shape[1], dataset.classes, seed=run_config.train.seed,
        should_stop=should_stop,
    )
    return Trainer(net, dataset, run_config.train, should_stop=should_stop)
