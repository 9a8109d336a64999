"""A seeded monkey for the dashboard: random toolbar actions, keys (the run keys, F9, F10,
F11, Ctrl+= / Ctrl+-, tab switches), valid and invalid text in every field, combo choices,
check boxes, buttons and lists of every tab (Playground, Compare, Labs, Runs, ...), clicks and
drags on the optimizer-paths plot. It records every Python exception (sys.excepthook, which
PySide calls for an exception in a slot, and threading.excepthook) and how long the GUI thread
was busy:

    handler_ms  how long each action's handlers ran (the action is delivered synchronously)
    probe_ms    the longest gap between two ticks of a 10 ms QTimer beyond its interval
                (catches work queued by an action that runs later: snapshots, recomputes)
    stalls      per action, the longest the event loop was blocked from the action until the
                next one (its handler or a probe gap after it, whichever is longer), with the
                GUI thread's CPU time in that block (on a loaded machine the wall time is
                longer) and what the action was

Dialogs never block it: file dialogs and questions answer "cancel" at once, and any dialog an
action opened is closed before the next action.

tests/test_gui_monkey.py asserts on it; bench/reliability_bench.py prints the distribution.
"""

from __future__ import annotations

import random
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QElapsedTimer, QPoint, QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QWidget,
)

PROBE_MS = 10
PAUSE_MS = (0, 15)  # the event loop runs this long (random) between two actions

KEYS = [  # (key, modifiers) as the issue lists them
    (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_S, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_R, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F10, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier),
]
TAB_KEYS = [  # QTabWidget's own keys for the next and the previous tab
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier),
]
CANCELLED_DIALOGS = {  # static dialogs answer at once, as a user pressing Cancel or No
    (QFileDialog, "getOpenFileName"): ("", ""),
    (QFileDialog, "getSaveFileName"): ("", ""),
    (QFileDialog, "getExistingDirectory"): "",
    (QMessageBox, "question"): QMessageBox.StandardButton.No,
    (QMessageBox, "warning"): QMessageBox.StandardButton.Ok,
    (QMessageBox, "critical"): QMessageBox.StandardButton.Ok,
    (QMessageBox, "information"): QMessageBox.StandardButton.Ok,
}

# Text for the setup fields: numbers the panels accept and ones they must refuse politely.
# Hidden widths stay small: the monkey checks responsiveness, not the machine's memory (a
# worker deep in building a big network is tests/test_gui_run_stops.py's and the bench's).
TEXTS = ["", "0", "-1", "1", "3", "10", "0.5", "0.001", "0.1", "1e5", "1e-9", "nan", "inf",
         "-inf", "abc", "1,2", "100,100", "50", "32,16", "200,100,50", "9" * 30, " 7 ", "1e400",
         "0x10", "٣", "1_000", "😀"]


