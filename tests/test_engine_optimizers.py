"""Optimizers: first steps against hand-computed values, registry, dtype and state handling."""

import numpy as np
import pytest

from engine.optimizers import (
    HYPERPARAMETER_HELP,
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    RMSprop,
    create_optimizer,
)

GRAD_1 = np.array([0.5, -1.0])
GRAD_2 = np.array([-0.25, 2.0])

# Two updates of w = [1, -2] with the gradients above, lr 0.1 and the other defaults,
# worked out by hand from each formula, e.g. Momentum:
#   v1 = -0.1 * g1 = [-0.05, 0.1]                 w1 = [0.95, -1.9]
#   v2 = 0.9 * v1 - 0.1 * g2 = [-0.02, -0.11]      w2 = [0.93, -2.01]
# AdaGrad step 2: h = [0.3125, 5], w2 = 0.9 + 0.1 * 0.25 / sqrt(0.3125) = 0.9447214.
# RMSprop step 1: h = 0.01 * g1**2, so the step is lr * g / |0.1 g| = 1 per weight.
# Nesterov (Bengio et al. 2012, eq. 7): w += 0.81 * v_old - 1.9 * 0.1 * g, then v = 0.9 v - 0.1 g:
#   w1 = [1, -2] - 0.19 * g1 = [0.905, -1.81]      v1 = [-0.05, 0.1]
#   w2 = w1 + 0.81 * v1 - 0.19 * g2 = [0.912, -2.109]
# Adam step 1: lr_t = 0.1 * sqrt(0.001) / 0.1, m = 0.1 g, v = 0.001 g**2: a step of lr.
EXPECTED_STEPS = {
    "sgd": ([0.95, -1.9], [0.975, -2.1]),
    "momentum": ([0.95, -1.9], [0.93, -2.01]),
    "nesterov": ([0.905, -1.81], [0.912, -2.109]),
    "adagrad": ([0.9, -1.9], [0.9447214, -1.9894427]),
    "rmsprop": ([2e-06, -1.000001], [0.4490144, -1.8953236]),
    "adam": ([0.9000006, -1.9000003], [0.8733671, -1.9366106]),
}


@pytest.mark.parametrize("name", list(EXPECTED_STEPS))
def test_first_two_steps_match_hand_computed_values(name):
    optimizer = create_optimizer(name, lr=0.1)
    w = np.array([1.0, -2.0])
    params = {"w": w}
    expected_1, expected_2 = EXPECTED_STEPS[name]

    optimizer.update(params, {"w": GRAD_1.copy()})
    np.testing.assert_allclose(w, expected_1, rtol=1e-6, atol=1e-7)
    optimizer.update(params, {"w": GRAD_2.copy()})
    np.testing.assert_allclose(w, expected_2, rtol=1e-6, atol=1e-7)
    assert params["w"] is w


def test_nesterov_follows_bengio_2012_for_many_steps():
    """Ten updates with arbitrary gradients against the paper's two lines, written out here."""
    rng = np.random.default_rng(3)
    grads = rng.normal(size=(10, 3))
    lr, mu = 0.05, 0.8
    w_ref, v_ref = np.array([0.5, -1.0, 2.0]), np.zeros(3)
    w = w_ref.copy()
    optimizer = Nesterov(lr=lr, momentum=mu)
    for g in grads:
        w_ref = w_ref + mu * mu * v_ref - (1 + mu) * lr * g
        v_ref = mu * v_ref - lr * g
        optimizer.update({"w": w}, {"w": g.copy()})
        np.testing.assert_allclose(w, w_ref, rtol=1e-12)


def test_nesterov_is_sutskever_look_ahead_momentum():
    """Sutskever et al. 2013: v <- mu v - lr grad(theta + mu v); theta <- theta + v. Bengio's
    parameter is the look-ahead point theta + mu v, so on f(w) = w.A.w / 2 (grad A w) the two
    descriptions must trace the same points."""
    a = np.array([[3.0, 0.5], [0.5, 1.0]])
    lr, mu = 0.1, 0.9
    theta, v = np.array([1.0, -2.0]), np.zeros(2)
    w = theta.copy()
    optimizer = Nesterov(lr=lr, momentum=mu)
    for _ in range(25):
        v = mu * v - lr * a @ (theta + mu * v)
        theta = theta + v
        optimizer.update({"w": w}, {"w": a @ w})
        np.testing.assert_allclose(w, theta + mu * v, rtol=1e-10, atol=1e-12)


