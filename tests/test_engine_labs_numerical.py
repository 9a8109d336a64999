"""What the chapter-4 labs compute: the book's function_1 and function_2, difference errors
against h in float32 and float64, the tangent line and the gradient field."""

import warnings

import numpy as np
import pytest

from engine.functions import function_1, function_2, losses_against_target_probability
from engine.numerical import (
    DIFFERENTIATION_EXAMPLES,
    difference_errors,
    finite_difference,
    gradient_descent,
    gradient_field,
    numerical_diff,
    tangent_line,
)


def test_function_1_derivatives_are_the_books_numbers():
    assert numerical_diff(function_1, 5) == 0.1999999999990898
    assert numerical_diff(function_1, 10) == 0.2999999999986347


def test_forward_difference_with_h_1e_50_in_float32_gives_0():
    assert np.float32(1e-50) == 0.0
    assert finite_difference(function_1, 5.0, 1e-50, "forward", np.float32) == 0.0
    # with h = 1e-4, float64 central differences are good to ~1e-10 (the exact value is 0.2)
    assert finite_difference(function_1, 5.0, 1e-4, "central", np.float64) == pytest.approx(
        0.2, abs=1e-9)


def test_difference_errors_show_truncation_and_the_rounding_floor():
    hs = np.logspace(-12, -1, 12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        errors = difference_errors(np.exp, np.exp, 1.0, hs)
    assert set(errors) == {(m, p) for m in ("forward", "central") for p in ("float32", "float64")}
    # large h: the truncation errors e h / 2 (forward) and e h**2 / 6 (central)
    assert errors["forward", "float64"][-1] == pytest.approx(np.e * 0.1 / 2, rel=0.05)
    assert errors["central", "float64"][-1] == pytest.approx(np.e * 0.01 / 6, rel=0.01)
    # the best central float64 error is far below the best forward one, both far below float32's
    best = {key: np.nanmin(value) for key, value in errors.items()}
    assert best["central", "float64"] < 1e-9 < best["forward", "float64"] < 1e-6
    assert best["central", "float32"] > 1e-6
    # tiny h: rounding takes over, the float32 error grows again (about eps * e / h)
    assert errors["forward", "float32"][0] > errors["forward", "float32"][6]


def test_tangent_line_touches_function_1_with_its_slope():
    line = tangent_line(function_1, 5.0)
    assert line(5.0) == pytest.approx(function_1(5.0))
    assert line(np.array([6.0])) == pytest.approx([function_1(5.0) + 0.2], abs=1e-9)


def test_every_differentiation_example_has_a_matching_derivative():
    for example in DIFFERENTIATION_EXAMPLES.values():
        x = sum(example.x_range) / 2 + 0.3
        assert numerical_diff(example.f, x) == pytest.approx(example.derivative(x), rel=1e-6)


def test_gradient_field_of_function_2_is_2x_2y():
    xs, ys = np.array([-2.0, 0.5, 1.0]), np.array([-1.0, 2.0])
    dx, dy = gradient_field(function_2, xs, ys)
    assert dx == pytest.approx(np.tile(2 * xs, (2, 1)))
    assert dy == pytest.approx(np.tile(2 * ys[:, None], (1, 3)))


def test_gradient_descent_on_function_2_reaches_the_minimum_like_the_book():
    x, history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=100)
    assert x == pytest.approx([0, 0], abs=1e-8)  # the book prints about [-6.1e-10, 8.1e-10]
    assert history[1] == pytest.approx([-3 * 0.8, 4 * 0.8])  # x - 0.1 * 2x


def test_losses_against_target_probability():
    ce, mse = losses_against_target_probability(np.array([0.6, 1.0]), classes=2)
    assert ce == pytest.approx([-np.log(0.6 + 1e-7), -np.log(1 + 1e-7)])
    assert mse == pytest.approx([0.5 * (0.4**2 + 0.4**2), 0.0])
