"""Parameter update rules of the book's chapter 6: SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam.

Every optimizer updates ``params`` in place from ``grads`` (two dicts with the same keys):
``opt.update(params, grads)``. The same classes train the network and draw the optimizer
paths on a 2-D surface, so what the paths show is exactly what trains.

This runs once per mini-batch on float32 arrays, so the state (velocities, squared-gradient
sums) is created lazily in the parameter's dtype, and every step writes through ``out=`` into
a per-parameter scratch buffer instead of allocating temporaries. Scalars such as Adam's
``lr_t`` are cast to the parameter dtype so that nothing is upcast to float64.
"""

from __future__ import annotations

import inspect
import math
from typing import ClassVar

import numpy as np

HYPERPARAMETER_HELP: dict[str, str] = {
    "lr": "Learning rate: how far each update moves the parameters.",
    "momentum": "Fraction of the previous velocity kept at each step (0 = plain SGD).",
    "decay_rate": "How much of the running average of squared gradients survives each step.",
    "beta1": "Decay of the running mean of gradients (first moment).",
    "beta2": "Decay of the running mean of squared gradients (second moment).",
    "eps": "Small number added to the denominator so it is never zero.",
}


FLUSH_INTERVAL = 128
"""Updates between sweeps that zero state values too small to matter (see ``update``)."""

TINY_STATE = 1e-30
"""State values below this cannot move a weight (Adam: lr * 1e-30 / eps ~ 1e-26) but decay on
towards float32's subnormal range (below 1.2e-38), where every operation on them is ~100x slow."""


class Optimizer:
    """Base class: lazy per-parameter state and the hyperparameter bookkeeping.

    Subclasses declare their hyperparameters as keyword arguments of ``__init__`` with the
    book's defaults; ``hyperparameters()`` reads them from that signature, so the GUI shows
    exactly the fields an optimizer has. All hyperparameters are plain writable attributes
    (the GUI changes ``lr`` during training).
    """

    description: ClassVar[str] = ""

    def __init__(self) -> None:
        self._state: dict[tuple[str, str], np.ndarray] = {}
        self._updates = 0

    @classmethod
    def hyperparameters(cls) -> dict[str, float]:
        """The hyperparameter names with their book defaults, e.g. ``{'lr': 0.01}``."""
        parameters = inspect.signature(cls.__init__).parameters
        return {name: p.default for name, p in parameters.items() if name != "self"}

    def settings(self) -> dict[str, float]:
        """The current hyperparameter values (same keys as ``hyperparameters()``)."""
        return {name: getattr(self, name) for name in self.hyperparameters()}

    def reset(self) -> None:
        """Forget all state (velocities, sums, step count) as if freshly created."""
        self._state.clear()

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every array in ``params`` in place from the gradient of the same key.

        A dead ReLU unit's gradient is exactly 0, so its momentum or moment estimates decay
        geometrically (x0.9 per step for Adam's m) into subnormal numbers within ~800 steps,
        and training slows several-fold. Every ``FLUSH_INTERVAL`` updates such values are set
        to 0: the same as what float32 would round them to a little later.
        """
        self._update(params, grads)
        self._updates += 1
        if self._updates % FLUSH_INTERVAL == 0:
            for (kind, _), buffer in self._state.items():
                if kind != "scratch":
                    buffer[np.abs(buffer) < TINY_STATE] = 0

    def _update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """The update rule itself (one per subclass)."""
        raise NotImplementedError

    def _buffer(self, kind: str, key: str, like: np.ndarray) -> np.ndarray:
        """The state array ``kind`` of parameter ``key``, zeros of its shape and dtype at first."""
        buffer = self._state.get((kind, key))
        if buffer is None:
            buffer = self._state[(kind, key)] = np.zeros_like(like)
        return buffer

    def _scratch(self, key: str, like: np.ndarray) -> np.ndarray:
        """A reusable work array of parameter ``key`` (its contents are garbage)."""
        return self._buffer("scratch", key, like)


def _adaptive_step(
    param: np.ndarray, numerator: np.ndarray, h: np.ndarray, scratch: np.ndarray,
    lr: float, eps: float,
) -> None:
    """param -= lr * numerator / (sqrt(h) + eps): the shared step of AdaGrad, RMSprop and Adam."""
    np.sqrt(h, out=scratch)
    scratch += param.dtype.type(eps)
    np.divide(numerator, scratch, out=scratch)
    scratch *= param.dtype.type(lr)
    param -= scratch


class SGD(Optimizer):
    """W <- W - lr * dL/dW."""

    description = "Stochastic gradient descent: step straight down the gradient."

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__()
        self.lr = lr

    def _update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        for key, param in params.items():
            step = self._scratch(key, param)
            np.multiply(grads[key], param.dtype.type(self.lr), out=step)
            param -= step


class Momentum(Optimizer):
    """v <- momentum * v - lr * dL/dW;  W <- W + v."""

    description = "SGD with a velocity that keeps rolling in the direction it has been going."

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__()
        self.lr = lr
        self.momentum = momentum

    def _update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        for key, param in params.items():
            param += self._roll_velocity(key, param, grads[key])[0]

    def _roll_velocity(self, key: str, param: np.ndarray, grad: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
        """v <- momentum * v - lr * g; returns v and the scratch array holding lr * g."""
        v = self._buffer("v", key, param)
        step = self._scratch(key, param)
        np.multiply(grad, param.dtype.type(self.lr), out=step)
        v *= param.dtype.type(self.momentum)
        v -= step
        return v, step


class Nesterov(Momentum):
    """Nesterov's accelerated gradient as Bengio et al. 2012 write it (arXiv 1212.0901, eq. 7),
    the paper the book's common/optimizer.py cites:

    W <- W + momentum**2 * v - (1 + momentum) * lr * g;  then v <- momentum * v - lr * g

    W here is the look-ahead point of Sutskever's form (W_sutskever + momentum * v). The
    velocity of the W step is the one from before this update; the book's listing rolls v
    first, which adds momentum**3 * v and a third lr * g (momentum**2 * lr * g) instead.
    """

    description = "Momentum that looks ahead: corrects the velocity before it overshoots."

    def _update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        for key, param in params.items():
            step = self._scratch(key, param)
            np.multiply(self._buffer("v", key, param),
                        param.dtype.type(self.momentum * self.momentum), out=step)
            param += step  # momentum**2 * v, the velocity before this update
            _, step = self._roll_velocity(key, param, grads[key])
            step *= param.dtype.type(1.0 + self.momentum)
            param -= step


class AdaGrad(Optimizer):
    """h <- h + g * g;  W <- W - lr * g / (sqrt(h) + eps): each weight's step shrinks with use."""

    description = "Per-weight learning rates that shrink as squared gradients add up."

    def __init__(self, lr: float = 0.01, eps: float = 1e-7) -> None:
        super().__init__()
        self.lr = lr
        self.eps = eps

    def _update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        for key, param in params.items():
            grad = grads[key]
            h = self._buffer("h", key, param)
            scratch = self._scratch(key, param)
            np.multiply(grad, grad, out=scratch)
            h += scratch
            _adaptive_step(param, grad, h, scratch, self.lr, self.eps)


class RMSprop(Optimizer):
    """h <- decay * h + (1 - decay) * g * g;  W <- W - lr * g / (sqrt(h) + eps)."""

    description = "AdaGrad with a fading memory: old squared gradients are forgotten."

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99, eps: float = 1e-7) -> None:
        super().__init__()
        self.lr = lr
        self.decay_rate = decay_rate
        self.eps = eps

    def _update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        for key, param in params.items():
            grad = grads[key]
            h = self._buffer("h", key, param)
            scratch = self._scratch(key, param)
            h *= param.dtype.type(self.decay_rate)
            np.multiply(grad, grad, out=scratch)
            scratch *= param.dtype.type(1.0 - self.decay_rate)
            h += scratch
            _adaptive_step(param, grad, h, scratch, self.lr, self.eps)


