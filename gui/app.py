"""Entry points of the dashboard for main.py: the window, a smoke test, a screenshot.

Frozen GUI builds have no console (``sys.stderr`` is None), so every message goes through
``_report``. The smoke test and the screenshot use throwaway settings, so they neither depend
on nor change the user's stored window layout and configuration.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    QSocketNotifier,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtWidgets import QApplication

from engine.config import RunConfig
from gui.main_window import MainWindow
from gui.run.controller import RunState
from gui.settings import APPLICATION, ORGANIZATION, Settings
from gui.style import apply_app_font, style_from_settings
from gui.window_state import default_run_config

READY_FILE_ENV = "NNDASH_READY_FILE"
"""If set, the path of a file the dashboard creates once its window is up (for scripts)."""
QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM")
                     if hasattr(signal, name))
SMOKE_TIMEOUT_S = 60.0
SMOKE_SNAPSHOTS = 3
SCREENSHOT_SIZE = (1920, 1080)


def create_app() -> QApplication:
    """The QApplication (created once), named for QSettings, with pyqtgraph configured."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    pg.setConfigOptions(antialias=True)
    return app


def run_app(config: RunConfig | None = None, tab: str | None = None,
            preset: str | None = None) -> int:
    """Open the dashboard (on ``config``, else the last session's settings) until it closes,
    on the tab named ``tab`` if given (2 with a message if there is no such tab), with the
    chapter-6 ``preset`` loaded on the Compare tab if given."""
    app = create_app()
    signals = QuitOnSignals(_quit_like_file_quit, app)  # Ctrl+C from here on quits cleanly
    settings = Settings()
    apply_app_font(app, style_from_settings(settings))  # before the widgets measure their text
    window = MainWindow(config, settings=settings)
    if preset:
        window.load_preset(preset)
    if not _select_tab(window, tab):
        _close(window)
        signals.uninstall()
        return 2
    window.show()
    QTimer.singleShot(0, _announce_ready)
    code = app.exec()
    signals.uninstall()
    return code


