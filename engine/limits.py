"""How big a network nndash builds: the setup panel's limits, checked before anything is allocated.

The same limits hold for a network typed into the panel, read from a configuration file or
described inside a weights file, so no file can make nndash ask for more memory than a user
could by typing.
"""

from __future__ import annotations

import reprlib
from numbers import Integral

MAX_HIDDEN_LAYERS = 10
MAX_LAYER_WIDTH = 4096
MAX_PARAMETERS = 160_000_000
"""The largest network the panel allows on 28x28 images, 784-10x4096-10, has 154 million
parameters (616 MB in float32, about four times that with gradients and optimizer state)."""
MAX_WEIGHTS_BYTES = 9 * MAX_PARAMETERS
"""A weights file of that network in float64 (8 bytes a value) with room for its buffers."""


class NetworkTooLargeError(ValueError):
    """A network shape beyond the limits above; the message says which limit and by how much."""


def check_hidden_sizes(sizes: tuple[int, ...]) -> None:
    """At most MAX_HIDDEN_LAYERS widths, each in [1, MAX_LAYER_WIDTH]."""
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise NetworkTooLargeError(
            f"hidden layers: at most {MAX_HIDDEN_LAYERS} layers, got {len(sizes)}")
    for size in sizes:
        if not 1 <= size <= MAX_LAYER_WIDTH:
            raise NetworkTooLargeError(
                f"hidden layers: each width must be between 1 and {MAX_LAYER_WIDTH}, got {size}")


def parameter_count(widths: list[int], batchnorm: bool = False) -> int:
    """Weights and biases of the Affine layers between ``widths`` (input, hidden..., output),
    plus gamma and beta per hidden unit with batch norm: sum of n_in * n_out + n_out."""
    count = sum(n_in * n_out + n_out for n_in, n_out in zip(widths[:-1], widths[1:], strict=True))
    return count + (2 * sum(widths[1:-1]) if batchnorm else 0)


def check_network_size(input_size: object, hidden_sizes: object, output_size: object,
                       batchnorm: object = False) -> None:
    """NetworkTooLargeError (a ValueError) unless the shape is whole numbers within the limits;
    pure arithmetic on the sizes, so a bogus shape costs nothing to refuse."""
    if isinstance(hidden_sizes, str | bytes) or not isinstance(hidden_sizes, list | tuple):
        raise NetworkTooLargeError(
            f"hidden layers: expected a list of widths, got {reprlib.repr(hidden_sizes)}")
    if len(hidden_sizes) > MAX_HIDDEN_LAYERS:
        check_hidden_sizes(tuple(hidden_sizes))  # says how many layers are too many
    widths = [input_size, *hidden_sizes, output_size]
    if not all(isinstance(n, Integral) and not isinstance(n, bool) and n >= 1 for n in widths):
        raise NetworkTooLargeError(
            f"layer sizes must be positive whole numbers, got {reprlib.repr(widths)}")
    check_hidden_sizes(tuple(int(n) for n in hidden_sizes))
    count = parameter_count([int(n) for n in widths], bool(batchnorm))
    if count > MAX_PARAMETERS:
        raise NetworkTooLargeError(
            f"a {'-'.join(map(str, widths))} network has {count:,} parameters; "
            f"nndash builds at most {MAX_PARAMETERS:,}")
