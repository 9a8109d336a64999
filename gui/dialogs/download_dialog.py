"""Data > Get full MNIST / Fashion-MNIST: a progress bar per file, Cancel, and a window that
stays usable meanwhile.

The transfer is ``engine.download.download_dataset`` on a worker thread: a parentless
``DownloadWorker`` moved to a QThread, cancelled through a ``threading.Event`` set directly
from the GUI thread (a queued slot would wait for the transfer to end). The worker's signals
reach bound slots of the dialog, which updates its widgets and re-emits them on the GUI thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from engine.data import DATASETS, dataset_folder, dataset_status
from engine.download import CHECKSUMS, DownloadCancelled, DownloadError, download_dataset

ERROR_COLOUR = "#d93036"
DOWNLOAD_MB = {"mnist": 11.6, "fashion-mnist": 30.9}  # the four gzip files of each set
OFFLINE_TEXT = ("nndash could not reach the download server: check the network and press "
                "Retry, or use files you already have with Data > Open folder...")
# The engine sees a cancel within engine.download.POLL_SECONDS whatever the network does, so
# the thread ends well inside this; the bound only keeps a bug from freezing the window.
STOP_WAIT_MS = 2000


class DownloadWorker(QObject):
    """Downloads one data set when its thread starts ``run``; ends with exactly one of
    ``succeeded(Path)``, ``failed(str)`` or ``cancelled()``. Create it without a parent."""

    progress = Signal(int, int, str)  # bytes done, bytes in the file (0: unknown), file name
    notice = Signal(str)  # a mirror failed and the next one is tried
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, name: str, dest_dir: str | os.PathLike | None, *,
                 mirrors: Iterable[str] | None, checksums: Mapping[str, str] | None,
                 timeout: float) -> None:
        super().__init__()
        self.cancel_event = threading.Event()
        self._name = name
        self._dest_dir = dest_dir
        self._mirrors = mirrors
        self._checksums = checksums
        self._timeout = timeout

    @Slot()
    def run(self) -> None:
        try:
            folder = download_dataset(
                self._name, self._dest_dir, mirrors=self._mirrors, progress=self.progress.emit,
                cancel=self.cancel_event, timeout=self._timeout, checksums=self._checksums,
                notice=self.notice.emit)
        except DownloadCancelled:
            self.cancelled.emit()
        except DownloadError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug must reach the user, not end the thread silently
            self.failed.emit(f"The download stopped on an unexpected error: "
                             f"{type(error).__name__}: {error}")
        else:
            self.succeeded.emit(folder)


class DownloadDialog(QDialog):
    """Shows one download; non-modal, so training and the plots go on meanwhile.

    Signals (GUI thread): ``downloaded(Path)`` with the data set's folder, ``failed(str)``
    with the message shown, ``cancelled()`` once the transfer has stopped and cleaned up.
    ``checksums`` (file name -> md5) and ``mirrors`` replace the engine's (tests, local mirrors);
    ``timeout`` is the seconds of silence after which a mirror is abandoned for the next.
    """

    downloaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    retry_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, *,
                 dest_dir: str | os.PathLike | None = None,
                 mirrors: Iterable[str] | None = None,
                 checksums: Mapping[str, str] | None = None, timeout: float = 15) -> None:
        super().__init__(parent)
        self.name = name
        self.folder = dataset_folder(name, dest_dir)
        title = DATASETS[name].title
        self.setWindowTitle(f"Get {title}")
        self.status = QLabel(f"Downloading {title} into the data folder...")
        self.status.setWordWrap(True)
        self.bars: dict[str, QProgressBar] = {}
        files = QFormLayout()
        for filename in checksums or CHECKSUMS[name]:
            bar = QProgressBar()
            bar.setFormat("waiting")
            bar.setValue(0)
            self.bars[filename] = bar
            files.addRow(filename, bar)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(files)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        self.worker = DownloadWorker(name, dest_dir, mirrors=mirrors, checksums=checksums,
                                     timeout=timeout)
        self.thread = QThread()
        self.thread.setObjectName(f"nndash-download-{name}")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_progress)
        self.worker.notice.connect(self._on_notice)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)

    def ask_to_start(self) -> None:
        """Say what will be downloaded and how big it is; the Download button starts it."""
        title = DATASETS[self.name].title
        self.status.setText(f"Download {title}: {len(self.bars)} files, about "
                            f"{DOWNLOAD_MB.get(self.name, 0):g} MB, into {self.folder}?")
        self.start_button = self.buttons.addButton(
            "Download", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.start_button.setDefault(True)

    @Slot()
    def _on_start_clicked(self) -> None:
        self.buttons.removeButton(self.start_button)
        self.start_button.deleteLater()
        self.status.setText(f"Downloading {DATASETS[self.name].title} into the data folder...")
        self.start()

    def start(self) -> None:
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def cancel(self) -> None:
        """Ask the transfer to stop; ``cancelled`` follows once it has cleaned up."""
        self.worker.cancel_event.set()
        self.status.setText("Cancelling...")
        self.buttons.setEnabled(False)

    def shutdown(self) -> None:
        """Cancel and wait for the thread, which ends within a fraction of a second (the
        window calls this when it closes: a QThread destroyed while running aborts)."""
        if self.is_running():
            self.worker.cancel_event.set()
            self.thread.quit()
            self.thread.wait(STOP_WAIT_MS)

    def reject(self) -> None:
        """Cancel (the button, Esc or closing the dialog) stops a running download first."""
        if self.is_running():
            self.cancel()
        else:
            super().reject()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, filename: str) -> None:
        bar = self.bars[filename]
        if total:
            bar.setRange(0, 1000)
            bar.setValue(round(1000 * done / total))
            bar.setFormat(f"{done / 1e6:.1f} of {total / 1e6:.1f} MB")
        else:  # the server did not say how big the file is
            bar.setRange(0, 0)
            bar.setFormat(f"{done / 1e6:.1f} MB")

    @Slot(str)
    def _on_notice(self, sentence: str) -> None:
        self.status.setText(sentence)

    @Slot(object)
    def _on_succeeded(self, folder: Path) -> None:
        self._end_thread()
        for bar in self.bars.values():
            bar.setRange(0, 1000)
            bar.setValue(1000)
            bar.setFormat("done")
        self.status.setText(f"{DATASETS[self.name].title} is ready in {folder}.")
        self._offer_close()
        self.downloaded.emit(folder)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end_thread()
        for filename, bar in self.bars.items():
            if not (self.folder / filename).is_file():  # only checked files get their name
                bar.setRange(0, 1000)  # a busy bar (size unknown) stops moving
                bar.setValue(0)
                bar.setFormat("not downloaded")
        offline = message.startswith("Could not reach any mirror")  # engine.download's words
        self.status.setText(OFFLINE_TEXT if offline else message)
        self.status.setToolTip(message)  # the details (hosts, errors) for whoever wants them
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};")
        self._offer_close()
        retry = self.buttons.addButton("Retry", QDialogButtonBox.ButtonRole.ActionRole)
        retry.clicked.connect(self._on_retry_clicked)
        self.failed.emit(message)

    @Slot()
    def _on_retry_clicked(self) -> None:
        self.retry_requested.emit()
        self.accept()

    @Slot()
    def _on_cancelled(self) -> None:
        self._end_thread()
        self.cancelled.emit()
        super().reject()

    def _end_thread(self) -> None:
        """The worker has returned from run(): let its thread finish."""
        self.thread.quit()
        self.thread.wait(STOP_WAIT_MS)

    def _offer_close(self) -> None:
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.setEnabled(True)


class DownloadActions(QObject):
    """Data menu entries "Get full MNIST..." and "Get Fashion-MNIST...", one dialog per set.

    ``dataset_downloaded(name)`` fires on the GUI thread when a set's files are in place.
    """

    dataset_downloaded = Signal(str)

    def __init__(self, parent: QWidget, data_dir: str | os.PathLike | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._data_dir = data_dir
        self.dialogs: dict[str, DownloadDialog] = {}
        self.actions: dict[str, QAction] = {}
        for name in ("mnist", "fashion-mnist"):
            title = DATASETS[name].title
            action = QAction(f"Get {'full ' if name == 'mnist' else ''}{title}...", self)
            action.setToolTip(f"Download {title} (4 files, about {DOWNLOAD_MB[name]:g} MB) into "
                              "the data folder; asks first.")
            action.setStatusTip(action.toolTip())
            action.setData(name)
            action.triggered.connect(self._on_action_triggered)
            self.actions[name] = action

    def add_to(self, menu: QMenu) -> None:
        menu.addActions(list(self.actions.values()))

    @Slot()
    def _on_action_triggered(self) -> None:
        self.get(self.sender().data())

    def get(self, name: str) -> DownloadDialog | None:
        """Show the download of ``name``: the running one if any, else a new one (after asking
        whether to download a set that is already available)."""
        running = self.dialogs.get(name)
        if running is not None and running.is_running():
            running.raise_()
            running.activateWindow()
            return running
        available, where = dataset_status(name, self._data_dir)
        if available and not self._download_anyway(name, where):
            return None
        if running is not None:
            running.deleteLater()  # the finished download's dialog
        dialog = DownloadDialog(name, self._parent, dest_dir=self._data_dir)
        dialog.downloaded.connect(self._on_downloaded)
        dialog.retry_requested.connect(self._on_retry_requested)
        self.dialogs[name] = dialog
        dialog.ask_to_start()
        dialog.show()
        return dialog

    @Slot()
    def _on_retry_requested(self) -> None:
        self.get(self.sender().name)

    def _download_anyway(self, name: str, where: str) -> bool:
        answer = QMessageBox.question(
            self._parent, f"{DATASETS[name].title} is already here",
            f"{where}.\nDownload it again into the data folder anyway?")
        return answer == QMessageBox.StandardButton.Yes

    def shutdown(self) -> None:
        """Stop every running download and wait for its thread (on window close)."""
        for dialog in self.dialogs.values():
            dialog.shutdown()

    @Slot(object)
    def _on_downloaded(self, _folder: Path) -> None:
        self.dataset_downloaded.emit(self.sender().name)
