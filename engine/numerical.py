"""Numerical differentiation and gradient descent (chapter 4).

Use h = 1e-4 with central differences: a tiny h such as 1e-50 rounds to 0 in floating point,
and the forward difference's error shrinks only like h, the central one's like h**2.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.functions import function_1

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


def finite_difference(f: Callable, x: float, h: float | np.ndarray, method: str,
                      dtype: type) -> float | np.ndarray:
    """numerical_diff of f at x with x, x + h and f's values rounded to ``dtype`` (np.float32
    or np.float64), divided by the requested h: what the book's code computes in that precision.
    ``h`` may be an array of steps (f must then work elementwise): one result per step.

    When h is below the spacing of floats near x, x + h rounds back to x and the difference is
    exactly 0: forward differences with h = 1e-50 in float32 give 0, not the derivative.
    """
    x_rounded, h_rounded = dtype(x), np.asarray(h, dtype=dtype)
    if method == "central":
        numerator = f(x_rounded + h_rounded) - f(x_rounded - h_rounded)
        step = 2 * np.asarray(h, dtype=np.float64)
    elif method == "forward":
        numerator = f(x_rounded + h_rounded) - f(x_rounded)
        step = np.asarray(h, dtype=np.float64)
    else:
        valid = ", ".join(DIFFERENCE_METHODS)
        raise ValueError(f"unknown difference method {method!r}; valid: {valid}")
    result = np.asarray(numerator, dtype=np.float64) / step
    return float(result) if result.ndim == 0 else result


DIFFERENCE_PRECISIONS = {"float32": np.float32, "float64": np.float64}


def difference_errors(
    f: Callable, derivative: Callable, x: float, hs: np.ndarray
) -> dict[tuple[str, str], np.ndarray]:
    """|finite difference - exact derivative| at x for every h of ``hs``, keyed by (method,
    precision) for 'forward'/'central' and 'float32'/'float64'.

    Large h: the truncation error (~h forward, ~h**2 central) dominates. Small h: rounding of
    f(x + h) - f(x), ~eps * |f| / h, takes over, so each curve has a floor. An error of exactly
    0 (a lucky rounding) is NaN, so that log axes skip it.
    """
    exact = float(derivative(x))
    errors = {}
    for method in DIFFERENCE_METHODS[::-1]:
        for precision, dtype in DIFFERENCE_PRECISIONS.items():
            with np.errstate(over="ignore", invalid="ignore"):
                values = finite_difference(f, x, np.asarray(hs), method, dtype)
            error = np.abs(values - exact)
            errors[method, precision] = np.where(error > 0, error, np.nan)
    return errors


def tangent_line(f: Callable[[float], float], x: float,
                 h: float = 1e-4) -> Callable[[np.ndarray], np.ndarray]:
    """The tangent of f at x from the central difference, as a function of t: the book's
    ``tangent_line`` (figure 4-7), y = f(x) + d * (t - x)."""
    slope = numerical_diff(f, x, h)
    value = f(x)
    return lambda t: slope * (np.asarray(t) - x) + value


def gradient_field(
    f: Callable[[np.ndarray], float], xs: np.ndarray, ys: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The numerical gradient of f(np.array([x, y])) at every grid point (xs[j], ys[i]):
    two arrays (len(ys), len(xs)) with d f / dx and d f / dy (the book's figure 4-9 draws
    the negative of it as arrows pointing downhill)."""
    dx = np.empty((len(ys), len(xs)))
    dy = np.empty_like(dx)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            dx[i, j], dy[i, j] = numerical_gradient(f, np.array([x, y], dtype=np.float64))
    return dx, dy


@dataclass(frozen=True)
class DifferentiationExample:
    """A function of one variable with its exact derivative and a range to plot it over."""

    label: str
    f: Callable
    derivative: Callable
    x_range: tuple[float, float]


DIFFERENTIATION_EXAMPLES: dict[str, DifferentiationExample] = {
    "function_1": DifferentiationExample(
        "0.01 x² + 0.1 x  (the book's function_1)", function_1, lambda x: 0.02 * x + 0.1,
        (0.0, 20.0)),
    "sin": DifferentiationExample("sin x", np.sin, np.cos, (-2 * np.pi, 2 * np.pi)),
    "exp": DifferentiationExample("exp x", np.exp, np.exp, (-3.0, 3.0)),
    "cubic": DifferentiationExample("x³ − 3 x", lambda x: x**3 - 3 * x,
                                    lambda x: 3 * x**2 - 3, (-2.5, 2.5)),
}
"""The functions the derivatives lab offers; function_1 first, as in the book."""
