"""MultiLayerNet: backprop against numerical gradients, init, determinism, saving, validation."""

import os

import numpy as np
import pytest

from engine.initializers import WEIGHT_INITS, init_weight, weight_scale
from engine.network import MultiLayerNet
from engine.numerical import relative_error

TOLERANCE = 1e-6
LABELS = np.array([0, 2, 1, 2])


def small_net(hidden_sizes: tuple[int, ...] = (4, 3), **kwargs) -> MultiLayerNet:
    """A 5-(4,3)-3 float64 net whose parameters (biases too) are random and nonzero, so no
    ReLU input sits on the kink and no gradient vanishes by symmetry."""
    net = MultiLayerNet(5, hidden_sizes, 3, seed=0, dtype=np.float64, **kwargs)
    rng = np.random.default_rng(1)
    for param in net.params.values():
        param += 0.3 * rng.standard_normal(param.shape)
    return net


def batch() -> np.ndarray:
    return np.random.default_rng(2).standard_normal((4, 5))


def assert_gradients_match(net: MultiLayerNet, t: np.ndarray = LABELS) -> None:
    x = batch()
    backprop = {name: grad.copy() for name, grad in net.gradient(x, t).items()}
    numerical = net.numerical_gradient(x, t)
    assert backprop.keys() == numerical.keys() == net.params.keys()
    for name in backprop:
        assert relative_error(backprop[name], numerical[name]) < TOLERANCE, name


# --- gradients --------------------------------------------------------------------------------


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_gradient_check_per_activation(activation):
    assert_gradients_match(small_net(activation=activation))


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_gradient_check_with_batchnorm(activation):
    net = small_net(activation=activation, batchnorm=True)
    assert {"gamma1", "beta1", "gamma2", "beta2"} <= net.params.keys()
    assert_gradients_match(net)


def test_gradient_check_with_weight_decay():
    assert_gradients_match(small_net(weight_decay=0.3))


def test_gradient_check_with_dropout_under_a_fixed_mask():
    net = small_net(dropout=0.3)
    net.freeze_dropout()
    assert_gradients_match(net)


def test_gradient_check_with_everything_and_one_hot_targets():
    net = small_net(activation="sigmoid", batchnorm=True, dropout=0.2, weight_decay=0.1)
    net.freeze_dropout()
    assert_gradients_match(net, np.eye(3)[LABELS])


def test_gradient_check_without_hidden_layers():
    net = small_net(hidden_sizes=())
    assert list(net.params) == ["W1", "b1"]
    assert_gradients_match(net)


def test_loss_and_gradient_runs_one_forward_pass(monkeypatch):
    net = small_net(batchnorm=True)
    calls = []
    predict = net.predict
    monkeypatch.setattr(net, "predict", lambda *args: calls.append(1) or predict(*args))
    loss, grads = net.loss_and_gradient(batch(), LABELS)
    assert len(calls) == 1
    assert isinstance(loss, float)
    assert grads.keys() == net.params.keys()


def test_loss_and_gradient_agree_with_loss_and_gradient():
    net = small_net(weight_decay=0.1)
    loss, grads = net.loss_and_gradient(batch(), LABELS)
    grads = {name: grad.copy() for name, grad in grads.items()}
    assert loss == pytest.approx(net.loss(batch(), LABELS))
    for name, grad in net.gradient(batch(), LABELS).items():
        np.testing.assert_array_equal(grad, grads[name])


def test_weight_decay_penalizes_weights_only():
    plain, decayed = small_net(), small_net(weight_decay=0.5)
    squares = sum(np.sum(decayed.params[f"W{i}"] ** 2) for i in (1, 2, 3))
    difference = decayed.loss(batch(), LABELS) - plain.loss(batch(), LABELS)
    assert difference == pytest.approx(0.5 * 0.5 * squares, rel=1e-12)


def test_numerical_gradient_leaves_running_statistics_unchanged():
    net = small_net(batchnorm=True)
    net.loss(batch(), LABELS)
    before = {name: buffer.copy() for name, buffer in net.buffers.items()}
    net.numerical_gradient(batch(), LABELS)
    for name, buffer in net.buffers.items():
        np.testing.assert_array_equal(buffer, before[name])



def test_params_and_grads_are_views_of_two_flat_buffers():
    net = small_net(batchnorm=True, weight_decay=0.1)
    _, grads = net.loss_and_gradient(batch(), LABELS)
    assert grads.keys() == net.params.keys()
    for name, param in net.params.items():
        assert np.shares_memory(param, net.flat_params), name
        assert np.shares_memory(grads[name], net.flat_grads), name
        assert param.flags.c_contiguous and grads[name].shape == param.shape
    in_views = sum(param.size for param in net.params.values())
    # The alignment gaps hold zeros, so a flat update leaves them (and the views) consistent.
    assert np.count_nonzero(net.flat_grads) == np.count_nonzero(
        np.concatenate([grad.ravel() for grad in grads.values()]))
    assert net.flat_params.size >= in_views and net.flat_grads.shape == net.flat_params.shape