class QuitOnSignals(QObject):
    """SIGINT (Ctrl+C in the terminal) and SIGTERM call ``quit_app`` once, from Qt's loop.

    Python runs a signal handler only between two bytecodes of the main thread, and while
    Qt's C++ loop waits for events no Python runs: Ctrl+C would wait for the next Python
    callback and raise KeyboardInterrupt inside it. With ``signal.set_wakeup_fd`` the C-level
    handler also writes a byte to a socket that a QSocketNotifier watches, which wakes the loop;
    the Python handler then runs and schedules ``quit_app`` as an ordinary event. A second
    signal while quitting takes the default action (ends the process at once).
    """

    def __init__(self, quit_app: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit_app = quit_app
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {number: signal.signal(number, self._on_signal)
                          for number in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _on_signal(self, number: int, frame: object) -> None:
        if self.received is not None:  # asked twice: stop waiting for a clean exit
            signal.signal(number, signal.SIG_DFL)
            signal.raise_signal(number)
            return
        self.received = number
        QTimer.singleShot(0, self._quit_app)

    @Slot()
    def _drain(self) -> None:
        """Empty the wake-up socket (the handler itself has run by the time this returns)."""
        try:
            while self._reader.recv(512):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def uninstall(self) -> None:
        """Give the signals back to their previous handlers."""
        self._notifier.setEnabled(False)
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _quit_like_file_quit() -> None:
    """What File > Quit does (close the window: stop the worker, save the settings and
    layout), then leave every event loop, also a message box's."""
    app = QApplication.instance()
    app.closeAllWindows()
    app.quit()


def _announce_ready() -> None:
    path = os.environ.get(READY_FILE_ENV)
    if path:
        Path(path).touch()


def run_smoke_test() -> int:
    """Open the window offscreen, train briefly on the embedded sample, close. 0 when the
    snapshots arrived and the loss went down, else 1 with the reason on stderr."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_app()  # PySide keeps the instance alive (QApplication.instance())
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(_quick_config(), settings=_throwaway_settings(folder))
        window.show()
        snapshots = []
        window.controller.snapshot_received.connect(snapshots.append)
        started = time.perf_counter()
        window.start()
        _wait_until(lambda: not window.controller.is_active(), SMOKE_TIMEOUT_S)
        _close(window)
    problem = _smoke_problem(window.controller.state, snapshots)
    if problem:
        _report(f"smoke test FAILED: {problem}")
        return 1
    last = snapshots[-1]
    _report(f"smoke test passed: {len(snapshots)} snapshots, {last.iteration} iterations, "
            f"test accuracy {100 * last.test_acc[-1]:.1f}% in "
            f"{time.perf_counter() - started:.1f} s")
    return 0


def save_screenshot(path: str | os.PathLike, train_seconds: float = 3.0,
                    config: RunConfig | None = None, tab: str | None = None) -> int:
    """Train for ``train_seconds`` (or until done), then save the window as a PNG at
    1920x1080, showing the tab named ``tab`` (default: Training). 0 on success, 1 with the
    reason on stderr, 2 for a tab that does not exist."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_app()
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(config or default_run_config(), settings=_throwaway_settings(folder))
        if not _select_tab(window, tab):
            _close(window)
            return 2
        window.setWindowState(Qt.WindowState.WindowNoState)  # not maximized on a small screen
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        window.start()
        deadline = time.perf_counter() + train_seconds
        _wait_until(lambda: time.perf_counter() >= deadline
                    or not window.controller.is_active(), train_seconds + SMOKE_TIMEOUT_S)
        # a deep network's histogram plots are built over a few event-loop turns
        _wait_until(lambda: not window.plots.histograms.building, SMOKE_TIMEOUT_S)
        app.processEvents()
        window.refresh_frame()
        app.processEvents()
        saved = window.grab().save(str(path))
        _close(window)
    if not saved:
        _report(f"could not write the screenshot to {path}")
        return 1
    _report(f"screenshot saved to {Path(path).resolve()}")
    return 0


def _select_tab(window: MainWindow, tab: str | None) -> bool:
    """Show the tab named ``tab`` (None: leave it); False, with a message, for an unknown one."""
    if tab is None or window.tabs.select(tab):
        return True
    _report(f"nndash: error: no tab '{tab}'; choose from {', '.join(window.tabs.keys())}")
    return False


def _close(window: MainWindow) -> None:
    """Close (joining the worker) and delete the window now, children in Qt's order, rather
    than whenever Python's garbage collector reaches it and its children in any order."""
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _quick_config() -> RunConfig:
    """The default run, two epochs: enough to see the loss fall, quick enough for CI."""
    config = default_run_config()
    return replace(config, train=replace(config.train, epochs=2))


def _throwaway_settings(folder: str) -> Settings:
    return Settings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))


def _wait_until(done: Callable[[], bool], timeout_s: float) -> None:
    """Run the event loop until ``done()`` is true or the timeout passes."""
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()

    def check() -> None:
        if done() or time.perf_counter() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()


def _smoke_problem(state: RunState, snapshots: list) -> str | None:
    """What went wrong in the smoke run, or None."""
    if state != RunState.FINISHED:
        return f"the run did not finish (state: {state.value})"
    if len(snapshots) < SMOKE_SNAPSHOTS:
        return f"only {len(snapshots)} snapshots arrived"
    final = snapshots[-1]
    if final.diverged:
        return f"the run diverged: {final.reason}"
    losses = np.concatenate([snapshot.losses for snapshot in snapshots])
    quarter = max(len(losses) // 4, 1)
    if not losses[-quarter:].mean() < losses[:quarter].mean():
        return "the loss did not decrease"
    return None


def _report(message: str) -> None:
    """Print to stderr when there is one (frozen GUI builds have none)."""
    if sys.stderr is not None:
        print(message, file=sys.stderr)
