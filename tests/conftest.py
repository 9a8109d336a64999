"""Shared test setup: headless Qt and small fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
