"""Initial weights: W = std * N(0, 1) of shape (n_in, n_out), with std chosen by name (chapter 6).

A std too large saturates sigmoids, one too small makes every unit alike; the named scales keep
the spread of the activations steady from layer to layer: 'xavier' (the book's meaning,
sqrt(1 / n_in)) suits sigmoid and tanh, 'he' (sqrt(2 / n_in)) suits ReLU, and 'glorot' is
Glorot and Bengio's original sqrt(2 / (n_in + n_out)).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WeightInit:
    """A named rule for the weights' standard deviation."""

    formula: str  # shown to the user, e.g. in a tooltip
    scale: Callable[[int, int], float] | None  # (n_in, n_out) -> std; None: the user gives std

    @property
    def needs_std(self) -> bool:
        return self.scale is None


WEIGHT_INITS: dict[str, WeightInit] = {
    "std": WeightInit("a given number", None),
    "xavier": WeightInit("sqrt(1 / n_in)", lambda n_in, n_out: math.sqrt(1 / n_in)),
    "he": WeightInit("sqrt(2 / n_in)", lambda n_in, n_out: math.sqrt(2 / n_in)),
    "glorot": WeightInit(
        "sqrt(2 / (n_in + n_out))", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out))
    ),
}


def weight_scale(name: str, n_in: int, n_out: int, std: float | None = None) -> float:
    """The standard deviation the init `name` gives a (n_in, n_out) weight matrix.

    `std` is required by 'std' and rejected by the others, so a typed value is never ignored.
    """
    if name not in WEIGHT_INITS:
        raise ValueError(f"unknown weight init {name!r}; valid: {', '.join(WEIGHT_INITS)}")
    init = WEIGHT_INITS[name]
    if init.needs_std:
        if std is None or not std > 0:
            raise ValueError(f"weight init 'std' needs a positive init_std, got {std}")
        return float(std)
    if std is not None:
        raise ValueError(f"init_std is only used with weight init 'std', not {name!r}")
    return init.scale(n_in, n_out)


def init_weight(
    rng: np.random.Generator,
    n_in: int,
    n_out: int,
    name: str,
    std: float | None = None,
    dtype: np.dtype = np.float32,
) -> np.ndarray:
    """A (n_in, n_out) matrix drawn from N(0, weight_scale(name, n_in, n_out, std)**2)."""
    scale = weight_scale(name, n_in, n_out, std)
    W = rng.standard_normal((n_in, n_out), dtype=dtype)
    W *= scale
    return W
