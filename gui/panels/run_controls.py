"""The run actions (Start, Pause/Resume, Step, Stop, Reset), their shortcuts and the tool bar.

The actions live on the main window with a window-wide shortcut context, so a key works
wherever the focus is (a plot, a button) - except in text fields, which keep the keys they
type (Qt asks the focused line edit first). Space is one extra action that starts, pauses or
resumes, depending on the state.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QStyle, QToolBar

from gui.run.controller import RunState

SPACE = QKeySequence(Qt.Key.Key_Space)
PAUSE_TEXTS = ("Pause", "Resume")


class RunControls(QObject):
    """Creates the actions on ``window``; the window connects their ``triggered`` signals."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        icon = window.style().standardIcon
        pixmap = QStyle.StandardPixmap
        self.start = self._action(window, "Start", icon(pixmap.SP_MediaPlay), [],
                                  "Build a fresh network and train it (Space).")
        self._pause_icon = icon(pixmap.SP_MediaPause)
        self._resume_icon = icon(pixmap.SP_MediaPlay)
        self.pause = self._action(window, "Pause", self._pause_icon, [],
                                  "Pause or resume the training (Space).")
        self.step = self._action(window, "Step", icon(pixmap.SP_MediaSkipForward),
                                 [QKeySequence(Qt.Key.Key_S), QKeySequence(Qt.Key.Key_Right)],
                                 "Train exactly one mini-batch, then pause (S or Right).")
        self.stop = self._action(window, "Stop", icon(pixmap.SP_MediaStop),
                                 [QKeySequence(Qt.Key.Key_Escape)],
                                 "End the run and keep its plots (Esc).")
        self.reset = self._action(window, "Reset", icon(pixmap.SP_BrowserReload),
                                  [QKeySequence(Qt.Key.Key_R)],
                                  "End the run and clear the plots (R).")
        self.start_or_pause = self._action(window, "Start / Pause", icon(pixmap.SP_MediaPlay),
                                           [SPACE], "Start, pause or resume (Space).")
        self.toolbar = QToolBar("Run")
        self.toolbar.setObjectName("run-toolbar")  # saveState needs a name
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.start, self.pause, self.step, self.stop, self.reset])
        self._start_allowed = True
        self._watching_pause_button = False
        self._keys = {action: action.shortcuts() for action in
                      (self.start_or_pause, self.step, self.stop, self.reset)}

    def add_pace_control(self, combo: QComboBox) -> None:
        """Put the pace choice on the tool bar, after the run buttons: always in view."""
        self.toolbar.addSeparator()
        label = QLabel(" Pace ")
        label.setToolTip(combo.toolTip())
        self.toolbar.addWidget(label)
        self.toolbar.addWidget(combo)

    def fit_pause_button(self) -> None:
        """Keep the Pause button as wide as 'Resume' needs, so the buttons after it never
        shift when it changes its text (call again after a font change)."""
        button = self.toolbar.widgetForAction(self.pause)
        if button is None:
            return
        if not self._watching_pause_button:
            button.installEventFilter(self)  # to fit it again when its font has changed
            self._watching_pause_button = True
        metrics = button.fontMetrics()
        longest = max(metrics.horizontalAdvance(text) for text in PAUSE_TEXTS)
        extra = longest - metrics.horizontalAdvance(self.pause.text())
        button.setMinimumWidth(button.sizeHint().width() + extra)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:  # after the button has measured itself anew
            QTimer.singleShot(0, self, self.fit_pause_button)
        return False

    def keys_of(self, action: QAction) -> list[QKeySequence]:
        """The keys of ``action``, also while ``set_keys_active(False)`` switched them off."""
        return self._keys.get(action, action.shortcuts())

    def set_keys_active(self, active: bool) -> None:
        """Switch the keys off while another view (the optimizer paths) uses them, so they
        never drive a run the user cannot see; the buttons and menu entries keep working."""
        for action, keys in self._keys.items():
            action.setShortcuts(keys if active else [])

    @staticmethod
    def _action(window: QMainWindow, text: str, icon, shortcuts: list[QKeySequence],
                tooltip: str) -> QAction:
        action = QAction(icon, text, window)
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tooltip)
        window.addAction(action)  # shortcuts work even for actions not on the tool bar
        return action

    def set_start_problem(self, problem: str | None) -> None:
        """Disable Start while the settings are unusable; its tooltip then says why."""
        self._start_allowed = problem is None
        self.start.setToolTip(f"Cannot start: {problem}" if problem else
                              "Build a fresh network and train it (Space).")

    def update_state(self, state: RunState) -> None:
        """Enable what makes sense in ``state``; Pause reads Resume while paused."""
        active = state in (RunState.LOADING, RunState.RUNNING, RunState.PAUSED)
        self.start.setEnabled(not active and self._start_allowed)
        self.pause.setEnabled(active)
        paused = state == RunState.PAUSED
        self.pause.setText("Resume" if paused else "Pause")
        self.pause.setIcon(self._resume_icon if paused else self._pause_icon)
        self.fit_pause_button()
        self.step.setEnabled(active or self._start_allowed)
        self.stop.setEnabled(active)
        self.start_or_pause.setEnabled(active or self._start_allowed)
