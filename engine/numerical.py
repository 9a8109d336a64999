"""Numerical differentiation and gradient descent (chapter 4).

Use h = 1e-4 with central differences: a tiny h such as 1e-50 rounds to 0 in floating point,
and the forward difference's error shrinks only like h, the central one's like h**2.
"""

from collections.abc import Callable

import numpy as np

DIFFERENCE_METHODS = ("central", "forward")


def numerical_diff(
    f: Callable[[float], float], x: float, h: float = 1e-4, method: str = "central"
) -> float:
    """df/dx at x: (f(x+h) - f(x-h)) / 2h ("central") or (f(x+h) - f(x)) / h ("forward")."""
    if method == "central":
        return (f(x + h) - f(x - h)) / (2 * h)
    if method == "forward":
        return (f(x + h) - f(x)) / h
    valid = ", ".join(DIFFERENCE_METHODS)
    raise ValueError(f"unknown difference method {method!r}; valid: {valid}")


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4
) -> np.ndarray:
    """Central-difference gradient of the scalar function f at x, an array of any shape.

    Each entry of x is nudged in place by +h and -h, so f may read x (or an array that shares
    its memory, such as a network's weights) directly; every entry is restored to its exact
    original value afterwards. Returns an array of x's shape and dtype.
    """
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"x must be a floating-point array (it is nudged by h), got {x.dtype}")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = f(x)
        x[index] = original - h
        f_minus = f(x)
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(analytic: np.ndarray, numerical: np.ndarray, floor: float = 1e-4) -> float:
    """max |analytic - numerical| / max(|analytic| + |numerical|, floor): a gradient check's score.

    Dividing by the arrays' largest magnitude, not entry by entry, keeps single entries that are
    0 up to rounding from reading as 100% wrong. The floor does the same for whole arrays: a
    central difference is only good to about 1e-12 in absolute terms (rounding of f, divided by
    2h), which would be a huge relative error for a gradient that is truly 0 (a bias before
    batch norm). A correct backprop in float64 scores about 1e-8; a bug scores near 1.
    """
    scale = float(np.max(np.abs(analytic)) + np.max(np.abs(numerical)))
    return float(np.max(np.abs(analytic - numerical))) / max(scale, floor)


def gradient_descent(
    f: Callable[[np.ndarray], float],
    init_x: np.ndarray,
    lr: float = 0.01,
    step_num: int = 100,
) -> tuple[np.ndarray, np.ndarray]:
    """step_num steps of x <- x - lr * grad f(x) from init_x (which is left untouched).

    Returns the final x and the path: shape (step_num + 1, x.size), row 0 the start and
    row i the point after i steps.
    """
    init_x = np.asarray(init_x)
    x = init_x.astype(np.result_type(init_x, np.float32))  # a copy; integers become float64
    history = np.empty((step_num + 1, x.size), dtype=x.dtype)
    history[0] = x.ravel()
    for step in range(1, step_num + 1):
        x -= lr * numerical_gradient(f, x)
        history[step] = x.ravel()
    return x, history