def test_a_flat_update_equals_updating_each_parameter():
    net, twin = small_net(batchnorm=True, weight_decay=0.1), small_net(batchnorm=True,
                                                                        weight_decay=0.1)
    _, grads = net.loss_and_gradient(batch(), LABELS)
    _, twin_grads = twin.loss_and_gradient(batch(), LABELS)
    for name, param in twin.params.items():
        param -= 0.1 * twin_grads[name]
    net.flat_params -= 0.1 * net.flat_grads
    for name, param in net.params.items():
        np.testing.assert_array_equal(param, twin.params[name], err_msg=name)


# --- forward pass, dtypes, activations ------------------------------------------------------


def test_float32_is_kept_through_forward_and_backward():
    net = MultiLayerNet(5, (4, 3), 3, batchnorm=True, dropout=0.1, weight_decay=0.01, seed=0)
    x = batch().astype(np.float32)
    assert net.predict(x).dtype == np.float32
    assert net.predict(batch()).dtype == np.float32  # float64 input is converted
    _, grads = net.loss_and_gradient(x, LABELS)
    assert {grad.dtype for grad in grads.values()} == {np.dtype(np.float32)}
    assert {param.dtype for param in net.params.values()} == {np.dtype(np.float32)}


def test_activations_and_pre_activations_of_the_last_forward_pass():
    net = small_net(activation="sigmoid")
    scores = net.predict(batch())
    assert scores.shape == (4, 3)
    assert [a.shape for a in net.activations] == [(4, 4), (4, 3)]
    for pre, post in zip(net.pre_activations, net.activations, strict=True):
        np.testing.assert_allclose(post, 1 / (1 + np.exp(-pre)))


def test_pre_activations_follow_batchnorm():
    net = small_net(batchnorm=True)
    net.params["gamma1"][...] = 1.0
    net.params["beta1"][...] = 0.0
    net.predict(batch(), train=True)
    np.testing.assert_allclose(net.pre_activations[0].mean(axis=0), 0.0, atol=1e-12)


def test_accuracy_with_labels_or_one_hot_in_chunks():
    net = small_net()
    x = np.random.default_rng(3).standard_normal((25, 5))
    labels = np.random.default_rng(4).integers(0, 3, 25)
    one_hot = np.eye(3)[labels]
    expected = np.mean(net.predict(x).argmax(axis=1) == labels)
    net.predict(batch(), train=True)
    training_activations = net.activations
    assert net.accuracy(x, labels) == pytest.approx(expected)
    assert net.accuracy(x, one_hot, batch_size=4) == pytest.approx(expected)
    np.testing.assert_array_equal(one_hot, np.eye(3)[labels])
    assert net.activations is training_activations


def test_accuracy_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        small_net().accuracy(np.zeros((0, 5)), np.zeros(0, dtype=int))


def test_the_network_learns_a_toy_problem():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((300, 2)).astype(np.float32)
    t = (x[:, 0] * x[:, 1] > 0).astype(np.int64)  # XOR of the signs: not linearly separable
    net = MultiLayerNet(2, (16, 16), 2, seed=0)
    first_loss = net.loss(x, t)
    for _ in range(500):
        _, grads = net.loss_and_gradient(x, t)
        for name, param in net.params.items():
            param -= 0.5 * grads[name]
    assert net.loss(x, t) < first_loss / 3
    assert net.accuracy(x, t) > 0.95


# --- initialization and determinism -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(1 / 400)), ("glorot", np.sqrt(2 / 600))],
)
def test_init_scales(name, expected):
    net = MultiLayerNet(400, (200,), 10, weight_init=name, seed=0)
    assert net.params["W1"].std() == pytest.approx(expected, rel=0.02)
    assert net.params["W1"].mean() == pytest.approx(0.0, abs=expected * 0.01)
    np.testing.assert_array_equal(net.params["b1"], 0.0)


def test_std_init_uses_the_given_number():
    net = MultiLayerNet(400, (200,), 10, weight_init="std", init_std=0.01, seed=0)
    assert net.params["W1"].std() == pytest.approx(0.01, rel=0.02)
    assert net.params["W2"].std() == pytest.approx(0.01, rel=0.1)


def test_weight_init_registry_and_errors():
    assert set(WEIGHT_INITS) == {"std", "xavier", "he", "glorot"}
    assert WEIGHT_INITS["std"].needs_std and not WEIGHT_INITS["he"].needs_std
    assert weight_scale("he", 50, 10) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="std, xavier, he, glorot"):
        weight_scale("lecun", 50, 10)
    with pytest.raises(ValueError, match="positive init_std"):
        weight_scale("std", 50, 10)
    with pytest.raises(ValueError, match="only used with"):
        weight_scale("he", 50, 10, std=0.1)
    W = init_weight(np.random.default_rng(0), 3, 4, "he", dtype=np.float64)
    assert W.shape == (3, 4) and W.dtype == np.float64


