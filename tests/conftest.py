"""Shared test setup: headless Qt and small fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# As main.py does: one BLAS thread (small matrices; a second thread on a busy machine made the
# training tests ~10x slower). Must run before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


# --- dashboard (gui) fixtures -------------------------------------------------------------
import pytest  # noqa: E402 - appended section; the platform line above must stay first


@pytest.fixture
def gui_settings(tmp_path):
    """Settings in a fresh INI file, so no test reads or writes the user's (or another test's)."""
    from PySide6.QtCore import QSettings

    from gui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "nndash.ini"), QSettings.Format.IniFormat))
    settings.set("run/pace", "full speed")  # a fresh install trains at the lecture pace
    return settings


@pytest.fixture(autouse=True)
def _retired_runs_end_before_the_next_test():
    """A test may leave a retired worker thread inside a slow call: let it end here, so no
    QThread outlives its test (and none is left running when pytest exits)."""
    yield
    import sys

    controller = sys.modules.get("gui.run.controller")
    if controller is not None:
        assert controller.wait_for_retired_runs(120), "a worker thread did not end in 120 s"


@pytest.fixture(autouse=True)
def private_run_history(tmp_path, monkeypatch):
    """The dashboard's run history in a temporary folder (also for subprocesses), never the
    user's data folder."""
    monkeypatch.setenv("NNDASH_HISTORY_DIR", str(tmp_path / "history"))


@pytest.fixture(autouse=True)
def _leftover_windows_closed_after_each_test():
    """Close and delete, in Qt's order, every window a test left open, then collect: garbage
    windows piling up across tests are otherwise freed whenever the collector happens to run,
    children in any order (a segfault seen about once in five full runs)."""
    yield
    import gc
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
