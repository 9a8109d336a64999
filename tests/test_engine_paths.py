"""Optimizer paths: the book's golden values, divergence handling, numerical gradients."""

import warnings

import numpy as np
import pytest

from engine.optimizers import SGD, Adam
from engine.paths import book_comparison, compare_optimizers, optimizer_path
from engine.surfaces import SURFACES

BOOK = SURFACES["book"]


def test_book_sgd_golden_values():
    path = optimizer_path(BOOK, SGD(lr=0.95), (-7.0, 2.0), steps=30)
    assert path.shape == (31, 2)
    np.testing.assert_allclose(path[0], [-7.0, 2.0])
    np.testing.assert_allclose(path[1], [-6.335, -1.8], atol=1e-12)
    np.testing.assert_allclose(path[30], [-0.35039, 0.08478], atol=1e-4)


def test_book_comparison_reaches_the_minimum_with_momentum_adagrad_adam():
    paths = book_comparison()
    assert list(paths) == ["sgd", "momentum", "adagrad", "adam"]
    for name in ("momentum", "adagrad", "adam"):
        assert np.hypot(*paths[name][-1]) < 1.0, name
        assert np.hypot(*paths[name][0]) > 7.0


def test_a_name_means_the_book_defaults():
    np.testing.assert_array_equal(
        optimizer_path(BOOK, "sgd", (-7, 2), steps=5),
        optimizer_path(BOOK, SGD(lr=0.01), (-7, 2), steps=5),
    )


def test_an_instance_is_neither_changed_nor_remembered():
    adam = Adam(lr=0.3)
    adam.update({"w": np.zeros(2)}, {"w": np.ones(2)})
    first = optimizer_path(BOOK, adam, (-7, 2))
    second = optimizer_path(BOOK, adam, (-7, 2))
    np.testing.assert_array_equal(first, second)
    assert adam.iter == 1
    np.testing.assert_array_equal(first, optimizer_path(BOOK, Adam(lr=0.3), (-7, 2)))


@pytest.mark.parametrize("name", list(SURFACES))
def test_numerical_and_analytic_paths_agree(name):
    surface = SURFACES[name]
    analytic = compare_optimizers(surface, surface.learning_rates, steps=surface.steps)
    numerical = compare_optimizers(
        surface, surface.learning_rates, steps=surface.steps, gradient="numerical"
    )
    for optimizer in analytic:
        np.testing.assert_allclose(numerical[optimizer], analytic[optimizer], atol=1e-4)


@pytest.mark.parametrize("lr", [10.0, 1e308])
def test_divergent_path_ends_in_nan_without_warnings(lr):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = optimizer_path(SURFACES["bowl"], SGD(lr=lr), (-3.0, 4.0), steps=200)
    finite = np.isfinite(path).all(axis=1)
    first_nan = int(np.argmin(finite))
    assert 0 < first_nan < 200
    assert finite[:first_nan].all() and np.isnan(path[first_nan:]).all()


def test_start_defaults_to_the_surface_start_in_comparisons():
    paths = compare_optimizers(BOOK, {"sgd": 0.95}, steps=1)
    np.testing.assert_allclose(paths["sgd"], [[-7.0, 2.0], [-6.335, -1.8]])


def test_unknown_gradient_method_is_rejected():
    with pytest.raises(ValueError, match="analytic, numerical"):
        optimizer_path(BOOK, "sgd", (0, 0), gradient="symbolic")