def test_same_seed_same_network_and_dropout_masks():
    first = MultiLayerNet(6, (5, 4), 3, dropout=0.5, seed=7)
    second = MultiLayerNet(6, (5, 4), 3, dropout=0.5, seed=7)
    other = MultiLayerNet(6, (5, 4), 3, dropout=0.5, seed=8)
    for name, param in first.params.items():
        np.testing.assert_array_equal(param, second.params[name])
    assert not np.array_equal(first.params["W1"], other.params["W1"])
    x = np.ones((4, 6), np.float32)
    np.testing.assert_array_equal(first.predict(x, train=True), second.predict(x, train=True))


# --- configuration, validation, saving --------------------------------------------------------


def test_config_rebuilds_the_same_network():
    net = MultiLayerNet(
        6,
        [5, 4],
        3,
        activation="tanh",
        weight_init="std",
        init_std=0.1,
        dropout=0.2,
        batchnorm=True,
        weight_decay=0.01,
        seed=3,
    )
    config = net.config()
    assert config["hidden_sizes"] == [5, 4] and config["dtype"] == "float32"
    twin = MultiLayerNet(**config)
    for name, param in net.params.items():
        np.testing.assert_array_equal(param, twin.params[name])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"input_size": 0}, "input_size"),
        ({"output_size": 2.5}, "output_size"),
        ({"hidden_sizes": (4, -1)}, "hidden size"),
        ({"hidden_sizes": (True,)}, "hidden size"),
        ({"hidden_sizes": "100"}, "hidden_sizes"),
        ({"activation": "elu"}, "relu, sigmoid, tanh"),
        ({"weight_init": "normal"}, "std, xavier, he, glorot"),
        ({"dropout": 1.0}, "dropout"),
        ({"dropout": -0.1}, "dropout"),
        ({"weight_decay": -1.0}, "weight_decay"),
        ({"seed": 1.5}, "seed"),
        ({"dtype": np.int32}, "float32 or float64"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, message):
    arguments = {"input_size": 5, "hidden_sizes": (4,), "output_size": 3, **kwargs}
    with pytest.raises(ValueError, match=message):
        MultiLayerNet(**arguments)


def trained_net() -> MultiLayerNet:
    net = MultiLayerNet(5, (4, 3), 3, batchnorm=True, seed=0)
    x = batch().astype(np.float32)
    for _ in range(5):
        _, grads = net.loss_and_gradient(x, LABELS)
        for name, param in net.params.items():
            param -= 0.1 * grads[name]
    return net


def test_save_and_load_round_trip(tmp_path):
    net = trained_net()
    path = tmp_path / "weights.npz"
    net.save(path)
    loaded = MultiLayerNet.load(path)
    assert loaded.config() == net.config()
    np.testing.assert_array_equal(loaded.predict(batch()), net.predict(batch()))
    for name, buffer in net.buffers.items():
        np.testing.assert_array_equal(loaded.buffers[name], buffer)
    assert os.listdir(tmp_path) == ["weights.npz"]  # no temporary file left behind


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "weights.npz"
    path.write_bytes(b"old")
    trained_net().save(path)
    assert MultiLayerNet.load(path).config()["batchnorm"]


def test_loading_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        MultiLayerNet.load(tmp_path / "nothing.npz")


def test_loading_bad_files_raises_value_errors(tmp_path):
    good = tmp_path / "good.npz"
    trained_net().save(good)
    broken = {
        "garbage.npz": b"not a network at all",
        "truncated.npz": good.read_bytes()[:300],
        "empty.npz": b"",
    }
    for name, content in broken.items():
        (tmp_path / name).write_bytes(content)
    np.save(tmp_path / "single.npy", np.zeros(3))
    np.savez(tmp_path / "no_config.npz", W1=np.zeros((5, 4)))
    for name in [*broken, "single.npy", "no_config.npz"]:
        with pytest.raises(ValueError, match=name):
            MultiLayerNet.load(tmp_path / name)


def test_loading_mismatched_arrays_names_the_problem(tmp_path):
    with np.load(_saved(tmp_path)) as archive:
        arrays = dict(archive)
    wrong_shape = {**arrays, "W2": np.zeros((9, 9), np.float32)}
    missing = {name: array for name, array in arrays.items() if name != "b3"}
    bad_config = {**arrays, "config": np.array('{"input_size": 5}')}
    for name, content, message in [
        ("shape.npz", wrong_shape, r"W2 is float32 of shape \(9, 9\)"),
        ("missing.npz", missing, r"missing \['b3'\]"),
        ("config.npz", bad_config, "bad network configuration"),
    ]:
        np.savez(tmp_path / name, **content)
        with pytest.raises(ValueError, match=message):
            MultiLayerNet.load(tmp_path / name)


def _saved(tmp_path) -> os.PathLike:
    path = tmp_path / "saved.npz"
    trained_net().save(path)
    return path