def test_book_defaults():
    assert SGD.hyperparameters() == {"lr": 0.01}
    assert Momentum.hyperparameters() == {"lr": 0.01, "momentum": 0.9}
    assert Nesterov.hyperparameters() == {"lr": 0.01, "momentum": 0.9}
    assert AdaGrad.hyperparameters() == {"lr": 0.01, "eps": 1e-7}
    assert RMSprop.hyperparameters() == {"lr": 0.01, "decay_rate": 0.99, "eps": 1e-7}
    assert Adam.hyperparameters() == {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-7}


def test_registry_has_the_six_optimizers_with_descriptions_and_help():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
    for optimizer_class in OPTIMIZERS.values():
        assert optimizer_class.description
        for name in optimizer_class.hyperparameters():
            assert HYPERPARAMETER_HELP[name]


def test_create_optimizer_sets_hyperparameters_and_keeps_defaults():
    adam = create_optimizer("adam", lr=0.3, beta2=None)
    assert isinstance(adam, Adam)
    assert adam.settings() == {"lr": 0.3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-7}


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(ValueError, match="sgd, momentum, nesterov, adagrad, rmsprop, adam"):
        create_optimizer("lbfgs")


def test_unknown_hyperparameter_is_named():
    with pytest.raises(ValueError, match="'beta1'"):
        create_optimizer("sgd", lr=0.1, beta1=0.9)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_float32_params_and_state_stay_float32(name):
    optimizer = create_optimizer(name, lr=0.1)
    rng = np.random.default_rng(0)
    params = {"W": rng.standard_normal((3, 4)).astype(np.float32)}
    for _ in range(3):
        optimizer.update(params, {"W": rng.standard_normal((3, 4)).astype(np.float32)})
    assert params["W"].dtype == np.float32
    assert all(state.dtype == np.float32 for state in optimizer._state.values())


def test_lr_is_writable_and_takes_effect_at_the_next_update():
    optimizer = SGD(lr=0.1)
    w = np.array([1.0])
    optimizer.lr = 0.5
    optimizer.update({"w": w}, {"w": np.array([1.0])})
    assert w[0] == pytest.approx(0.5)


def test_reset_forgets_the_state():
    optimizer = Adam(lr=0.1)
    first = np.array([1.0, -2.0])
    optimizer.update({"w": first}, {"w": GRAD_1})
    optimizer.update({"w": first}, {"w": GRAD_2})
    optimizer.reset()
    again = np.array([1.0, -2.0])
    optimizer.update({"w": again}, {"w": GRAD_1})
    np.testing.assert_allclose(again, EXPECTED_STEPS["adam"][0], rtol=1e-6)


def test_adam_counts_one_step_per_update_not_per_parameter():
    together = Adam(lr=0.1)
    params = {"a": np.array([1.0]), "b": np.array([-2.0])}
    for grad in (GRAD_1, GRAD_2):
        together.update(params, {"a": grad[:1], "b": grad[1:]})
    np.testing.assert_allclose(
        [params["a"][0], params["b"][0]], EXPECTED_STEPS["adam"][1], rtol=1e-6
    )


@pytest.mark.parametrize("name", ["momentum", "nesterov", "rmsprop", "adam"])
def test_state_of_dead_units_never_decays_into_subnormal_numbers(name):
    """A dead ReLU unit's gradient is 0 for good: its decaying state must end at 0, not in
    float32's subnormal range where arithmetic is ~100x slower."""
    optimizer = create_optimizer(name)
    param = {"W": np.ones(4, dtype=np.float32)}
    optimizer.update(param, {"W": np.ones(4, dtype=np.float32)})
    zero = {"W": np.zeros(4, dtype=np.float32)}
    for _ in range(10_000):
        optimizer.update(param, zero)
    state = [buffer for (kind, _), buffer in optimizer._state.items() if kind != "scratch"]
    smallest_normal = np.finfo(np.float32).tiny
    assert all(not np.any((buffer != 0) & (np.abs(buffer) < smallest_normal)) for buffer in state)
