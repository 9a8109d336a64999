"""The engine's fast forms compute the book's plain formulas, to float32 rounding.

Each reference below is the formula as the book writes it, evaluated in float64 with no tricks;
the engine's float32 result must agree with it to a few float32 ulps.
"""

import math

import numpy as np
import pytest

from engine.layers import BatchNormalization, Relu, SoftmaxWithLoss, column_sums
from engine.optimizers import Adam

FLOAT32_RTOL = 2e-5  # a few float32 roundings (eps 1.2e-7) accumulated over a chain of passes


def book_adam(w, grads, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    """The book's common/optimizer.py Adam, step by step, in float64."""
    w, m, v = w.astype(np.float64), np.zeros(w.shape), np.zeros(w.shape)
    for t, g in enumerate(grads, start=1):
        g = g.astype(np.float64)
        lr_t = lr * math.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
        m += (1 - beta1) * (g - m)
        v += (1 - beta2) * (g**2 - v)
        w -= lr_t * m / (np.sqrt(v) + eps)
    return w


def test_adam_with_rescaled_moments_follows_the_book_formula():
    rng = np.random.default_rng(3)
    # Starting from 0, w is the distance travelled, so its own rounding does not swamp the
    # comparison. Gradients of mixed scales, sometimes exactly 0 (dead units), 100 steps.
    w = np.zeros(1000, dtype=np.float32)
    grads = [(rng.standard_normal(1000) * rng.choice([1e-4, 1.0, 30.0], 1000)).astype(np.float32)
             for _ in range(100)]
    for g in grads[::7]:
        g[:50] = 0
    expected = book_adam(w, grads)
    adam = Adam()
    for g in grads:
        adam.update({"w": w}, {"w": g})
    # atol: 1e-7 of the ~0.1 travelled, for elements that cross 0.
    np.testing.assert_allclose(w, expected, rtol=FLOAT32_RTOL, atol=1e-8)


def test_relu_with_a_float32_mask_is_max_0_x_and_its_step_derivative():
    rng = np.random.default_rng(4)
    layer = Relu()
    for shape in ((32, 100), (7, 100), (32, 100)):  # the mask follows a change of shape
        x = rng.standard_normal(shape).astype(np.float32)
        x[0, :10] = 0.0  # max(0, 0) = 0 and the gradient at 0 is taken as 0, as in the book
        out = layer.forward(x)
        assert out.dtype == np.float32
        np.testing.assert_array_equal(out, np.maximum(x, 0))
        dout = rng.standard_normal(shape).astype(np.float32)
        expected = np.where(x > 0, dout, 0)
        np.testing.assert_array_equal(layer.backward(dout), expected)


def book_softmax_with_loss(x, labels):
    """Softmax, cross-entropy of the labels and (y - t) / batch, plainly in float64 (log y as
    x - max - log(sum(exp(x - max))), which stays finite where y underflows to 0)."""
    shifted = x.astype(np.float64) - x.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    y = exp / exp.sum(axis=1, keepdims=True)
    log_y = shifted - np.log(exp.sum(axis=1, keepdims=True))
    rows = np.arange(len(x))
    one_hot = np.zeros_like(y)
    one_hot[rows, labels] = 1
    return -np.mean(log_y[rows, labels]), (y - one_hot) / len(x)


@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4])  # ordinary, confident, huge scores
@pytest.mark.parametrize("one_hot", [False, True])
def test_fused_softmax_with_loss_follows_the_plain_formula(scale, one_hot):
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((100, 10)) * scale).astype(np.float32)
    labels = rng.integers(0, 10, 100)
    expected_loss, expected_dx = book_softmax_with_loss(x, labels)
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, np.eye(10, dtype=np.float32)[labels] if one_hot else labels)
    dx = layer.backward()
    assert dx.dtype == np.float32
    # float32 scores carry ~6e-8 * |x| of rounding into the loss, hence the absolute part.
    assert loss == pytest.approx(expected_loss, rel=FLOAT32_RTOL, abs=1e-6 * scale)
    np.testing.assert_allclose(dx, expected_dx, rtol=1e-4, atol=1e-8)


@pytest.mark.parametrize("shape", [(32, 50), (100, 100), (100, 10), (1, 7)])
def test_column_sums_as_a_matrix_vector_product_are_the_batch_sums(shape):
    a = np.random.default_rng(6).standard_normal(shape).astype(np.float32)
    out = np.empty(shape[1], dtype=np.float32)
    assert column_sums(a, out) is out
    np.testing.assert_allclose(out, a.astype(np.float64).sum(axis=0), rtol=FLOAT32_RTOL,
                               atol=1e-5)


def test_batchnorm_with_column_sums_follows_the_plain_formula():
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((100, 30)) * 3 + 5).astype(np.float32)
    gamma = rng.uniform(0.5, 2, 30).astype(np.float32)
    beta = rng.standard_normal(30).astype(np.float32)
    layer = BatchNormalization(gamma.copy(), beta.copy())
    out = layer.forward(x, train=True)
    x64 = x.astype(np.float64)
    mean, var = x64.mean(axis=0), x64.var(axis=0)
    expected = gamma * (x64 - mean) / np.sqrt(var + 1e-6) + beta
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.buffers["running_mean"], 0.1 * mean, rtol=1e-5)
    np.testing.assert_allclose(layer.buffers["running_var"], 0.9 + 0.1 * var, rtol=1e-5)
