"""Surfaces: analytic gradients against central differences, vectorization, registry data."""

import warnings

import numpy as np
import pytest

from engine.numerical import numerical_gradient
from engine.optimizers import OPTIMIZERS
from engine.surfaces import BOOK_LEARNING_RATES, SURFACES


def sample_points(surface, count=20, seed=0):
    """Random points inside the surface's view, shape (count, 2)."""
    rng = np.random.default_rng(seed)
    low = [surface.x_range[0], surface.y_range[0]]
    high = [surface.x_range[1], surface.y_range[1]]
    return rng.uniform(low, high, size=(count, 2))


@pytest.mark.parametrize("name", list(SURFACES))
def test_analytic_gradient_matches_numerical_gradient(name):
    surface = SURFACES[name]
    for point in sample_points(surface):
        analytic = np.array(surface.grad(point[0], point[1]))
        numeric = numerical_gradient(lambda p, s=surface: s.f(p[0], p[1]), point.copy())
        scale = 1.0 + np.abs(analytic).max()
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-6 * scale)


@pytest.mark.parametrize("name", list(SURFACES))
def test_f_and_grad_are_vectorized_over_meshgrids(name):
    surface = SURFACES[name]
    X, Y = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-2, 2, 3))
    dfdx, dfdy = surface.grad(X, Y)
    assert surface.f(X, Y).shape == dfdx.shape == dfdy.shape == (3, 5)
    assert surface.f(X[1, 2], Y[1, 2]) == pytest.approx(surface.f(X, Y)[1, 2])
    assert dfdx[1, 2] == pytest.approx(surface.grad(X[1, 2], Y[1, 2])[0])


def test_sin_r_gradient_is_zero_and_silent_at_the_origin():
    surface = SURFACES["sin-r"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dfdx, dfdy = surface.grad(0.0, 0.0)
        grid_dx, _ = surface.grad(np.zeros((2, 2)), np.zeros((2, 2)))
    assert (dfdx, dfdy) == (0.0, 0.0)
    assert np.all(grid_dx == 0.0)


@pytest.mark.parametrize("name", list(SURFACES))
def test_marked_minima_are_minima(name):
    surface = SURFACES[name]
    for x, y in surface.minima:
        np.testing.assert_allclose(surface.grad(x, y), 0.0, atol=1e-4)
        around = surface.f(x + np.array([0.01, -0.01, 0, 0]), y + np.array([0, 0, 0.01, -0.01]))
        assert np.all(around > surface.f(x, y))


@pytest.mark.parametrize("name", list(SURFACES))
def test_registry_entries_are_complete(name):
    surface = SURFACES[name]
    assert surface.title and surface.formula and surface.description
    assert surface.x_range[0] < surface.start[0] < surface.x_range[1]
    assert surface.y_range[0] < surface.start[1] < surface.y_range[1]
    assert set(surface.learning_rates) == set(OPTIMIZERS)
    assert surface.steps > 0


def test_the_book_surface_and_its_learning_rates():
    book = SURFACES["book"]
    assert book.start == (-7.0, 2.0)
    assert book.f(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
    assert book.grad(-7.0, 2.0) == pytest.approx((-0.7, 4.0))
    assert {name: book.learning_rates[name] for name in BOOK_LEARNING_RATES} == {
        "sgd": 0.95, "momentum": 0.1, "adagrad": 1.5, "adam": 0.3
    }


def test_the_required_surfaces_are_registered():
    assert {"book", "bowl", "sin-r", "rosenbrock", "himmelblau", "saddle"} <= set(SURFACES)
    assert SURFACES["bowl"].f(3.0, 4.0) == pytest.approx(25.0)
    assert SURFACES["saddle"].f(1.0, 2.0) == pytest.approx(-3.0)
    assert SURFACES["rosenbrock"].f(1.0, 1.0) == 0.0
    assert SURFACES["himmelblau"].f(3.0, 2.0) == 0.0


def test_rotated_valley_is_the_book_valley_turned_45_degrees():
    u, v = np.meshgrid(np.linspace(-5, 5, 7), np.linspace(-3, 3, 5))
    x, y = (u + v) / np.sqrt(2), (u - v) / np.sqrt(2)
    np.testing.assert_allclose(SURFACES["rotated"].f(x, y), SURFACES["book"].f(u, v))


def test_grid_rows_follow_y():
    surface = SURFACES["book"]
    xs, ys, z = surface.grid(resolution=11)
    assert xs.shape == ys.shape == (11,) and z.shape == (11, 11)
    assert z[3, 7] == pytest.approx(surface.f(xs[7], ys[3]))
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-10.0, 10.0, -5.0, 5.0)


def test_grid_over_other_ranges():
    xs, ys, z = SURFACES["bowl"].grid(resolution=5, x_range=(0.0, 4.0), y_range=(-1.0, 1.0))
    np.testing.assert_allclose(xs, [0, 1, 2, 3, 4])
    np.testing.assert_allclose(z[2], xs**2)


@pytest.mark.parametrize("name", ["book", "saddle"])
def test_contour_levels_lie_inside_the_values_and_increase(name):
    surface = SURFACES[name]
    _, _, z = surface.grid(resolution=50)
    levels = surface.contour_levels(z, count=10)
    assert len(levels) == 10
    assert np.all(np.diff(levels) > 0)
    assert z.min() < levels[0] and levels[-1] < z.max()


@pytest.mark.parametrize("name", ["book", "saddle"])
def test_a_constant_patch_has_no_contour_levels(name):
    assert SURFACES[name].contour_levels(np.full((4, 4), 2.5)).size == 0


def test_log_scale_levels_crowd_near_the_minimum():
    _, _, z = SURFACES["book"].grid(resolution=50)
    levels = SURFACES["book"].contour_levels(z, count=10)
    assert levels[1] - levels[0] < (levels[-1] - levels[-2]) / 100


def test_shade_is_log_on_log_surfaces_and_identity_otherwise():
    _, _, z = SURFACES["book"].grid(resolution=20)
    np.testing.assert_allclose(SURFACES["book"].shade(z), np.log10(1 + z - z.min()))
    _, _, z = SURFACES["saddle"].grid(resolution=20)
    np.testing.assert_array_equal(SURFACES["saddle"].shade(z), z)
