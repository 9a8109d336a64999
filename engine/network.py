"""MultiLayerNet: a fully connected network of any depth, trained by backpropagation.

Each hidden layer is Affine -> [BatchNormalization] -> activation -> [Dropout]; an output Affine
gives the class scores and SoftmaxWithLoss the loss (the book's MultiLayerNetExtend, chapter 6).
"""

import json
import math
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from pathlib import Path
from typing import Any, NamedTuple, Self

import numpy as np
from numpy.lib.npyio import NpzFile
from numpy.typing import DTypeLike

from engine.initializers import init_weight
from engine.layers import (
    ACTIVATIONS,
    Affine,
    BatchNormalization,
    Dropout,
    Layer,
    SoftmaxWithLoss,
)
from engine.limits import MAX_WEIGHTS_BYTES, check_network_size
from engine.numerical import numerical_gradient
from engine.stopping import StopCheck, stop_if_asked

ACCURACY_BATCH = 1000
"""Samples per forward pass in accuracy(): bounds memory on large test sets."""
ACCURACY_WORK = 20_000_000_000
MIN_ACCURACY_BATCH = 100
"""A big network measures fewer samples per pass: about ACCURACY_WORK multiply-adds
(parameters x samples; ~0.5 s for 784-10x4096-10 on a laptop core), but never fewer than
MIN_ACCURACY_BATCH samples, so a stop is answered between two passes within a second."""

FLAT_ALIGNMENT = 16
"""Each array in the flat buffers starts at a multiple of this many elements (64 bytes in
float32, a cache line), so the views are as well aligned for BLAS as separate arrays would be."""

_CONFIG_KEY = "config"  # the array in a saved .npz that holds the constructor kwargs as JSON


class HiddenLayer(NamedTuple):
    """The layers of one hidden layer, in forward order; None where switched off."""

    affine: Affine
    batchnorm: BatchNormalization | None
    activation: Layer
    dropout: Dropout | None