@dataclass
class MonkeyReport:
    """What one monkey run saw."""

    seed: int
    actions: int = 0
    handler_ms: list[float] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)  # (ms, action), top 5
    probe_ms: float = 0.0  # the longest event-loop stall the 10 ms probe saw
    probe_after: str = ""  # the action before that stall
    # per action: (longest block of the event loop in ms, the GUI thread's CPU ms in it, action)
    stalls: list[tuple[float, float, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def max_handler_ms(self) -> float:
        return max(self.handler_ms, default=0.0)

    @property
    def longest_stall(self) -> tuple[float, float, str]:
        return max(self.stalls, default=(0.0, 0.0, ""))


class Monkey:
    """Drives one MainWindow with random actions from ``random.Random(seed)``."""

    def __init__(self, window: QWidget, seed: int) -> None:
        self.window = window
        self.rng = random.Random(seed)
        self.report = MonkeyReport(seed)
        self._probe = QTimer()
        self._probe.setInterval(PROBE_MS)
        self._probe.timeout.connect(self._on_probe)
        self._clock = QElapsedTimer()
        self._last_tick = 0.0
        self._last_cpu = 0.0
        self._stall = (0.0, 0.0)  # the current action's longest block (wall ms, CPU ms)
        self._description = ""
        self._actions: list[tuple[str, Callable[[], None]]] = [
            ("toolbar", self.toolbar_action),
            ("key", self.key),
            ("key", self.key),
            ("tab key", self.tab_key),
            ("tab", self.switch_tab),
            ("button", self.click_button),
            ("list", self.choose_row),
            ("text", self.type_text),
            ("text", self.type_text),
            ("combo", self.choose_combo),
            ("check", self.toggle_check),
            ("plot click", self.click_plot),
            ("plot drag", self.drag_plot),
        ]

    # --- the run -----------------------------------------------------------------------

    def run(self, count: int) -> MonkeyReport:
        previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook
        app_font = QApplication.font()  # Ctrl+= / Ctrl+- change it for the whole process
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        originals = {key: getattr(*key) for key in CANCELLED_DIALOGS}
        for (kind, name), answer in CANCELLED_DIALOGS.items():
            setattr(kind, name, staticmethod(lambda *args, answer=answer, **kw: answer))
        self._clock.start()
        self._last_tick = 0.0
        self._probe.start()
        try:
            for _ in range(count):
                name, action = self.rng.choice(self._actions)
                if name == "plot drag":
                    action()  # times each of its mouse events
                else:
                    self._timed(name, action)
                self._pause(self.rng.randint(*PAUSE_MS))
                self._close_dialogs()
            self._end_stall()
        finally:
            self._probe.stop()
            sys.excepthook, threading.excepthook = previous_hook, previous_thread_hook
            for (kind, name), original in originals.items():
                setattr(kind, name, original)
            QApplication.setFont(app_font)
        return self.report

    def _timed(self, name: str, action: Callable[[], None]) -> None:
        self._end_stall()
        self._description = name
        started, cpu = time.perf_counter(), time.thread_time()
        action()
        elapsed = 1000 * (time.perf_counter() - started)
        self.report.actions += 1
        self.report.handler_ms.append(elapsed)
        self.report.slowest = sorted([*self.report.slowest, (elapsed, self._description)],
                                     reverse=True)[:5]
        self._stall = (elapsed, 1000 * (time.thread_time() - cpu))
        self._last_tick = self._clock.elapsed()  # the action itself is timed above
        self._last_cpu = time.thread_time()

    def _end_stall(self) -> None:
        """Record the finished action's longest block of the event loop."""
        if self._description:
            self.report.stalls.append((*self._stall, self._description))
        self._stall = (0.0, 0.0)

    def _pause(self, ms: int) -> None:
        deadline = time.perf_counter() + ms / 1000
        while True:
            QApplication.processEvents()
            if time.perf_counter() >= deadline:
                return
            time.sleep(0.002)

    def _on_probe(self) -> None:
        now, cpu = self._clock.elapsed(), time.thread_time()
        stall = now - self._last_tick - PROBE_MS
        if stall > self.report.probe_ms:
            self.report.probe_ms, self.report.probe_after = stall, self._description
        if stall > self._stall[0]:
            self._stall = (stall, 1000 * (cpu - self._last_cpu))
        self._last_tick, self._last_cpu = now, cpu

    def _close_dialogs(self) -> None:
        """Close what an action opened (the shortcuts sheet, About): the next action acts on
        the window again."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def _on_exception(self, kind, value, tb) -> None:
        self.report.errors.append("".join(traceback.format_exception(kind, value, tb)))

    def _on_thread_exception(self, args) -> None:
        self._on_exception(args.exc_type, args.exc_value, args.exc_traceback)

    # --- the actions -------------------------------------------------------------------

    def toolbar_action(self) -> None:
        actions = [a for a in self.window.run_controls.toolbar.actions() if a.isEnabled()]
        if actions:
            action = self.rng.choice(actions)
            self._description = f"toolbar {action.text()}"
            action.trigger()

    def key(self) -> None:
        key, modifiers = self.rng.choice(KEYS)
        self._description = f"key {key.name} {modifiers.name}"
        target = QApplication.focusWidget() or self.window
        if isinstance(target, QLineEdit | QAbstractSpinBox | QComboBox):
            target = self.window  # the keys go to the window, not into a field's text
        QTest.keyClick(target, key, modifiers)

    def tab_key(self) -> None:
        key, modifiers = self.rng.choice(TAB_KEYS)
        self._description = f"key {key.name} {modifiers.name} (tabs)"
        QTest.keyClick(self.window.tabs, key, modifiers)

    def click_button(self) -> None:
        """A button of a tab or panel (toolbar actions are toolbar_action's; check boxes are
        toggle_check's)."""
        toolbar = self.window.run_controls.toolbar
        buttons = [b for b in self._visible(QAbstractButton)
                   if not isinstance(b, QCheckBox) and not toolbar.isAncestorOf(b)]
        if buttons:
            button = self.rng.choice(buttons)
            self._description = f"button {button.text() or self._name(button)}"
            button.click()

    def choose_row(self) -> None:
        self._choose(QListWidget, "list", lambda rows, row: rows.item(row).text(),
                     QListWidget.setCurrentRow)

    def switch_tab(self) -> None:
        tabs = self.window.tabs
        index = self.rng.randrange(tabs.count())
        self._description = f"tab {tabs.tabText(index)}"
        tabs.setCurrentIndex(index)

    def type_text(self) -> None:
        fields = self._visible(QLineEdit)
        if not fields:
            return
        line = self.rng.choice(fields)
        text = self.rng.choice(TEXTS)
        self._description = f"text {text!r} in {self._name(line)}"
        line.setFocus()
        line.selectAll()
        if text.isascii():
            QTest.keyClicks(line, text)
        else:  # QTest only types ASCII; insert() goes through the validator as typing does
            line.insert(text)
        QTest.keyClick(line, Qt.Key.Key_Return)

    def choose_combo(self) -> None:
        self._choose(QComboBox, "combo", QComboBox.itemText, QComboBox.setCurrentIndex)

    def _choose(self, kind: type, label: str, text_of: Callable[[QWidget, int], str],
                select: Callable[[QWidget, int], None]) -> None:
        """Pick an entry of a visible combo box or list, as a click on it would."""
        widgets = [w for w in self._visible(kind) if w.count()]
        if widgets:
            widget = self.rng.choice(widgets)
            index = self.rng.randrange(widget.count())
            self._description = f"{label} {self._name(widget)} -> {text_of(widget, index)}"
            select(widget, index)

    def toggle_check(self) -> None:
        checks = self._visible(QCheckBox)
        if checks:
            check = self.rng.choice(checks)
            self._description = f"check {check.text()}"
            check.click()

    def click_plot(self) -> None:
        viewport = self._paths_viewport()
        if viewport is not None:
            self._description = "plot click"
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=self._point(viewport))

    def drag_plot(self) -> None:
        """Press, a few moves, release: each move asks for a recompute from a new start."""
        viewport = self._paths_viewport()
        if viewport is None:
            return
        self._description = "plot drag"
        events = [partial(QTest.mousePress, viewport, Qt.MouseButton.LeftButton,
                          pos=self._point(viewport))]
        events += [partial(QTest.mouseMove, viewport, self._point(viewport))
                   for _ in range(self.rng.randint(2, 8))]
        events.append(partial(QTest.mouseRelease, viewport, Qt.MouseButton.LeftButton,
                              pos=self._point(viewport)))
        for event in events:  # each its own event, as from a real mouse, timed on its own
            self._timed("plot drag", event)
            self._pause(self.rng.randint(0, 16))

    # --- helpers -----------------------------------------------------------------------

    def _visible(self, kind: type) -> list[QWidget]:
        widgets = [w for w in self.window.findChildren(kind) if w.isVisible() and w.isEnabled()]
        if kind is QLineEdit:  # a combo box's own line edit is a choice, not a field
            widgets = [w for w in widgets if not isinstance(w.parent(), QComboBox)]
        return widgets

    def _paths_viewport(self) -> QWidget | None:
        plot = self.window.paths_view.plot
        return plot.viewport() if plot.isVisible() else None

    def _point(self, widget: QWidget) -> QPoint:
        return QPointF(self.rng.uniform(0.05, 0.95) * widget.width(),
                       self.rng.uniform(0.05, 0.95) * widget.height()).toPoint()

    @staticmethod
    def _name(widget: QWidget) -> str:
        return widget.toolTip()[:40] or widget.objectName() or type(widget).__name__
