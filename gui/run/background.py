"""One slow function (loading a data set, measuring a loaded network) off the GUI thread.

The window must never freeze, so anything that may take more than a frame runs on a plain
Python thread; its result comes back as a signal, which Qt queues into the GUI thread because
the job object lives there. Expected failures (a bad file) arrive as a message for the user.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from engine.data import DatasetError
from engine.stopping import StopRequestedError

CLOSE_WAIT_S = 0.5  # closing the window waits this long for a job; the thread is a daemon


class BackgroundJob(QObject):
    """Runs ``function()`` once on its own thread: ``succeeded(result)`` or ``failed(message)``
    (for DatasetError, OSError and ValueError; any other exception as an 'unexpected error'
    message) follow on the GUI thread. ``wait()`` joins it for CLOSE_WAIT_S at most (the
    window does, before it closes: a daemon thread never holds the process up)."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, function: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._thread = threading.Thread(target=self._run, name="nndash-job", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, seconds: float = CLOSE_WAIT_S) -> None:
        if self._thread.is_alive():
            self._thread.join(seconds)

    def _run(self) -> None:
        try:
            result = self._function()
        except StopRequestedError:
            return  # whoever asked it to stop wants no result
        except (DatasetError, OSError, ValueError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug must reach the user, not end the thread silently
            self.failed.emit(f"unexpected error: {type(error).__name__}: {error}")
        else:
            self.succeeded.emit(result)
