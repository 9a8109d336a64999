"""The 2-D sets: deterministic from the seed, shaped by noise, points and test_fraction,
learnable by a small network, and the lesson that features can replace depth."""

from __future__ import annotations

import numpy as np
import pytest

from engine.config import NetworkConfig, RunConfig, TrainConfig
from engine.data import DATASETS, DatasetError, ToySet, load_dataset
from engine.trainer import build_trainer

TOY_SETS = [name for name, spec in DATASETS.items() if isinstance(spec, ToySet)]


def all_points(ds) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([ds.x_train, ds.x_test]), np.concatenate([ds.t_train, ds.t_test])


def test_every_playground_set_is_registered_as_a_2d_set():
    """(tests/test_engine_data.py checks that each is deterministic from its seed.)"""
    assert {"spiral", "xor", "circles", "moons", "gaussians", "sine"} <= set(TOY_SETS)


@pytest.mark.parametrize("name", TOY_SETS)
@pytest.mark.parametrize("points, fraction", [(100, 0.3), (1001, 0.5), (30, 0.9)])
def test_points_and_test_fraction_set_the_split(name, points, fraction):
    ds = load_dataset(name, seed=1, params={"points": points, "test_fraction": fraction})
    assert len(ds.x_train) + len(ds.x_test) == points
    assert len(ds.x_test) == round(points * fraction)


def test_without_noise_the_points_lie_on_their_curves():
    x, t = all_points(load_dataset("circles", params={"noise": 0.0}))
    np.testing.assert_allclose(np.hypot(x[:, 0], x[:, 1]), np.where(t == 0, 0.9, 0.45),
                               atol=1e-6)
    x, t = all_points(load_dataset("sine", params={"noise": 0.0}))
    np.testing.assert_array_equal(t, x[:, 1] > np.sin(np.pi * x[:, 0]))
    x, t = all_points(load_dataset("moons", params={"noise": 0.0}))
    raw = x * 1.5 + np.array([0.5, 0.25])  # undo the centring: the unit half circles
    centre = np.where(t[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    np.testing.assert_allclose(np.hypot(*(raw - centre).T), 1.0, atol=1e-5)
    assert (raw[t == 0, 1] >= -1e-6).all() and (raw[t == 1, 1] <= 0.5 + 1e-6).all()


@pytest.mark.parametrize("noise", [0.05, 0.2])
def test_noise_is_the_spread_of_the_points(noise):
    x, t = all_points(load_dataset("circles", seed=2, params={"noise": noise, "points": 4000}))
    # radial error of a ring of radius r >> noise is about N(0, noise)
    error = np.hypot(x[:, 0], x[:, 1]) - np.where(t == 0, 0.9, 0.45)
    assert np.std(error[t == 0]) == pytest.approx(noise, rel=0.15)
    x, t = all_points(load_dataset("gaussians", seed=2, params={"noise": noise, "points": 4000}))
    blob = x[t == 1] - 0.5
    assert np.std(blob) == pytest.approx(np.hypot(0.2, noise), rel=0.1)


@pytest.mark.parametrize("name", ["xor", "circles", "moons", "sine", "spiral"])
def test_every_sets_noise_is_the_standard_deviation_of_its_jitter(name):
    """Same seed, noise 0 and 0.3: the same points and labels, moved by 0.3 times standard
    normal draws (for the spiral the draws turn the angle, in radians)."""
    params = {"points": 3000}
    clean, noisy = (load_dataset(name, seed=5, params={**params, "noise": noise})
                    for noise in (0.0, 0.3))
    (x0, t0), (x1, t1) = all_points(clean), all_points(noisy)
    np.testing.assert_array_equal(t0, t1)
    again = load_dataset(name, seed=5, params={**params, "noise": 0.3})
    np.testing.assert_array_equal(all_points(again)[0], x1)  # the seed fixes the draws
    if name == "spiral":
        far = np.hypot(*x0.T) > 0.2  # the angle of a point near the centre is ill-defined
        turn = np.arctan2(x1[far, 0], x1[far, 1]) - np.arctan2(x0[far, 0], x0[far, 1])
        draws = np.angle(np.exp(1j * turn)) / 0.3  # the turn wrapped to (-pi, pi]
    else:
        draws = ((x1 - x0) / 0.3).ravel()
    assert np.mean(draws) == pytest.approx(0.0, abs=0.1)
    assert np.std(draws) == pytest.approx(1.0, rel=0.1)


@pytest.mark.parametrize("params, phrase", [
    ({"noise": -0.1}, "noise must be a number from 0 to 1"),
    ({"noise": "lots"}, "noise must be a number"),
    ({"points": 10}, "points must be a whole number from 30"),
    ({"points": 100.0}, "points must be a whole number"),
    ({"test_fraction": 1.0}, "test fraction must be a number from 0.05 to 0.9"),
    ({"colour": 1}, "unknown parameter 'colour'"),
])
def test_bad_params_say_which_and_why(params, phrase):
    with pytest.raises(DatasetError, match=phrase):
        load_dataset("moons", params=params)


def test_image_sets_take_no_params():
    with pytest.raises(DatasetError, match="takes no parameters"):
        load_dataset("mnist-sample", params={"noise": 0.1})


def train(dataset: str, hidden: tuple[int, ...], features=("x", "y"), epochs: int = 300,
          lr: float = 0.01):
    config = RunConfig(
        dataset=dataset, features=features,
        network=NetworkConfig(hidden_sizes=hidden, activation="tanh", weight_init="xavier"),
        train=TrainConfig(epochs=epochs, batch_size=20, optimizer="adam", lr=lr, seed=0))
    return build_trainer(config).run()


@pytest.mark.parametrize("name", TOY_SETS)
def test_every_2d_set_is_learned_by_an_8_8_tanh_network(name):
    assert train(name, (8, 8)).test_acc[-1] >= 0.9


def test_circles_need_depth_on_x_y_but_not_with_squares():
    """No hidden layer draws a straight line: on x, y the rings stay near chance (0.5); with
    x2 and y2 the line x2 + y2 = r**2 in feature space is the circle between the rings."""
    assert train("circles", (), epochs=100, lr=0.05).test_acc[-1] < 0.7
    assert train("circles", (), ("x", "y", "x2", "y2"), epochs=100, lr=0.05).test_acc[-1] > 0.97
