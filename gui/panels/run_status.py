"""The status bar's content: why Start is disabled, the run's state and figures, a progress bar."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from engine.trainer import TrainingSnapshot
from gui.run.controller import RunState
from gui.widgets.form_panel import ERROR_COLOUR

STATE_TEXT = {
    RunState.IDLE: "Ready",
    RunState.LOADING: "Loading data...",
    RunState.RUNNING: "Training",
    RunState.PAUSED: "Paused",
    RunState.FINISHED: "Finished",
}
PROGRESS_STEPS = 1000


def format_duration(seconds: float | None) -> str:
    """'4.2 s', '1:42', '12:05' or '1:02:03'; '-' when unknown."""
    if seconds is None or not math.isfinite(seconds):
        return "-"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_snapshot(snapshot: TrainingSnapshot, loss: float | None) -> str:
    """One line of figures: epoch, iteration, loss, accuracies, speed, elapsed time, ETA."""
    parts = [
        f"Epoch {snapshot.epoch}/{snapshot.epochs}",
        f"Iteration {snapshot.iteration:,}/{snapshot.total_iterations:,}",
        f"Loss {loss:.4g}" if loss is not None else "Loss -",
        f"Train {100 * snapshot.train_acc[-1]:.1f}%",
        f"Test {100 * snapshot.test_acc[-1]:.1f}%",
        f"{snapshot.samples_per_second:,.0f} samples/s",
        f"Elapsed {format_duration(snapshot.elapsed)}",
    ]
    if not snapshot.finished:  # a finished (or diverged) run has nothing left to wait for
        parts.append(f"ETA {format_duration(snapshot.eta_seconds)}")
    if snapshot.notice:  # first, or a narrow window would clip it away
        parts.insert(0, f"Note: {snapshot.notice}")
    return "   |   ".join(parts)


class RunStatus(QWidget):
    """Goes into the status bar; the window feeds it states, snapshots and problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.problem_label.setToolTip("Why Start is disabled.")
        self.state_label = QLabel(STATE_TEXT[RunState.IDLE])
        self.state_label.setToolTip("What the training is doing.")
        self.figures_label = QLabel()
        self.figures_label.setToolTip("Figures of the current run, updated live.")
        # a long line must not force a minimum window width: let it be clipped instead
        self.figures_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setMaximumWidth(220)
        self.progress.setToolTip("Share of the planned mini-batches done.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self.figures_label, 1)
        layout.addWidget(self.progress)
        self._loss: float | None = None
        self._snapshot: TrainingSnapshot | None = None

    def show_problem(self, problem: str | None) -> None:
        self.problem_label.setText(f"Cannot start: {problem}" if problem else "")
        self.problem_label.setVisible(bool(problem))

    def show_state(self, state: RunState, snapshot: TrainingSnapshot | None = None) -> None:
        text = STATE_TEXT[state]
        if state == RunState.FINISHED and snapshot is not None and snapshot.diverged:
            text = "Diverged"
        elif state == RunState.FINISHED and snapshot is not None and not snapshot.finished:
            text = "Stopped"
        self.state_label.setText(f"<b>{text}</b>")

    def show_snapshot(self, snapshot: TrainingSnapshot) -> None:
        """Keep the snapshot; ``refresh`` (the frame timer) shows it."""
        if len(snapshot.losses):
            self._loss = float(np.mean(snapshot.losses))
        self._snapshot = snapshot

    def refresh(self) -> None:
        """Show the latest snapshot's figures, once per frame at most."""
        if self._snapshot is not None:
            self.figures_label.setText(format_snapshot(self._snapshot, self._loss))
            self.progress.setValue(round(PROGRESS_STEPS * self._snapshot.progress))
            self._snapshot = None

    def clear(self) -> None:
        self._loss = None
        self._snapshot = None
        self.figures_label.clear()
        self.progress.setValue(0)
