"""What a loaded network scores: its test accuracy on the data set selected in the window.

File > Load weights gives a network for inference; the lecturer wants to see at once how good
it is. The data set may need loading (full MNIST takes about a second), so ``InferenceRunner``
runs ``accuracy_report`` on a background thread (gui.run.background); the one sentence it returns
goes to the message banner.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal, Slot

from engine.data import Dataset, load_dataset
from engine.network import MultiLayerNet
from gui.panels.data_panel import DataPanel
from gui.run.background import BackgroundJob


def describe_network(net: MultiLayerNet) -> str:
    """'784-100-100-10 relu' style summary of a network's shape."""
    sizes = [net.input_size, *net.hidden_sizes, net.output_size]
    return f"{'-'.join(map(str, sizes))} {net.activation}"


def accuracy_report(net: MultiLayerNet, load: Callable[[], Dataset]) -> str:
    """The test accuracy of ``net`` on ``load()``, or why it cannot be measured there."""
    data = load()
    shape = describe_network(net)
    if (net.input_size, net.output_size) != (data.features, data.classes):
        return (f"The loaded {shape} network does not fit {data.title}: it takes "
                f"{net.input_size} inputs and tells {net.output_size} classes apart, the data "
                f"set has {data.features} inputs and {data.classes} classes. Select a data set "
                f"of that shape to measure it.")
    if len(data.x_test) == 0:
        return f"{data.title} has no test samples to measure the loaded {shape} network on."
    accuracy = net.accuracy(data.x_test, data.t_test)
    return (f"The loaded {shape} network classifies {100 * accuracy:.2f}% of the "
            f"{len(data.x_test):,} test samples of {data.title} correctly.")


class InferenceRunner(QObject):
    """Measures a loaded network on the data set selected in the Data panel (the user's folder
    if one is open), off the GUI thread. A new measurement replaces a running one, whose
    result is then dropped (the GUI thread never waits for it). ``report(sentence)`` or
    ``failed(message)`` follow on the GUI thread; ``wait()`` joins a running measurement
    for a moment at most (the window does, before it closes)."""

    report = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QObject, data_panel: DataPanel,
                 data_dir: str | None = None) -> None:
        super().__init__(parent)
        self._data_panel = data_panel
        self._data_dir = data_dir
        self._job: BackgroundJob | None = None

    @Slot(object)
    def measure(self, net: MultiLayerNet) -> None:
        if self._job is not None:  # an older network's score would be wrong now: drop it
            self._job.succeeded.disconnect(self._on_succeeded)
            self._job.failed.disconnect(self._on_failed)
        folder = self._data_panel.folder_dataset()
        load = (partial(_given, folder) if folder is not None else
                partial(load_dataset, self._data_panel.dataset, data_dir=self._data_dir))
        self._job = BackgroundJob(partial(accuracy_report, net, load), self)
        self._job.succeeded.connect(self._on_succeeded)
        self._job.failed.connect(self._on_failed)
        self._job.start()

    def wait(self) -> None:
        if self._job is not None:
            self._job.wait()

    @Slot(object)
    def _on_succeeded(self, sentence: str) -> None:
        self.report.emit(sentence)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.failed.emit(f"Cannot measure the loaded network: {message}")


def _given(dataset: Dataset) -> Dataset:
    """A loader for data that is loaded already (the user's folder)."""
    return dataset
