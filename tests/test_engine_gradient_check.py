"""The gradient-check lab's engine: backprop agrees with central differences."""

import numpy as np

from engine.gradient_check import CHECK_MAX_WIDTH, check_network, gradient_check


def test_default_small_network_passes_below_1e_6_for_every_array():
    check = gradient_check(check_network((100, 100)))
    assert [c.name for c in check.parameters] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert check.worst_error() < 1e-6
    assert check.parameters[0].shape == (8, CHECK_MAX_WIDTH)
    assert check.backprop_seconds > 0 and check.numerical_seconds() > 0


def test_batchnorm_dropout_and_weight_decay_networks_pass_too():
    for options in ({"batchnorm": True, "activation": "sigmoid"}, {"dropout": 0.5},
                    {"weight_decay": 0.1, "activation": "tanh"}):
        assert gradient_check(check_network((6, 5), **options)).worst_error() < 1e-6, options


def test_a_wrong_backprop_is_caught():
    net = check_network((5,))
    real_gradient = net.gradient

    def broken_gradient(x, t):
        grads = real_gradient(x, t)
        grads["W2"] *= 1.5
        return grads

    net.gradient = broken_gradient
    errors = {c.name: c.relative_error for c in gradient_check(net).parameters}
    assert errors["W2"] > 0.1 and errors["W1"] < 1e-6
    assert np.isfinite(list(errors.values())).all()