def _check_size(what: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
    return int(value)


def _check_hyperparameters(
    hidden_sizes: object, activation: str, dropout: float, weight_decay: float, seed: object
) -> None:
    """ValueError with a clear message for a value the network cannot be built with."""
    if isinstance(hidden_sizes, str | bytes) or not isinstance(hidden_sizes, Iterable):
        raise ValueError(f"hidden_sizes must be a list of layer widths, got {hidden_sizes!r}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; valid: {', '.join(ACTIVATIONS)}")
    if not (isinstance(dropout, Real) and 0 <= dropout < 1):
        raise ValueError(f"dropout must be a ratio in [0, 1), got {dropout!r}")
    if not (isinstance(weight_decay, Real) and 0 <= weight_decay < math.inf):
        raise ValueError(f"weight_decay must be a number >= 0, got {weight_decay!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
        raise ValueError(f"seed must be an integer or None, got {seed!r}")


class MultiLayerNet:
    """input_size -> hidden_sizes... -> output_size, with softmax cross-entropy loss.

    activation: a name in ACTIVATIONS; weight_init: a name in WEIGHT_INITS ('std' needs
    init_std); dropout: the ratio of hidden units dropped in training (0 = no Dropout layers);
    weight_decay: lambda of the L2 penalty 0.5 * lambda * sum(W**2) over the weight matrices.
    All arrays have `dtype`: float32 for speed, float64 for gradient checks. `should_stop`
    (engine.stopping) is asked before each layer is drawn: StopRequestedError when it says yes.

    `params` maps 'W1', 'b1', ... (and 'gamma1', 'beta1', ... with batchnorm) to the arrays the
    layers compute with: optimizers must update them in place. Those arrays are views into one
    flat buffer, `flat_params`, and the gradients views into `flat_grads` (same layout, with
    zeros in the alignment gaps): an elementwise optimizer can then update all of them with a
    handful of NumPy calls instead of a handful per array, which is most of its cost.
    """

    def __init__(
        self,
        input_size: int,
        hidden_sizes: Sequence[int],
        output_size: int,
        *,
        activation: str = "relu",
        weight_init: str = "he",
        init_std: float | None = None,
        dropout: float = 0.0,
        batchnorm: bool = False,
        weight_decay: float = 0.0,
        seed: int | None = None,
        dtype: DTypeLike = np.float32,
        should_stop: StopCheck | None = None,
    ) -> None:
        _check_hyperparameters(hidden_sizes, activation, dropout, weight_decay, seed)
        self.input_size = _check_size("input_size", input_size)
        self.output_size = _check_size("output_size", output_size)
        self.hidden_sizes = tuple(_check_size("each hidden size", n) for n in hidden_sizes)
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        self.activation = activation
        self.weight_init = weight_init
        self.init_std = None if init_std is None else float(init_std)
        self.dropout = float(dropout)
        self.batchnorm = bool(batchnorm)
        # Python floats keep float32 arithmetic float32; a NumPy float64 would upcast it.
        self.weight_decay = float(weight_decay)
        self.seed = None if seed is None else int(seed)

        rng = np.random.default_rng(self.seed)
        widths = [self.input_size, *self.hidden_sizes, self.output_size]
        affines = []
        for index, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
            stop_if_asked(should_stop, "building the network")  # a 4096x4096 layer: ~0.5 s
            affines.append(Affine(
                init_weight(rng, n_in, n_out, weight_init, self.init_std, self.dtype),
                np.zeros(n_out, dtype=self.dtype),
                compute_dx=index > 0,  # nobody needs the gradient w.r.t. the input data
            ))
        self._hidden = [
            HiddenLayer(
                affine,
                BatchNormalization(np.ones(n, self.dtype), np.zeros(n, self.dtype))
                if self.batchnorm
                else None,
                ACTIVATIONS[activation](),
                Dropout(self.dropout, rng) if self.dropout > 0 else None,
            )
            for affine, n in zip(affines[:-1], self.hidden_sizes, strict=True)
        ]
        self._output = affines[-1]
        self._affines = affines
        self.last_layer = SoftmaxWithLoss()

        # Layer number i owns 'W{i}', 'b{i}' (Affine) and 'gamma{i}', 'beta{i}' (batch norm).
        numbered = [
            (number, layer)
            for number, hidden in enumerate(self._hidden, start=1)
            for layer in (hidden.affine, hidden.batchnorm)
            if layer is not None
        ] + [(len(self._affines), self._output)]
        self._slots = [(f"{key}{i}", layer, key) for i, layer in numbered for key in layer.params]
        self.flat_params, self.flat_grads = self._move_into_flat_buffers()
        self.params = {name: layer.params[key] for name, layer, key in self._slots}
        self.buffers = {
            f"{key}{i}": value for i, layer in numbered for key, value in layer.buffers.items()
        }
        self.pre_activations: list[np.ndarray] = []  # per hidden layer, input of the activation
        self.activations: list[np.ndarray] = []  # per hidden layer, output of the activation

    def _move_into_flat_buffers(self) -> tuple[np.ndarray, np.ndarray]:
        """Copy every layer's params into views of one flat array and point its grads at views
        of a second one with the same layout; returns (flat_params, flat_grads)."""
        shapes = [layer.params[key].shape for _, layer, key in self._slots]
        flat_params, param_views = _flat_views(shapes, self.dtype)
        flat_grads, grad_views = _flat_views(shapes, self.dtype)
        for (_, layer, key), param, grad in zip(self._slots, param_views, grad_views, strict=True):
            np.copyto(param, layer.params[key])
            layer.params[key] = param
            layer.grads[key] = grad
        return flat_params, flat_grads

    def config(self) -> dict[str, Any]:
        """The constructor's arguments as JSON-friendly values: MultiLayerNet(**net.config())."""
        return {
            "input_size": self.input_size,
            "hidden_sizes": list(self.hidden_sizes),
            "output_size": self.output_size,
            "activation": self.activation,
            "weight_init": self.weight_init,
            "init_std": self.init_std,
            "dropout": self.dropout,
            "batchnorm": self.batchnorm,
            "weight_decay": self.weight_decay,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }

    # --- forward and backward ------------------------------------------------------------

    def _forward(
        self, x: np.ndarray, train: bool
    ) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Scores (batch, output_size), pre-activations and activations of each hidden layer."""
        x = np.asarray(x, dtype=self.dtype)  # no copy when x already has the network's dtype
        pre_activations, activations = [], []
        for affine, batchnorm, activation, dropout in self._hidden:
            x = affine.forward(x, train)
            if batchnorm is not None:
                x = batchnorm.forward(x, train)
            pre_activations.append(x)
            x = activation.forward(x, train)
            activations.append(x)
            if dropout is not None:
                x = dropout.forward(x, train)
        return self._output.forward(x, train), pre_activations, activations

    def _backward(self, dout: np.ndarray) -> None:
        """Fill every layer's grads from the loss gradient w.r.t. the scores."""
        dout = self._output.backward(dout)
        for affine, batchnorm, activation, dropout in reversed(self._hidden):
            if dropout is not None:
                dout = dropout.backward(dout)
            dout = activation.backward(dout)
            if batchnorm is not None:
                dout = batchnorm.backward(dout)
            dout = affine.backward(dout)

    def predict(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """Class scores before softmax, shape (batch, output_size); records the activations."""
        scores, self.pre_activations, self.activations = self._forward(x, train)
        return scores

    def _weight_penalty(self) -> float:
        """0.5 * weight_decay * sum(W**2) over the weight matrices (biases are not decayed)."""
        if not self.weight_decay:
            return 0.0
        squares = sum(
            float(np.vdot(affine.params["W"], affine.params["W"])) for affine in self._affines
        )
        return 0.5 * self.weight_decay * squares

    def loss(self, x: np.ndarray, t: np.ndarray, train: bool = True) -> float:
        """Mean cross-entropy over the batch plus the weight-decay penalty.

        t: integer labels (batch,) or one-hot (batch, output_size).
        """
        return self.last_layer.forward(self.predict(x, train), t) + self._weight_penalty()

    def loss_and_gradient(
        self, x: np.ndarray, t: np.ndarray
    ) -> tuple[float, dict[str, np.ndarray]]:
        """The training loss and its gradient from one forward and one backward pass.

        The gradient arrays are reused by the next call: copy them to keep them.
        """
        loss = self.loss(x, t, train=True)
        self._backward(self.last_layer.backward())
        if self.weight_decay:
            for affine in self._affines:
                affine.grads["W"] += self.weight_decay * affine.params["W"]
        return loss, {name: layer.grads[key] for name, layer, key in self._slots}

    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """d loss / d param for every entry of params, by backpropagation."""
        return self.loss_and_gradient(x, t)[1]

    def numerical_gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """The same gradient by central differences: slow, for checking `gradient`.

        Use float64 and call freeze_dropout() first when the network has dropout. The
        batch-norm running statistics are left as they were.
        """
        saved = {name: buffer.copy() for name, buffer in self.buffers.items()}

        def loss_of_params(_: np.ndarray) -> float:
            return self.loss(x, t, train=True)

        grads = {name: numerical_gradient(loss_of_params, p) for name, p in self.params.items()}
        for name, buffer in self.buffers.items():
            np.copyto(buffer, saved[name])
        return grads

    def freeze_dropout(self, frozen: bool = True) -> None:
        """Make every Dropout layer reuse its last mask (for gradient checks)."""
        for hidden in self._hidden:
            if hidden.dropout is not None:
                hidden.dropout.freeze_mask(frozen)

    def accuracy(self, x: np.ndarray, t: np.ndarray, batch_size: int = ACCURACY_BATCH, *,
                 should_stop: StopCheck | None = None) -> float:
        """The fraction of samples whose highest score is the target class, in test mode.

        t: labels or one-hot (left unchanged). Runs in chunks of at most batch_size samples
        (fewer for a big network, see ACCURACY_WORK), asking ``should_stop`` before each, and
        does not replace `activations`, which keep showing the last training batch.
        """
        if len(x) == 0:
            raise ValueError("accuracy of an empty data set is undefined")
        t = np.asarray(t)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        correct = 0
        batch_size = max(1, min(batch_size, max(MIN_ACCURACY_BATCH,
                                                ACCURACY_WORK // self.flat_params.size)))
        for start in range(0, len(x), batch_size):
            stop_if_asked(should_stop, "measuring the accuracy")
            scores = self._forward(x[start : start + batch_size], train=False)[0]
            predicted = scores.argmax(axis=1)
            correct += int(np.count_nonzero(predicted == labels[start : start + batch_size]))
        return correct / len(x)

    # --- saving ----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> None:
        """Write params, buffers and config() to an .npz file (atomically)."""
        config = np.array(json.dumps(self.config()))
        _write_npz_atomically(Path(path), {**self.params, **self.buffers, _CONFIG_KEY: config})

    @classmethod
    def load(cls, path: str | os.PathLike) -> Self:
        """A network saved by save(). Raises OSError (e.g. FileNotFoundError) when the file
        cannot be read and ValueError naming the file and the problem when its content is wrong."""
        arrays = _read_npz(path)
        if _CONFIG_KEY not in arrays:
            raise ValueError(f"{path}: no network configuration inside")
        try:
            config = json.loads(str(arrays.pop(_CONFIG_KEY)))
            _check_saved_size(config)
            net = cls(**config)
        except (ValueError, TypeError, RecursionError) as error:
            raise ValueError(f"{path}: bad network configuration: {error}") from error
        _copy_checked(arrays, {**net.params, **net.buffers}, path)
        return net


def _check_saved_size(config: object) -> None:
    """A saved configuration's shape within the setup panel's limits (engine.limits), checked
    before anything is allocated: a file must not ask for a 100000x100000 network."""
    if not isinstance(config, dict):
        raise ValueError(f"expected an object of settings, got {type(config).__name__}")
    check_network_size(config.get("input_size"), config.get("hidden_sizes"),
                       config.get("output_size"), config.get("batchnorm", False))


def _flat_views(
    shapes: Sequence[tuple[int, ...]], dtype: np.dtype
) -> tuple[np.ndarray, list[np.ndarray]]:
    """A zeroed 1-D array and one C-contiguous view of it per shape, each starting at a
    multiple of FLAT_ALIGNMENT elements."""
    starts, end = [], 0
    for shape in shapes:
        starts.append(end)
        end += -(-math.prod(shape) // FLAT_ALIGNMENT) * FLAT_ALIGNMENT  # round up
    flat = np.zeros(end, dtype=dtype)
    views = [
        flat[start : start + math.prod(shape)].reshape(shape)
        for start, shape in zip(starts, shapes, strict=True)
    ]
    return flat, views


def _write_npz_atomically(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write to a temporary file next to path, then rename it: a crash mid-write leaves the
    old file intact, never a truncated one."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            np.savez(file, **arrays)
        os.replace(temp_name, path)
    except BaseException:
        os.unlink(temp_name)
        raise


def _read_npz(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Every array of an .npz file; ValueError when the content is not a plain-array .npz."""
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, NpzFile):
            raise ValueError("a single .npy array, not an .npz archive")
        with archive:
            _check_stored_size(archive)
            return {name: archive[name] for name in archive.files}
    except (ValueError, EOFError, zipfile.BadZipFile, MemoryError) as error:
        raise ValueError(f"{path}: not a saved network ({error})") from error


def _check_stored_size(archive: NpzFile) -> None:
    """Refuse, before unpacking anything, arrays larger in total than the largest network
    nndash builds (engine.limits; the zip directory lists each array's unpacked size)."""
    unpacked = sum(info.file_size for info in archive.zip.infolist())
    if unpacked > MAX_WEIGHTS_BYTES:
        raise ValueError(f"its arrays unpack to {unpacked:,} bytes, more than the "
                         f"{MAX_WEIGHTS_BYTES:,} of the largest network nndash builds")


def _copy_checked(
    arrays: dict[str, np.ndarray], targets: dict[str, np.ndarray], path: str | os.PathLike
) -> None:
    """Copy each saved array into the network's array of the same name, after checking that
    the names, shapes and kinds match exactly."""
    if set(arrays) != set(targets):
        missing = sorted(set(targets) - set(arrays))
        unexpected = sorted(set(arrays) - set(targets))
        raise ValueError(f"{path}: arrays missing {missing}, unexpected {unexpected}")
    for name, target in targets.items():
        array = arrays[name]
        if array.shape != target.shape or array.dtype.kind != "f":
            raise ValueError(
                f"{path}: {name} is {array.dtype} of shape {array.shape}, "
                f"the network needs floats of shape {target.shape}"
            )
        np.copyto(target, array)
