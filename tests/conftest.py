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


@pytest.fixture
def restore_app_font():
    """A larger text scale enlarges the application's font: give the next tests theirs back."""
    from PySide6.QtWidgets import QApplication

    font = QApplication.font()
    yield
    QApplication.setFont(font)


@pytest.fixture
def window(qtbot, gui_settings):
    """The dashboard on screen, with private settings."""
    from gui.main_window import MainWindow

    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


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


def pytest_configure(config):
    """Python's cyclic garbage collector runs only between tests (see the teardown hook below).

    pytest-qt holds a test's widgets by weak reference, and pyqtgraph's items sit in reference
    cycles: collected at whatever moment the collector happened to run (often inside the
    events pytest-qt processes right after a test), a finished test's widgets were freed by
    Python while Qt still laid them out, which raised from dead pyqtgraph items or segfaulted
    (about one full run in four). The app's own GUI-thread collector is idle in tests for the
    same reason; the app itself deletes the plot items it drops through Qt
    (gui/widgets/plots/dropped_items.py)."""
    import gc

    gc.disable()


@pytest.fixture(autouse=True, scope="session")
def _gui_collector_idle_in_tests():
    try:
        from gui.run.gui_gc import GuiThreadCollector
    except ImportError:  # no Qt: engine tests only
        yield
        return
    collect = GuiThreadCollector.collect
    GuiThreadCollector.collect = lambda self: None
    yield
    GuiThreadCollector.collect = collect


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """After pytest-qt has closed the test's widgets: close and delete, in Qt's order, every
    window the test left open, let Qt delete them, and only then collect."""
    result = yield
    import gc
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            for widget in app.topLevelWidgets():
                if widget.isVisible():
                    widget.close()
                widget.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return result
