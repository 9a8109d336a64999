"""The engine's fast forms compute the book's plain formulas, to float32 rounding.

Each reference below is the formula as the book writes it, evaluated in float64 with no tricks;
the engine's float32 result must agree with it to a few float32 ulps.
"""

import math

import numpy as np

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
