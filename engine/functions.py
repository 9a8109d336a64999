"""The book's activation and loss functions (chapters 3 and 4), corrected where notes slip.

Every function keeps a floating input's dtype (float32 in, float32 out): mixing in a float64
array would silently double the cost of the whole network. Integer inputs become float64.
"""

import numpy as np

CROSS_ENTROPY_DELTA = 1e-7
"""Added inside log(y + delta) so that a probability of exactly 0 gives a large loss, not inf."""


def _as_float(x: np.ndarray | float) -> np.ndarray:
    """x as an array with a floating dtype, without a copy when it already has one."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)  # kind "f": any float dtype


def step_function(x: np.ndarray) -> np.ndarray:
    """1 where x > 0, else 0: the perceptron's activation (chapter 3)."""
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)), elementwise.

    For very negative x (below about -88 in float32, -709 in float64) exp(-x) overflows to inf
    and 1 / (1 + inf) is the correct limit 0, so that overflow is expected and not reported.
    Four passes over one output buffer: this function runs in every sigmoid network's hot loop.
    """
    out = np.negative(_as_float(x))
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1
    return np.reciprocal(out, out=out)


def relu(x: np.ndarray) -> np.ndarray:
    """max(0, x), elementwise."""
    x = _as_float(x)
    return np.maximum(x, 0)


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, elementwise: a zero-centred sigmoid with range (-1, 1)."""
    return np.tanh(_as_float(x))


def _row_max(x: np.ndarray) -> np.ndarray:
    """x.max(axis=-1, keepdims=True); for a batch, computed across rows of a transposed copy.

    NumPy reduces a short last axis (10 class scores) one row at a time, about 3x slower than
    the elementwise maximum over rows used here; softmax runs in every training step.
    """
    if x.ndim != 2:
        return x.max(axis=-1, keepdims=True)
    return x.T.copy().max(axis=0)[:, np.newaxis]


def softmax(x: np.ndarray) -> np.ndarray:
    """exp(x) / sum(exp(x)) along the last axis, for shape (classes,) or (batch, classes).

    Subtracting each row's maximum first leaves the result unchanged and keeps exp() from
    overflowing: softmax([1000, 1000]) is [0.5, 0.5], not nan.
    """
    x = _as_float(x)
    out = x - _row_max(x)
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out


def log_softmax(x: np.ndarray) -> np.ndarray:
    """log(softmax(x)) along the last axis, computed as x - max - log(sum(exp(x - max))).

    Exact and finite even where softmax(x) rounds to 0, which log(softmax(x)) is not.
    """
    x = _as_float(x)
    out = x - _row_max(x)
    out -= np.log(np.exp(out).sum(axis=-1, keepdims=True))
    return out


def target_log_likelihood(log_y: np.ndarray, t: np.ndarray) -> float:
    """Mean over the batch of the log-probability given to the targets.

    log_y: (classes,) or (batch, classes) log-probabilities.
    t: one-hot (or soft) targets of log_y's shape, or integer labels of shape (batch,) (a scalar
    for a single sample). Labels only pick one entry per row; no one-hot matrix is built.
    """
    log_y = np.asarray(log_y)
    t = np.asarray(t)
    if log_y.ndim == 1:
        log_y = log_y[np.newaxis]
        t = t[np.newaxis] if t.ndim == 1 else t.reshape(1)
    batch_size = log_y.shape[0]
    if t.shape == log_y.shape:
        return float(np.sum(t * log_y) / batch_size)
    if t.shape != (batch_size,) or not np.issubdtype(t.dtype, np.integer):
        raise ValueError(
            f"targets must be one-hot of shape {log_y.shape} or integer labels of shape "
            f"({batch_size},), got {t.dtype} of shape {t.shape}"
        )
    return float(np.sum(log_y[np.arange(batch_size), t]) / batch_size)


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """-sum(t * log(y + delta)) / batch: the book's loss for softmax outputs y.

    y: probabilities, (classes,) or (batch, classes). t: one-hot of y's shape or integer labels.
    Both target forms give the same value.
    """
    y = _as_float(y)
    return -target_log_likelihood(np.log(y + CROSS_ENTROPY_DELTA), t)


def mean_squared_error(y: np.ndarray, t: np.ndarray) -> float:
    """0.5 * sum((y - t)**2); for a (batch, n) array, the mean of that over the batch."""
    y = _as_float(y)
    error = y - t
    total = 0.5 * float(np.vdot(error, error))
    return total / y.shape[0] if y.ndim == 2 else total


# --- the labs of chapters 3 and 4: derivatives, the book's example functions, softmax's pitfall


def step_function_grad(x: np.ndarray) -> np.ndarray:
    """0 everywhere (undefined at 0): why the step function cannot learn by gradients."""
    return np.zeros_like(_as_float(x))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """d sigmoid / dx = sigmoid(x) * (1 - sigmoid(x)), at most 0.25 (at 0)."""
    y = sigmoid(x)
    return y * (1 - y)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """1 where x > 0, else 0 (the book takes 0 at the kink)."""
    return step_function(x)


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """d tanh / dx = 1 - tanh(x)**2, 1 at 0."""
    return 1 - tanh(x) ** 2


ACTIVATION_FUNCTIONS = {
    "step": (step_function, step_function_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "relu": (relu, relu_grad),
    "tanh": (tanh, tanh_grad),
}
"""Each activation with its derivative, for the functions lab."""


def softmax_without_shift(x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """exp(x / T) / sum(exp(x / T)) as first written in the book, without subtracting the
    maximum: exp(1010) overflows to inf and the result is nan. Only to show why softmax shifts."""
    x = _as_float(x) / temperature
    with np.errstate(over="ignore", invalid="ignore"):
        exp = np.exp(x)
        return exp / exp.sum(axis=-1, keepdims=True)


def softmax_with_temperature(x: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(x / T): T > 1 flattens the probabilities, T < 1 sharpens them toward the max."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    return softmax(_as_float(x) / temperature)


def losses_against_target_probability(
    p: np.ndarray, classes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Cross-entropy and mean squared error of the prediction that gives probability p to the
    target class and shares 1 - p evenly among the other ``classes - 1``, for each p.

    Returns two arrays of p's shape, computed with cross_entropy_error and mean_squared_error.
    """
    p = np.asarray(p, dtype=np.float64)
    target = np.zeros(classes)
    target[0] = 1.0
    cross_entropy = np.empty_like(p)
    squared = np.empty_like(p)
    for index, probability in enumerate(p):
        y = np.full(classes, (1 - probability) / (classes - 1))
        y[0] = probability
        cross_entropy[index] = cross_entropy_error(y, target)
        squared[index] = mean_squared_error(y, target)
    return cross_entropy, squared


def function_1(x: np.ndarray | float) -> np.ndarray | float:
    """0.01 x**2 + 0.1 x: the book's example for numerical differentiation (figure 4-6)."""
    return 0.01 * x**2 + 0.1 * x


def function_2(x: np.ndarray) -> np.ndarray | float:
    """x0**2 + x1**2: the book's example for partial derivatives and the gradient (4-8).

    x: (2,) for one point, or (2, ...) for many (the last axes vectorise).
    """
    return x[0] ** 2 + x[1] ** 2
