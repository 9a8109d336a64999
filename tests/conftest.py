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

    return Settings(QSettings(str(tmp_path / "nndash.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def private_run_history(tmp_path, monkeypatch):
    """The dashboard's run history in a temporary folder (also for subprocesses), never the
    user's data folder."""
    monkeypatch.setenv("NNDASH_HISTORY_DIR", str(tmp_path / "history"))
