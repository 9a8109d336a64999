"""Layers with forward and backward passes (chapters 5 and 6).

A layer computes `out = forward(x, train)` and, from the loss gradient w.r.t. its output,
`dx = backward(dout)`. Trainable arrays live in `params`; `backward` writes their gradients into
`grads` (same keys, arrays reused from step to step, so copy them to keep them). `buffers` hold
state that is saved but not trained (batch-norm running statistics).

Speed rules of the hot loop: parameters are updated in place (the layer keeps references to
them), `backward` may overwrite the `dout` it is given (each dout is a fresh array owned by the
caller), and no layer changes the dtype of its input.
"""

from functools import lru_cache

import numpy as np

from engine.functions import _row_max, sigmoid


@lru_cache(maxsize=32)
def _ones(n: int, dtype: np.dtype) -> np.ndarray:
    """A read-only vector of n ones, made once per length and dtype."""
    ones = np.ones(n, dtype=dtype)
    ones.flags.writeable = False
    return ones


def column_sums(a: np.ndarray, out: np.ndarray) -> np.ndarray:
    """a.sum(axis=0) into out, computed as ones @ a: one BLAS matrix-vector product, about
    twice as fast as NumPy's reduction over the rows of a small batch (runs every step)."""
    return np.matmul(_ones(a.shape[0], a.dtype), a, out=out)


class Layer:
    """The interface every layer follows; layers without parameters keep the empty dicts."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        raise NotImplementedError


class Affine(Layer):
    """out = x @ W + b for x of shape (batch, n_in), W (n_in, n_out), b (n_out,).

    compute_dx=False skips dx = dout @ W.T in backward (and returns None): the first layer's
    input is the data, whose gradient nobody needs, and that product costs as much as dW.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray, *, compute_dx: bool = True) -> None:
        super().__init__()
        self.params = {"W": W, "b": b}
        self.grads = {"W": np.zeros_like(W), "b": np.zeros_like(b)}
        self.compute_dx = compute_dx
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        self.x = x
        out = x @ self.params["W"]
        out += self.params["b"]
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        """dW = x.T @ dout, db = sum of dout over the batch, dx = dout @ W.T."""
        np.matmul(self.x.T, dout, out=self.grads["W"])
        column_sums(dout, self.grads["b"])
        return dout @ self.params["W"].T if self.compute_dx else None


class Relu(Layer):
    """out = max(0, x); the gradient passes where x > 0 and is 0 elsewhere: dx = dout * (x > 0)."""

    def __init__(self) -> None:
        super().__init__()
        self.mask: np.ndarray | None = None  # 1.0 where x > 0, else 0.0, in x's dtype

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        # A mask of 0.0/1.0 in x's own dtype, reused from step to step and written by
        # np.greater(out=), makes both max(0, x) = x * mask and the backward pass one plain
        # float multiply each: faster than a fresh bool mask plus np.maximum (runs every step).
        if self.mask is None or self.mask.shape != x.shape or self.mask.dtype != x.dtype:
            self.mask = np.empty_like(x)
        np.greater(x, 0, out=self.mask)
        return x * self.mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return np.multiply(dout, self.mask, out=dout)


class Sigmoid(Layer):
    """out = 1 / (1 + exp(-x)); dx = dout * out * (1 - out)."""

    def __init__(self) -> None:
        super().__init__()
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout *= self.out
        dout *= 1 - self.out
        return dout


class Tanh(Layer):
    """out = tanh(x); dx = dout * (1 - out**2)."""

    def __init__(self) -> None:
        super().__init__()
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        slope = np.square(self.out)
        np.subtract(1, slope, out=slope)
        dout *= slope
        return dout


ACTIVATIONS: dict[str, type[Layer]] = {"relu": Relu, "sigmoid": Sigmoid, "tanh": Tanh}


class Dropout(Layer):
    """Inverted dropout: in training each unit is zeroed with probability `ratio` and the
    survivors are scaled by 1 / (1 - ratio); at test time x passes unchanged.

    The book scales by (1 - ratio) at test time instead. Both keep the expected output equal in
    training and testing; scaling during training leaves inference untouched and free.

    freeze_mask() makes later training passes reuse the last mask, so a gradient check sees the
    same function on every call.
    """

    def __init__(self, ratio: float, rng: np.random.Generator) -> None:
        super().__init__()
        if not 0.0 <= ratio < 1.0:
            raise ValueError(f"dropout ratio must be in [0, 1), got {ratio}")
        self.ratio = float(ratio)
        self.rng = rng
        self.frozen = False
        self.mask: np.ndarray | None = None  # 0 or 1 / (1 - ratio), x's shape and dtype
        self._applied: np.ndarray | None = None  # the mask of the last forward, None at test

    def freeze_mask(self, frozen: bool = True) -> None:
        """Reuse the last mask (True) or draw a fresh one each training pass (False)."""
        self.frozen = frozen

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        if not train:
            self._applied = None
            return x
        if not self.frozen or self.mask is None:
            keep = self.rng.random(x.shape, dtype=x.dtype) >= self.ratio
            self.mask = keep * x.dtype.type(1 / (1 - self.ratio))
        elif self.mask.shape != x.shape:
            raise ValueError(f"frozen dropout mask has shape {self.mask.shape}, x has {x.shape}")
        self._applied = self.mask
        return x * self.mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
        if self._applied is not None:
            dout *= self._applied
        return dout


