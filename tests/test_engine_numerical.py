"""Numerical differentiation and gradient descent (chapter 4)."""

import numpy as np
import pytest

from engine.numerical import (
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    relative_error,
)


def function_2(x: np.ndarray) -> float:
    """The book's x0**2 + x1**2 (any shape: the sum of squares)."""
    return float(np.sum(x**2))


def test_central_difference_beats_forward_difference():
    def cube(x):
        return x**3

    exact = 3 * 2.0**2
    central_error = abs(numerical_diff(cube, 2.0) - exact)
    forward_error = abs(numerical_diff(cube, 2.0, method="forward") - exact)
    assert forward_error == pytest.approx(6 * 2.0 * 1e-4 / 2, rel=0.01)  # f''(x) h / 2
    assert central_error < 1e-6
    assert central_error < forward_error / 100


def test_numerical_diff_book_example():
    def function_1(x):
        return 0.01 * x**2 + 0.1 * x

    assert numerical_diff(function_1, 5.0) == pytest.approx(0.2, abs=1e-9)
    assert numerical_diff(function_1, 10.0) == pytest.approx(0.3, abs=1e-9)


def test_numerical_diff_rejects_unknown_method():
    with pytest.raises(ValueError, match="central, forward"):
        numerical_diff(np.sin, 0.0, method="backward")


@pytest.mark.parametrize("shape", [(2,), (2, 3), (2, 3, 4)])
def test_numerical_gradient_any_shape_and_x_restored(shape):
    x = np.random.default_rng(0).standard_normal(shape)
    original = x.copy()
    grad = numerical_gradient(function_2, x)
    assert grad.shape == shape
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-7)
    np.testing.assert_array_equal(x, original)


def test_numerical_gradient_book_values():
    grad = numerical_gradient(function_2, np.array([3.0, 4.0]))
    np.testing.assert_allclose(grad, [6.0, 8.0])


def test_numerical_gradient_rejects_integer_arrays():
    with pytest.raises(ValueError, match="floating"):
        numerical_gradient(function_2, np.array([3, 4]))


def test_gradient_descent_on_function_2_converges():
    init_x = np.array([-3.0, 4.0])
    x, history = gradient_descent(function_2, init_x, lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [0.0, 0.0], atol=1e-8)
    assert history.shape == (101, 2)
    np.testing.assert_array_equal(history[0], [-3.0, 4.0])
    np.testing.assert_allclose(history[1], [-3.0 * 0.8, 4.0 * 0.8])
    np.testing.assert_array_equal(history[-1], x)
    np.testing.assert_array_equal(init_x, [-3.0, 4.0])


def test_gradient_descent_history_flattens_x():
    x, history = gradient_descent(function_2, np.ones((2, 2)), lr=0.1, step_num=3)
    assert x.shape == (2, 2)
    assert history.shape == (4, 4)


def test_gradient_descent_learning_rate_extremes():
    too_big, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0, step_num=100)
    too_small, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=1e-10, step_num=100)
    assert np.linalg.norm(too_big) > 1e10
    np.testing.assert_allclose(too_small, [-3.0, 4.0], rtol=1e-6)


def test_relative_error_scores_agreement_and_bugs():
    grad = np.array([[0.5, -0.2], [0.0, 1e-9]])
    assert relative_error(grad, grad) == 0.0
    assert relative_error(grad, grad + 1e-9) < 1e-8
    assert relative_error(grad, 2 * grad) > 0.3
    assert relative_error(np.zeros(3), np.full(3, 1e-12)) < 1e-7  # rounding around a true 0
