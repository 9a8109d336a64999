"""The download dialog against a local HTTP server on 127.0.0.1 (never the internet):
success, a wrong checksum, a dropped connection, cancel, no network."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from idx_samples import gzip_idx_files, md5_sums
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from engine import download
from engine.data import load_dataset
from gui.dialogs.download_dialog import DownloadActions, DownloadDialog

HELD_BYTES = 70_000  # more than one 64 KiB chunk of the download, less than the images file
WAIT_MS = 10_000


# 200 train images of random pixels (~157 kB: they do not compress) span several chunks.
FILES = gzip_idx_files(n_train=200, n_test=20)
MD5 = md5_sums(FILES)
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"


class Mirror(ThreadingHTTPServer):
    """Serves FILES; ``mode`` 'ok', 'drop' (closes halfway through the train images) or
    'hold' (sends HELD_BYTES of the train images, then waits for ``release``)."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), MirrorHandler)
        self.mode = "ok"
        self.release = threading.Event()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"


class MirrorHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the stdlib's name
        name = self.path.lstrip("/")
        data = FILES.get(name)
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        mode = self.server.mode if name == TRAIN_IMAGES else "ok"
        if mode == "drop":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        elif mode == "hold":
            self.wfile.write(data[:HELD_BYTES])
            self.wfile.flush()
            self.server.release.wait(WAIT_MS / 1000)
            self.wfile.write(data[HELD_BYTES:])
        else:
            self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def mirror():
    server = Mirror()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def _dialog(qtbot, tmp_path, mirrors, checksums=MD5):
    dialog = DownloadDialog("mnist", dest_dir=tmp_path, mirrors=mirrors, checksums=checksums,
                            timeout=5)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _leftovers(tmp_path):
    """Temp files of interrupted transfers (hidden names) anywhere under tmp_path."""
    return [path.name for path in tmp_path.rglob(".*")]


def test_success_fills_the_bars_and_the_files_load(qtbot, tmp_path, mirror):
    dialog = _dialog(qtbot, tmp_path, [mirror.url])
    with qtbot.waitSignal(dialog.downloaded, timeout=WAIT_MS) as done:
        dialog.start()

    assert done.args == [tmp_path / "mnist"]
    assert sorted(p.name for p in (tmp_path / "mnist").iterdir()) == sorted(FILES)
    assert all(bar.value() == bar.maximum() for bar in dialog.bars.values())
    assert "ready" in dialog.status.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Close) is not None
    assert not dialog.is_running()
    dataset = load_dataset("mnist", data_dir=tmp_path)
    assert (len(dataset.x_train), len(dataset.x_test)) == (200, 20)


def test_a_wrong_checksum_is_reported_and_no_file_stays(qtbot, tmp_path, mirror):
    wrong = {**MD5, TRAIN_IMAGES: "0" * 32}
    dialog = _dialog(qtbot, tmp_path, [mirror.url], checksums=wrong)
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as failed:
        dialog.start()

    assert "wrong checksum" in failed.args[0]
    assert dialog.status.text() == failed.args[0]
    assert dialog.bars[TRAIN_IMAGES].text() == "not downloaded"
    assert not (tmp_path / "mnist" / TRAIN_IMAGES).exists()
    assert _leftovers(tmp_path) == []
    assert dialog.isVisible()  # the message stays until the user closes it


def test_a_dropped_connection_is_reported_and_no_partial_file_stays(qtbot, tmp_path, mirror):
    mirror.mode = "drop"
    dialog = _dialog(qtbot, tmp_path, [mirror.url])
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as failed:
        dialog.start()

    assert "dropped" in failed.args[0]
    assert not (tmp_path / "mnist" / TRAIN_IMAGES).exists()
    assert _leftovers(tmp_path) == []


def test_cancel_stops_the_transfer_and_closes_the_dialog(qtbot, tmp_path, mirror):
    mirror.mode = "hold"
    dialog = _dialog(qtbot, tmp_path, [mirror.url])
    dialog.start()
    bar = dialog.bars[TRAIN_IMAGES]
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=WAIT_MS)  # mid-file, the server holds

    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.status.text() == "Cancelling..."
    with qtbot.waitSignal(dialog.cancelled, timeout=WAIT_MS):
        mirror.release.set()

    assert not dialog.isVisible() and not dialog.is_running()
    assert list((tmp_path / "mnist").iterdir()) == []


def test_no_network_says_so_in_one_sentence(qtbot, tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    dialog = _dialog(qtbot, tmp_path, [closed])
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as failed:
        dialog.start()

    message = failed.args[0]
    assert message.startswith("Could not reach any mirror") and "check the network" in message
    assert message.count(". ") == 0 and message.endswith(".")

    shown = dialog.status.text()  # for people: one sentence, no host names or flags
    assert shown.count(". ") == 0 and "127.0.0.1" not in shown and "--mirror" not in shown
    assert "Retry" in shown and "Open folder" in shown
    retry = [b for b in dialog.buttons.buttons() if b.text() == "Retry"]
    with qtbot.waitSignal(dialog.retry_requested):
        retry[0].click()


def test_the_data_menu_action_downloads_into_the_data_folder(qtbot, tmp_path, mirror,
                                                             monkeypatch):
    monkeypatch.setenv(download.MIRROR_ENV, mirror.url)
    monkeypatch.setitem(download.CHECKSUMS, "mnist", MD5)
    actions = DownloadActions(None, data_dir=tmp_path)

    actions.actions["mnist"].trigger()
    asking = actions.dialogs["mnist"]
    assert "about 11.6 MB" in asking.status.text() and not asking.is_running()  # asks first
    with qtbot.waitSignal(actions.dataset_downloaded, timeout=WAIT_MS) as done:
        asking.start_button.click()

    assert done.args == ["mnist"]
    dialog = actions.dialogs["mnist"]
    qtbot.addWidget(dialog)
    assert sorted(p.name for p in (tmp_path / "mnist").iterdir()) == sorted(FILES)

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: asked.append(args) or QMessageBox.StandardButton.No)
    assert actions.get("mnist") is None  # already here, and the user declines
    assert len(asked) == 1 and actions.dialogs["mnist"] is dialog
