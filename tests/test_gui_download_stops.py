"""The download dialog stops at once: Cancel and closing the window end a transfer from a
slow or silent mirror within a second, leave no partial file and no running thread; a
silent mirror is named in the dialog and the next mirror delivers. 127.0.0.1 only."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from slow_mirror import BIG_FILE, FILES, SUMS, SlowMirror

from engine import download
from gui.dialogs.download_dialog import DownloadDialog
from gui.main_window import MainWindow

WAIT_MS = 10_000


@pytest.fixture
def mirror(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with SlowMirror() as server:
        yield server


def part_files(folder):
    return [path.name for path in folder.rglob("*.part")]


def started_dialog(qtbot, tmp_path, mirrors, checksums=SUMS, timeout=30):
    dialog = DownloadDialog("mnist", dest_dir=tmp_path, mirrors=mirrors, checksums=checksums,
                            timeout=timeout)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    return dialog


@pytest.mark.parametrize("kind", ["trickle", "silent"])
def test_cancel_ends_the_transfer_within_a_second(qtbot, tmp_path, mirror, kind):
    dialog = started_dialog(qtbot, tmp_path, [mirror.url(kind)])
    qtbot.waitUntil(lambda: mirror.hits[f"/{kind}/{BIG_FILE}"] == 1, timeout=WAIT_MS)
    qtbot.wait(200)  # mid-transfer (trickle) or waiting for an answer (silent)

    pressed = time.monotonic()
    with qtbot.waitSignal(dialog.cancelled, timeout=WAIT_MS):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    latency = time.monotonic() - pressed

    assert latency < 1.0, f"cancel took {latency:.2f} s"
    assert not dialog.isVisible() and not dialog.is_running()
    assert list((tmp_path / "mnist").iterdir()) == []


def test_a_silent_mirror_is_named_and_the_next_one_delivers(qtbot, tmp_path, mirror):
    dialog = started_dialog(qtbot, tmp_path, [mirror.url("silent"), mirror.url("ok")],
                            checksums={BIG_FILE: SUMS[BIG_FILE]}, timeout=1.0)
    shown = []
    dialog.worker.notice.connect(shown.append)
    with qtbot.waitSignal(dialog.downloaded, timeout=WAIT_MS):
        pass
    assert len(shown) == 1 and mirror.host() in shown[0] and "sent nothing for 1 s" in shown[0]
    assert (tmp_path / "mnist" / BIG_FILE).read_bytes() == FILES[BIG_FILE]
    assert part_files(tmp_path) == []


def test_closing_the_window_stops_a_download_at_once(qtbot, tmp_path, mirror, monkeypatch,
                                                      gui_settings):
    """Before: the close blocked for the network timeout and aborted with 'QThread:
    Destroyed while thread nndash-download-mnist is still running', leaving a .part file."""
    monkeypatch.setenv(download.MIRROR_ENV, mirror.url("trickle"))
    monkeypatch.setitem(download.CHECKSUMS, "mnist", SUMS)
    window = MainWindow(settings=gui_settings, data_dir=str(tmp_path))
    qtbot.addWidget(window)
    window.show()
    dialog = window.downloads.get("mnist")
    dialog.start_button.click()  # the dialog asks first, with the size
    qtbot.waitUntil(lambda: bool(part_files(tmp_path)), timeout=WAIT_MS)

    started = time.monotonic()
    window.close()
    elapsed = time.monotonic() - started

    assert elapsed < 1.0, f"closing took {elapsed:.2f} s"
    assert not dialog.is_running() and not dialog.thread.isRunning()
    assert part_files(tmp_path) == []
