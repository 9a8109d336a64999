"""The status bar's content: why Start is disabled, the run's state and figures, a progress bar."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from engine.trainer import TrainingSnapshot
from gui.run.controller import RunState
from gui.widgets.forms.form_panel import ERROR_COLOUR

STATE_TEXT = {
    RunState.IDLE: "Ready",
    RunState.LOADING: "Loading data...",
    RunState.RUNNING: "Training",
    RunState.PAUSED: "Paused",
    RunState.FINISHED: "Finished",
}
PROGRESS_STEPS = 1000
FIGURES_TIP = ("Figures of the current run, updated live. Loss: the mean mini-batch loss of "
               "the epoch so far (the figure the terminal trainer prints). Train and test "
               "accuracy: measured at the end of the epoch named. Elapsed and samples/s: "
               "wall-clock time spent training, pace waits included, pauses not.")


def format_duration(seconds: float | None) -> str:
    """'4.2 s', '1:42', '12:05' or '1:02:03'; '-' when unknown."""
    if seconds is None or not math.isfinite(seconds):
        return "-"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_accuracies(snapshot: TrainingSnapshot) -> str:
    """'Train 91.2%  Test 90.4% (epoch 3)': accuracies are measured at an epoch's end, so
    mid-epoch they are the last finished epoch's, and the label says which."""
    measured_after = len(snapshot.train_acc) - 1
    when = f"epoch {measured_after}" if measured_after else "before training"
    return (f"Train {100 * snapshot.train_acc[-1]:.1f}%  Test {100 * snapshot.test_acc[-1]:.1f}%"
            f" ({when})")


def format_snapshot(snapshot: TrainingSnapshot, elapsed: float, *, running: bool) -> str:
    """One line of figures: epoch, iteration, the loss (``snapshot.epoch_loss``, as the CLI
    prints it), accuracies, the training rate and wall-clock ``elapsed`` seconds, and the ETA
    while ``running`` (paused or finished, there is no honest one)."""
    loss = snapshot.epoch_loss
    samples = snapshot.samples_per_second * snapshot.elapsed  # samples trained so far
    parts = [
        f"Epoch {snapshot.epoch}/{snapshot.epochs}",
        f"Iteration {snapshot.iteration:,}/{snapshot.total_iterations:,}",
        f"Loss {loss:.4f} (epoch mean)" if math.isfinite(loss) else "Loss -",
        format_accuracies(snapshot),
        f"{samples / elapsed:,.0f} samples/s" if elapsed > 0 else "- samples/s",
        f"Elapsed {format_duration(elapsed)}",
    ]
    if running and not snapshot.finished and snapshot.iteration and elapsed > 0:
        left = snapshot.total_iterations - snapshot.iteration
        parts.append(f"ETA {format_duration(left * elapsed / snapshot.iteration)}")
    if snapshot.notice:  # first, or a narrow window would clip it away
        parts.insert(0, f"Note: {snapshot.notice}")
    return "  |  ".join(parts)


class RunClock:
    """Wall-clock seconds a run has been training: pace waits count, pauses do not (so the
    training rate and the ETA are what the class actually sees)."""

    def __init__(self, now: Callable[[], float] = time.perf_counter) -> None:
        self._now = now
        self._total = 0.0
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def seconds(self) -> float:
        extra = self._now() - self._since if self._since is not None else 0.0
        return self._total + extra

    def run(self) -> None:
        if self._since is None:
            self._since = self._now()

    def hold(self) -> None:
        if self._since is not None:
            self._total += self._now() - self._since
            self._since = None

    def reset(self) -> None:
        self._total, self._since = 0.0, None


ELIDED_MINIMUM_CHARACTERS = 6


class ElidedLabel(QLabel):
    """A one-line label that ends in '...' when squeezed, instead of forcing the status bar
    (and the window) wider than the screen; the tooltip keeps the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * ELIDED_MINIMUM_CHARACTERS, metrics.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignVCenter), text)


class RunStatus(QWidget):
    """Goes into the status bar; the window feeds it states, snapshots and problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem_label = ElidedLabel()
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.state_label = QLabel(STATE_TEXT[RunState.IDLE])
        self.state_label.setToolTip("What the training is doing.")
        self.figures_label = ElidedLabel()
        self.figures_label.setToolTip(FIGURES_TIP)
        # a long line must not force a minimum window width: it ends in '...' instead
        self.figures_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setMaximumWidth(220)
        self.progress.setMinimumWidth(40)  # squeezed, the bar shrinks rather than the window
        self.progress.setToolTip("Share of the planned mini-batches done.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self.figures_label, 1)
        layout.addWidget(self.progress)
        self.clock = RunClock()
        self._latest: TrainingSnapshot | None = None
        self._dirty = False

    def show_problem(self, problem: str | None) -> None:
        self.problem_label.setText(f"Cannot start: {problem}" if problem else "")
        self.problem_label.setToolTip(f"Why Start is disabled: {problem}" if problem else "")
        self.problem_label.setVisible(bool(problem))

    def show_state(self, state: RunState, snapshot: TrainingSnapshot | None = None) -> None:
        text = STATE_TEXT[state]
        if state == RunState.FINISHED and snapshot is not None and snapshot.diverged:
            text = "Diverged"
        elif state == RunState.FINISHED and snapshot is not None and not snapshot.finished:
            text = "Stopped"
        self.state_label.setText(f"<b>{text}</b>")
        if state == RunState.RUNNING:
            self.clock.run()
        else:
            self.clock.hold()
        self._dirty = self._latest is not None  # the ETA comes and goes with the state
        self.refresh()

    def show_snapshot(self, snapshot: TrainingSnapshot) -> None:
        """Keep the snapshot; ``refresh`` (the frame timer) shows it."""
        self._latest = snapshot
        self._dirty = True

    def refresh(self) -> None:
        """Show the latest snapshot's figures, once per frame at most."""
        if self._dirty:
            self._dirty = False
            text = format_snapshot(self._latest, self.clock.seconds, running=self.clock.running)
            self.figures_label.setText(text)
            self.figures_label.setToolTip(f"{text}\n\n{FIGURES_TIP}")
            self.progress.setValue(round(PROGRESS_STEPS * self._latest.progress))

    def clear(self) -> None:
        self.clock.reset()
        self._latest = None
        self._dirty = False
        self.figures_label.clear()
        self.progress.setValue(0)
