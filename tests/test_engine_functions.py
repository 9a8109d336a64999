"""The book's activation and loss functions: values, stability and dtypes."""

import warnings

import numpy as np
import pytest

from engine.functions import (
    cross_entropy_error,
    log_softmax,
    mean_squared_error,
    relu,
    sigmoid,
    softmax,
    step_function,
    tanh,
)

ACTIVATIONS = [step_function, sigmoid, relu, tanh]


def test_activation_values():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(step_function(x), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)))
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(tanh(x), np.tanh(x))


@pytest.mark.parametrize("function", [*ACTIVATIONS, softmax, log_softmax])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_functions_keep_the_dtype_and_shape(function, dtype):
    x = np.linspace(-5, 5, 24, dtype=dtype).reshape(2, 3, 4)
    y = function(x)
    assert y.dtype == dtype
    assert y.shape == x.shape


def test_integer_input_becomes_float():
    assert relu(np.array([-1, 2])).dtype == np.float64
    assert step_function([1, -1]).dtype == np.float64


def test_sigmoid_has_no_overflow_warning_for_huge_inputs():
    x = np.array([-1000.0, -710.0, 0.0, 710.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = sigmoid(x)
        y32 = sigmoid(x.astype(np.float32))
    np.testing.assert_allclose(y, [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-300)
    np.testing.assert_allclose(y32, [0.0, 0.0, 0.5, 1.0, 1.0])


def test_sigmoid_is_symmetric():
    x = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(x) + sigmoid(-x), 1.0, rtol=1e-12)


def test_softmax_of_huge_inputs_is_finite_and_correct():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])
        y = softmax(np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]]))
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y[0], softmax(np.array([0.0, 1.0, 2.0])))
    np.testing.assert_allclose(y[1], [0.0, 0.0, 1.0])


def test_softmax_rows_are_distributions():
    x = np.random.default_rng(0).standard_normal((5, 7))
    y = softmax(x)
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    np.testing.assert_allclose(y, np.exp(x) / np.exp(x).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(softmax(x[0]), y[0])


def test_log_softmax_is_exact_where_softmax_underflows():
    log_y = log_softmax(np.array([0.0, -2000.0]))
    np.testing.assert_allclose(log_y, [0.0, -2000.0])
    x = np.random.default_rng(1).standard_normal((3, 4))
    np.testing.assert_allclose(np.exp(log_softmax(x)), softmax(x))


def test_cross_entropy_forms_agree():
    rng = np.random.default_rng(2)
    y = softmax(rng.standard_normal((6, 4)))
    labels = rng.integers(0, 4, size=6)
    one_hot = np.eye(4)[labels]
    expected = -np.mean(np.log(y[np.arange(6), labels] + 1e-7))
    assert cross_entropy_error(y, labels) == pytest.approx(expected)
    assert cross_entropy_error(y, one_hot) == pytest.approx(expected)
    single = cross_entropy_error(y[2], labels[2])
    assert single == pytest.approx(cross_entropy_error(y[2], one_hot[2]))


def test_cross_entropy_book_example():
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    assert cross_entropy_error(y, np.eye(10)[2]) == pytest.approx(0.510825457099338)
    assert cross_entropy_error(y, 7) == pytest.approx(2.302584092994546)


def test_cross_entropy_of_zero_probability_is_large_not_infinite():
    loss = cross_entropy_error(np.array([[1.0, 0.0]]), np.array([1]))
    assert loss == pytest.approx(-np.log(1e-7))


def test_cross_entropy_rejects_mismatched_targets():
    y = softmax(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="one-hot"):
        cross_entropy_error(y, np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="integer labels"):
        cross_entropy_error(y, np.zeros(3))


def test_mean_squared_error_book_example_and_batch_mean():
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    t = np.eye(10)[2]
    assert mean_squared_error(y, t) == pytest.approx(0.0975)
    batch = np.stack([y, t])
    assert mean_squared_error(batch, np.stack([t, t])) == pytest.approx(0.0975 / 2)
