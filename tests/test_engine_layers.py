"""Every layer's forward values and its backward pass against numerical gradients (float64)."""

import numpy as np
import pytest

from engine.functions import softmax
from engine.layers import (
    ACTIVATIONS,
    Affine,
    BatchNormalization,
    Dropout,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)
from engine.numerical import numerical_gradient, relative_error

TOLERANCE = 1e-6


def away_from_zero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Inputs at least 0.1 from 0, so ReLU's kink stays out of the h = 1e-4 stencil."""
    x = rng.standard_normal(shape)
    return x + 0.1 * np.sign(x)


def assert_backward_matches_numerical(layer, x: np.ndarray, train: bool = True) -> None:
    """Check dx and every parameter gradient of loss = sum(forward(x) * dout)."""
    dout = np.random.default_rng(99).standard_normal(layer.forward(x, train).shape)

    def weighted_output(_: np.ndarray) -> float:
        return float(np.sum(layer.forward(x, train) * dout))

    layer.forward(x, train)
    dx = layer.backward(dout.copy())
    grads = {name: grad.copy() for name, grad in layer.grads.items()}
    assert relative_error(dx, numerical_gradient(weighted_output, x)) < TOLERANCE
    for name, param in layer.params.items():
        numerical = numerical_gradient(weighted_output, param)
        assert relative_error(grads[name], numerical) < TOLERANCE, name


def make_affine(rng: np.random.Generator, **kwargs) -> Affine:
    return Affine(rng.standard_normal((5, 3)), rng.standard_normal(3), **kwargs)


def test_affine_forward():
    rng = np.random.default_rng(0)
    layer = make_affine(rng)
    x = rng.standard_normal((4, 5))
    np.testing.assert_allclose(
        layer.forward(x), x @ layer.params["W"] + layer.params["b"], rtol=1e-12
    )


def test_affine_gradients():
    rng = np.random.default_rng(1)
    assert_backward_matches_numerical(make_affine(rng), rng.standard_normal((4, 5)))


def test_affine_without_dx_still_fills_its_grads():
    rng = np.random.default_rng(2)
    x, dout = rng.standard_normal((4, 5)), rng.standard_normal((4, 3))
    full, first = make_affine(rng), make_affine(rng, compute_dx=False)
    first.params["W"][...] = full.params["W"]
    for layer in (full, first):
        layer.forward(x)
    assert full.backward(dout.copy()) is not None
    assert first.backward(dout.copy()) is None
    np.testing.assert_allclose(first.grads["W"], x.T @ dout)
    np.testing.assert_allclose(first.grads["b"], dout.sum(axis=0))
    np.testing.assert_allclose(first.grads["W"], full.grads["W"])


def test_activation_registry():
    assert ACTIVATIONS == {"relu": Relu, "sigmoid": Sigmoid, "tanh": Tanh}


@pytest.mark.parametrize("activation", ACTIVATIONS.values())
def test_activation_gradients(activation):
    x = away_from_zero(np.random.default_rng(3), (4, 6))
    assert_backward_matches_numerical(activation(), x)


def test_relu_passes_gradient_only_where_input_is_positive():
    layer = Relu()
    x = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(layer.forward(x), [[0.0, 0.0, 2.0]])
    np.testing.assert_array_equal(layer.backward(np.ones((1, 3))), [[0.0, 0.0, 1.0]])