class Adam(Optimizer):
    """Adam as in the book: bias correction folded into the learning rate.

    lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t)
    m <- m + (1 - beta1) * (g - m);  v <- v + (1 - beta2) * (g * g - v)
    W <- W - lr_t * m / (sqrt(v) + eps)
    """

    description = "Momentum and RMSprop combined, with a bias correction for the first steps."

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-7
    ) -> None:
        super().__init__()
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.iter = 0

    def reset(self) -> None:
        super().reset()
        self.iter = 0

    def _update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        # The moments are stored rescaled, M = m / (1 - beta1) and V = v / (1 - beta2), so they
        # update as M <- beta1 * M + g and V <- beta2 * V + g * g, and the step becomes
        # lr_t * (1 - beta1) / sqrt(1 - beta2) * M / (sqrt(V) + eps / sqrt(1 - beta2)): the same
        # numbers in 10 passes over the arrays instead of 12 (this runs at every mini-batch).
        self.iter += 1
        lr_t = (
            self.lr
            * math.sqrt(1.0 - self.beta2**self.iter)
            / (1.0 - self.beta1**self.iter)
        )
        v_scale = math.sqrt(1.0 - self.beta2)
        for key, param in params.items():
            grad = grads[key]
            m = self._buffer("m", key, param)
            v = self._buffer("v", key, param)
            scratch = self._scratch(key, param)
            m *= param.dtype.type(self.beta1)
            m += grad
            np.multiply(grad, grad, out=scratch)
            v *= param.dtype.type(self.beta2)
            v += scratch
            _adaptive_step(param, m, v, scratch,
                           lr_t * (1.0 - self.beta1) / v_scale, self.eps / v_scale)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSprop,
    "adam": Adam,
}


def create_optimizer(name: str, **hyper: float | None) -> Optimizer:
    """Build the optimizer registered as ``name``; hyperparameters left out (or None) keep
    the book's defaults. Unknown names and hyperparameters raise ValueError saying what is valid.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; valid names: {', '.join(OPTIMIZERS)}")
    optimizer_class = OPTIMIZERS[name]
    valid = optimizer_class.hyperparameters()
    unknown = [key for key in hyper if key not in valid]
    if unknown:
        raise ValueError(
            f"unknown hyperparameter {', '.join(map(repr, unknown))} for {name!r}; "
            f"valid: {', '.join(valid)}"
        )
    given = {key: value for key, value in hyper.items() if value is not None}
    return optimizer_class(**given)
