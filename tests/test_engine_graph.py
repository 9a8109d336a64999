"""The computational graph of chapter 5: the book's layers and shopping numbers."""

import numpy as np
import pytest

from engine.functions import sigmoid, softmax
from engine.graph import SHOPPING_GRAPHS, AddLayer, MulLayer, apple_graph, layer_chain


def test_mul_and_add_layers_follow_the_book():
    mul = MulLayer()
    assert mul.forward(100, 2) == 200
    assert mul.backward(1.1) == pytest.approx((2.2, 110))
    add = AddLayer()
    assert add.forward(200, 450) == 650
    assert add.backward(1.1) == (1.1, 1.1)


def test_buy_apple_gives_the_books_numbers():
    graph = SHOPPING_GRAPHS["apples"]()
    assert graph.values()["price"] == pytest.approx(220)
    grads = graph.gradients()
    assert grads["apple"] == pytest.approx(2.2)
    assert grads["apple_num"] == pytest.approx(110)
    assert grads["tax"] == pytest.approx(200)


def test_buy_apple_orange_gives_the_books_numbers():
    graph = SHOPPING_GRAPHS["apples-oranges"]()
    assert graph.values()["price"] == pytest.approx(715)
    grads = graph.gradients()
    assert [grads[name] for name in ("apple_num", "apple", "orange", "orange_num", "tax")] == (
        pytest.approx([110, 2.2, 3.3, 165, 650]))


def test_backward_steps_reach_the_inputs_one_operation_at_a_time():
    steps = SHOPPING_GRAPHS["apples-oranges"]().backward_steps()
    assert len(steps) == 5  # the output's 1, then one entry per operation
    assert steps[0] == {"price": 1.0}
    assert set(steps[1]) == {"price", "all_price", "tax"}  # the tax node, right-most
    assert "apple" not in steps[3] and steps[4]["apple"] == pytest.approx(2.2)


def test_edited_inputs_change_values_and_derivatives():
    graph = apple_graph()
    graph.set_input("apple_num", 3)
    assert graph.values()["price"] == pytest.approx(330)
    assert graph.gradients()["apple"] == pytest.approx(3.3)  # d/dapple = count * tax
    with pytest.raises(ValueError, match="apple, apple_num, tax"):
        graph.set_input("pear", 1)


def test_layer_chain_numbers_match_the_formulas_and_a_numerical_gradient():
    rng = np.random.default_rng(1)
    x, W, b, t = np.array([[0.6, 0.9]]), rng.normal(size=(2, 3)), rng.normal(size=3), 2
    affine, sig, loss = layer_chain(x, W, b, t)
    a = x @ W + b
    z = sigmoid(a)
    y = softmax(z)
    assert affine.forward == pytest.approx(a)
    assert sig.forward == pytest.approx(z)
    assert loss.forward[0] == pytest.approx(-np.log(y[0, t]))
    one_hot = np.eye(3)[t]
    assert loss.backward == pytest.approx(y - one_hot)  # the famous y - t
    assert sig.backward == pytest.approx((y - one_hot) * z * (1 - z))

    def loss_of(x_shift):
        return -np.log(softmax(sigmoid((x + x_shift) @ W + b))[0, t])

    h = 1e-6
    numerical = [(loss_of(h * e) - loss_of(-h * e)) / (2 * h) for e in np.eye(2)]
    assert affine.backward[0] == pytest.approx(numerical, rel=1e-6)
    assert affine.param_grads["dW"] == pytest.approx(x.T @ sig.backward)