@pytest.mark.parametrize(
    "layer",
    [
        Relu(),
        Sigmoid(),
        Tanh(),
        Dropout(0.5, np.random.default_rng(0)),
        BatchNormalization(np.ones(6, np.float32), np.zeros(6, np.float32)),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_layers_keep_float32(layer):
    x = np.random.default_rng(4).standard_normal((4, 6), dtype=np.float32)
    assert layer.forward(x, train=True).dtype == np.float32
    assert layer.backward(np.ones((4, 6), np.float32)).dtype == np.float32


def test_affine_and_loss_keep_float32():
    rng = np.random.default_rng(5)
    layer = Affine(rng.standard_normal((5, 3), np.float32), np.zeros(3, np.float32))
    loss_layer = SoftmaxWithLoss()
    scores = layer.forward(rng.standard_normal((4, 5), np.float32))
    loss_layer.forward(scores, np.array([0, 1, 2, 0]))
    dscores = loss_layer.backward()
    assert scores.dtype == dscores.dtype == layer.backward(dscores).dtype == np.float32
    assert layer.grads["W"].dtype == layer.grads["b"].dtype == np.float32


# --- dropout ----------------------------------------------------------------------------------


def test_dropout_keeps_the_expectation():
    layer = Dropout(0.3, np.random.default_rng(6))
    x = np.random.default_rng(7).uniform(0.5, 1.5, size=(2000, 50))
    train_out = layer.forward(x, train=True)
    test_out = layer.forward(x, train=False)
    assert np.mean(train_out == 0) == pytest.approx(0.3, abs=0.01)
    assert train_out.mean() == pytest.approx(test_out.mean(), rel=0.01)
    np.testing.assert_array_equal(test_out, x)


def test_dropout_backward_uses_the_forward_mask():
    layer = Dropout(0.5, np.random.default_rng(8))
    out = layer.forward(np.ones((10, 10)), train=True)
    np.testing.assert_array_equal(layer.backward(np.ones((10, 10))), out)
    layer.forward(np.ones((10, 10)), train=False)
    np.testing.assert_array_equal(layer.backward(np.ones((10, 10))), 1.0)


def test_dropout_frozen_mask_is_reused_and_gradients_match():
    layer = Dropout(0.4, np.random.default_rng(9))
    x = np.random.default_rng(10).standard_normal((4, 6))
    layer.forward(x)
    layer.freeze_mask()
    np.testing.assert_array_equal(layer.forward(x), layer.forward(x))
    assert_backward_matches_numerical(layer, x)
    with pytest.raises(ValueError, match="shape"):
        layer.forward(np.ones((3, 6)))
    layer.freeze_mask(False)
    assert not np.array_equal(layer.forward(x), layer.forward(x))


def test_dropout_is_reproducible_from_the_generator_seed():
    x = np.ones((5, 5))
    first = Dropout(0.5, np.random.default_rng(11)).forward(x)
    second = Dropout(0.5, np.random.default_rng(11)).forward(x)
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("ratio", [-0.1, 1.0, 1.5])
def test_dropout_rejects_ratios_outside_0_1(ratio):
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        Dropout(ratio, np.random.default_rng(0))


# --- batch normalization ----------------------------------------------------------------------


def make_batchnorm(rng: np.random.Generator, n: int = 6) -> BatchNormalization:
    return BatchNormalization(1 + 0.5 * rng.standard_normal(n), rng.standard_normal(n))


def test_batchnorm_normalizes_each_feature_in_training():
    layer = BatchNormalization(np.ones(6), np.zeros(6))
    x = np.random.default_rng(12).normal(5.0, 3.0, size=(50, 6))
    out = layer.forward(x, train=True)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1.0, rtol=1e-6)


def test_batchnorm_running_statistics():
    layer = BatchNormalization(np.ones(3), np.zeros(3))
    x = np.random.default_rng(13).normal(2.0, 4.0, size=(20, 3))
    layer.forward(x, train=True)
    np.testing.assert_allclose(layer.buffers["running_mean"], 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(layer.buffers["running_var"], 0.9 + 0.1 * x.var(axis=0))
    for _ in range(200):
        layer.forward(x, train=True)
    test_out = layer.forward(x, train=False)
    np.testing.assert_allclose(test_out, (x - x.mean(axis=0)) / x.std(axis=0), atol=1e-5)


def test_batchnorm_gradients_with_batch_statistics():
    rng = np.random.default_rng(14)
    assert_backward_matches_numerical(make_batchnorm(rng), rng.standard_normal((5, 6)))


def test_batchnorm_gradients_with_running_statistics():
    rng = np.random.default_rng(15)
    layer = make_batchnorm(rng)
    layer.forward(rng.standard_normal((5, 6)), train=True)
    assert_backward_matches_numerical(layer, rng.standard_normal((5, 6)), train=False)


# --- softmax with loss ------------------------------------------------------------------------


def test_softmax_with_loss_labels_and_one_hot_agree():
    rng = np.random.default_rng(16)
    x, labels = rng.standard_normal((4, 3)), np.array([2, 0, 1, 2])
    by_label, by_one_hot = SoftmaxWithLoss(), SoftmaxWithLoss()
    loss = by_label.forward(x, labels)
    assert loss == pytest.approx(by_one_hot.forward(x, np.eye(3)[labels]), rel=1e-12)
    y = softmax(x)
    assert loss == pytest.approx(-np.mean(np.log(y[np.arange(4), labels])), rel=1e-12)
    dx = by_label.backward()
    np.testing.assert_allclose(dx, by_one_hot.backward(), rtol=1e-12)
    np.testing.assert_allclose(dx, (y - np.eye(3)[labels]) / 4, rtol=1e-12)


@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_with_loss_gradient(one_hot):
    rng = np.random.default_rng(17)
    x, labels = rng.standard_normal((4, 3)), np.array([1, 0, 2, 2])
    t = np.eye(3)[labels] if one_hot else labels
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    numerical = numerical_gradient(lambda _: layer.forward(x, t), x)
    assert relative_error(dx, numerical) < TOLERANCE


def test_softmax_with_loss_of_huge_scores_is_finite():
    layer = SoftmaxWithLoss()
    loss = layer.forward(np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([0, 0]))
    assert loss == pytest.approx(500.0)
    assert np.all(np.isfinite(layer.backward()))


def test_softmax_with_loss_leaves_one_hot_targets_untouched():
    t = np.eye(3)[[0, 1]]
    layer = SoftmaxWithLoss()
    layer.forward(np.zeros((2, 3)), t)
    layer.backward()
    np.testing.assert_array_equal(t, np.eye(3)[[0, 1]])
