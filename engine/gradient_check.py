"""The gradient check of chapter 5: backprop against central differences, per parameter array.

It runs on a small float64 copy of a network shape (at most CHECK_MAX_WIDTH units per hidden
layer, CHECK_INPUT_SIZE inputs): central differences cost two forward passes per weight, so on
MNIST's 784 x 100 x 100 network they would take minutes, while backprop takes one pass for all.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from engine.network import MultiLayerNet
from engine.numerical import numerical_gradient, relative_error

CHECK_INPUT_SIZE = 8
CHECK_MAX_WIDTH = 10
CHECK_OUTPUT_SIZE = 4
CHECK_BATCH = 3
BACKPROP_REPEATS = 5  # one pass takes well under a millisecond: a single timing is noise


@dataclass(frozen=True)
class ParameterCheck:
    """One parameter array: its name and shape, the relative error of backprop against
    numerical differences, and how long the numerical gradient of this array took."""

    name: str
    shape: tuple[int, ...]
    relative_error: float
    numerical_seconds: float


@dataclass(frozen=True)
class GradientCheck:
    """The checks of every parameter array and the time of one backprop pass for all of them."""

    network: str  # e.g. "8 → 10 → 10 → 4, relu, he"
    parameters: list[ParameterCheck]
    backprop_seconds: float

    def numerical_seconds(self) -> float:
        return sum(check.numerical_seconds for check in self.parameters)

    def slowdown(self) -> float:
        """How many times longer the numerical gradient took than backprop."""
        return self.numerical_seconds() / max(self.backprop_seconds, 1e-9)

    def worst_error(self) -> float:
        return max(check.relative_error for check in self.parameters)


def check_network(hidden_sizes: tuple[int, ...], *, activation: str = "relu",
                  weight_init: str = "he", init_std: float | None = None,
                  dropout: float = 0.0, batchnorm: bool = False, weight_decay: float = 0.0,
                  seed: int = 0) -> MultiLayerNet:
    """A float64 network of this shape, narrowed to at most CHECK_MAX_WIDTH units per layer.

    Its biases are drawn at random instead of 0: with zero biases a sample whose units are
    all dropped feeds exactly 0 into the next ReLU, whose kink has no derivative (central
    differences give 0.5 there, backprop 0), and the check would fail on a correct network.
    """
    narrow = [min(size, CHECK_MAX_WIDTH) for size in hidden_sizes]
    net = MultiLayerNet(CHECK_INPUT_SIZE, narrow, CHECK_OUTPUT_SIZE, activation=activation,
                         weight_init=weight_init, init_std=init_std, dropout=dropout,
                         batchnorm=batchnorm, weight_decay=weight_decay, seed=seed,
                         dtype=np.float64)
    rng = np.random.default_rng(seed)
    for index in range(1, len(narrow) + 2):
        bias = net.params[f"b{index}"]
        bias[...] = rng.normal(0.0, 0.1, bias.shape)
    return net


def gradient_check(net: MultiLayerNet, seed: int = 0) -> GradientCheck:
    """Compare net.gradient with net.numerical_gradient on a random batch of CHECK_BATCH
    samples; dropout masks are frozen so both see the same network."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((CHECK_BATCH, net.input_size))
    t = rng.integers(0, net.output_size, CHECK_BATCH)
    net.loss(x, t, train=True)  # draws the dropout masks that freezing keeps
    net.freeze_dropout()
    analytic = {name: grad.copy() for name, grad in net.gradient(x, t).items()}
    backprop_seconds = _backprop_seconds(net, x, t)
    checks = []
    for name, param in net.params.items():
        started = time.perf_counter()
        numerical = _numerical_gradient_of(net, name, x, t)
        seconds = time.perf_counter() - started
        checks.append(ParameterCheck(name, param.shape, relative_error(analytic[name], numerical),
                                     seconds))
    net.freeze_dropout(False)
    widths = " → ".join(str(n) for n in (net.input_size, *net.hidden_sizes, net.output_size))
    return GradientCheck(f"{widths}, {net.activation}, {net.weight_init}", checks,
                         backprop_seconds)


@contextmanager
def _buffers_kept(net: MultiLayerNet) -> Iterator[None]:
    """Undo what training-mode passes do to the network's buffers (batch norm's running
    statistics), so every pass of the check sees the same network."""
    saved = {key: buffer.copy() for key, buffer in net.buffers.items()}
    try:
        yield
    finally:
        for key, buffer in net.buffers.items():
            np.copyto(buffer, saved[key])


def _backprop_seconds(net: MultiLayerNet, x: np.ndarray, t: np.ndarray) -> float:
    """The fastest of BACKPROP_REPEATS backprop passes (a collector run or the other
    thread made a single pass read 3x instead of ~300x faster than numerical)."""
    best = float("inf")
    with _buffers_kept(net):
        for _ in range(BACKPROP_REPEATS):
            started = time.perf_counter()
            net.gradient(x, t)
            best = min(best, time.perf_counter() - started)
    return best


def _numerical_gradient_of(net: MultiLayerNet, name: str, x: np.ndarray,
                           t: np.ndarray) -> np.ndarray:
    """Central differences of the loss for one parameter array only (timed on its own)."""
    with _buffers_kept(net):
        return numerical_gradient(lambda _: net.loss(x, t, train=True), net.params[name])