class BatchNormalization(Layer):
    """Normalizes each feature over the batch, then scales and shifts: out = gamma * xn + beta.

    Training uses the batch statistics xn = (x - mean) / sqrt(var + eps) and updates the running
    averages (running = momentum * running + (1 - momentum) * batch value); testing uses the
    running averages, so a prediction does not depend on the rest of its batch. The running
    variance starts at 1, not at the book's 0, which would divide by sqrt(eps) before training.
    """

    def __init__(
        self, gamma: np.ndarray, beta: np.ndarray, momentum: float = 0.9, eps: float = 1e-6
    ) -> None:
        super().__init__()
        self.params = {"gamma": gamma, "beta": beta}
        self.grads = {"gamma": np.zeros_like(gamma), "beta": np.zeros_like(beta)}
        self.buffers = {"running_mean": np.zeros_like(gamma), "running_var": np.ones_like(gamma)}
        self.momentum = float(momentum)
        self.eps = float(eps)
        self.xn: np.ndarray | None = None
        self.std: np.ndarray | None = None
        self.used_batch_stats = True

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        if train:
            # The batch means as column sums (a matrix-vector product, see column_sums) / batch.
            inverse_batch = x.dtype.type(1 / x.shape[0])
            mean = column_sums(x, np.empty(x.shape[1], x.dtype))
            mean *= inverse_batch
            centred = x - mean
            var = column_sums(np.square(centred), np.empty_like(mean))
            var *= inverse_batch
            self._update_running(mean, var)
        else:
            centred = x - self.buffers["running_mean"]
            var = self.buffers["running_var"]
        self.used_batch_stats = train
        self.std = np.sqrt(var + self.eps)
        self.xn = np.divide(centred, self.std, out=centred)
        return self.params["gamma"] * self.xn + self.params["beta"]

    def _update_running(self, mean: np.ndarray, var: np.ndarray) -> None:
        for name, value in (("running_mean", mean), ("running_var", var)):
            running = self.buffers[name]
            running *= self.momentum
            running += (1 - self.momentum) * value

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dbeta = sum(dout), dgamma = sum(dout * xn), and with batch statistics
        dx = gamma / std * (dout - (dbeta + xn * dgamma) / batch), since the mean and variance
        depend on every sample; with running statistics simply dx = gamma / std * dout."""
        dbeta = column_sums(dout, self.grads["beta"])
        dgamma = column_sums(dout * self.xn, self.grads["gamma"])
        if self.used_batch_stats:
            correction = self.xn * dgamma
            correction += dbeta
            correction /= dout.shape[0]
            dout -= correction
        dout *= self.params["gamma"] / self.std
        return dout


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy loss: forward(scores, t) -> loss, backward() -> dx.

    loss = -sum(t * log(softmax(x))) / batch, with softmax(x) = exp(x - max) / sum(exp(x - max))
    row by row; dx = (softmax(x) - t) / batch, the famous gradient w.r.t. the scores.

    t holds integer labels (batch,) (preferred: nothing is expanded) or one-hot rows. The loss is
    computed as log softmax = (x - max) - log(sum), exact where the book's log(y + 1e-7) is
    biased and capped, and finite for huge scores.
    """

    def __init__(self) -> None:
        self.y: np.ndarray | None = None  # softmax probabilities of the last forward
        self.t: np.ndarray | None = None
        self._rows: np.ndarray | None = None  # arange(batch), to pick each row's label

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        t = np.asarray(t)
        batch_size, classes = x.shape
        shifted = x - _row_max(x)
        if t.shape == x.shape:
            self.t = t.astype(x.dtype, copy=False)
            target_score = float(np.vdot(self.t, shifted))  # sum(t * (x - max))
        else:
            self.t = _check_labels(t, batch_size)
            target_score = float(shifted[self._batch_rows(batch_size), self.t].sum())
        y = np.exp(shifted, out=shifted)
        # Row sums of a (batch, 10) array as a matrix-vector product: NumPy's sum(axis=1)
        # reduces such short rows one at a time, BLAS's gemv does them all at once.
        sums = y @ _ones(classes, y.dtype)
        y /= sums[:, np.newaxis]
        self.y = y
        log_sums = np.log(sums, out=sums)
        # sum over rows of log(sum) times the row's target mass (1 for labels and one-hot)
        log_partition = float(log_sums.sum()) if self.t.ndim == 1 else float(
            self.t.sum(axis=1) @ log_sums)
        return (log_partition - target_score) / batch_size

    def _batch_rows(self, batch_size: int) -> np.ndarray:
        if self._rows is None or len(self._rows) != batch_size:
            self._rows = np.arange(batch_size)
        return self._rows

    def backward(self, dout: float = 1.0) -> np.ndarray:
        batch_size = self.y.shape[0]
        scale = self.y.dtype.type(dout / batch_size)
        dx = np.multiply(self.y, scale)
        if self.t.shape == self.y.shape:
            dx -= self.t * scale
        else:
            dx[self._batch_rows(batch_size), self.t] -= scale
        return dx


def _check_labels(t: np.ndarray, batch_size: int) -> np.ndarray:
    """t itself when it holds one integer label per row; otherwise a ValueError saying why."""
    if t.shape != (batch_size,) or t.dtype.kind not in "iu":
        raise ValueError(
            f"targets must be one-hot of shape ({batch_size}, classes) or integer labels of "
            f"shape ({batch_size},), got {t.dtype} of shape {t.shape}"
        )
    return t
