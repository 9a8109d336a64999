"""What a loaded network scores: its test accuracy on the data set selected in the window.

File > Load weights gives a network for inference; the lecturer wants to see at once how good
it is. The data set may need loading (full MNIST takes about a second), so ``accuracy_report`` runs
on a background thread (gui.background) and returns one sentence for the message banner.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.data import Dataset
from engine.network import MultiLayerNet


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
