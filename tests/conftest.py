"""Shared test setup: headless Qt and small fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# --- dashboard (gui) fixtures -------------------------------------------------------------
import sys  # noqa: E402 - appended section; the platform line above must stay first

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _survive_pyside_reference_leak():
    """PySide6 6.12.0 drops references to None/True on Python 3.11 (gui/pyside_workaround.py);
    without this a long GUI test session aborts with 'Fatal Python error: none_dealloc'."""
    if "PySide6" in sys.modules:
        from gui.pyside_workaround import protect

        protect()


@pytest.fixture
def gui_settings(tmp_path):
    """Settings in a fresh INI file, so no test reads or writes the user's (or another test's)."""
    from PySide6.QtCore import QSettings

    from gui.settings import Settings

    return Settings(QSettings(str(tmp_path / "nndash.ini"), QSettings.Format.IniFormat))
