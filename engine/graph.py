"""Backpropagation on a computational graph (chapter 5): the book's MulLayer and AddLayer, the
two shopping examples as graphs a lab can draw, and one Affine -> Sigmoid -> SoftmaxWithLoss
chain with every number its layers compute.

A graph is a list of operations on named quantities (the wires). Forward runs the operations
left to right; backward starts with d price / d price = 1 at the output and runs them right to
left, one operation per step, so a lab can show the derivatives arriving one node at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.layers import Affine, Sigmoid, SoftmaxWithLoss


class MulLayer:
    """out = x * y; backward swaps the inputs: dx = dout * y, dy = dout * x."""

    def __init__(self) -> None:
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    """out = x + y; backward passes dout on unchanged to both inputs."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


@dataclass(frozen=True)
class Quantity:
    """A wire of the graph: an input (``position`` is where its label is drawn) or the output
    of an operation (drawn at that operation)."""

    name: str
    label: str
    position: tuple[float, float] | None = None  # inputs only: (column, row)


@dataclass(frozen=True)
class Operation:
    """One node: ``output = symbol(inputs[0], inputs[1])`` drawn at ``position``."""

    symbol: str  # "×" or "+"
    inputs: tuple[str, str]
    output: str
    position: tuple[float, float]

    def layer(self) -> MulLayer | AddLayer:
        return MulLayer() if self.symbol == "×" else AddLayer()


class ComputationalGraph:
    """Quantities and operations in forward order; the last operation gives the output.

    ``values()`` are the forward values of every quantity, ``backward_steps()`` the derivatives
    of the output known after 0, 1, ... operations of the backward pass.
    """

    def __init__(self, quantities: list[Quantity], operations: list[Operation],
                 inputs: dict[str, float], output_position: tuple[float, float]) -> None:
        self.quantities = {quantity.name: quantity for quantity in quantities}
        self.operations = operations
        self.inputs = dict(inputs)
        self.output = operations[-1].output
        self.output_position = output_position

    def set_input(self, name: str, value: float) -> None:
        if name not in self.inputs:
            raise ValueError(f"unknown input {name!r}; valid: {', '.join(self.inputs)}")
        self.inputs[name] = float(value)

    def _forward(self) -> tuple[dict[str, float], list[MulLayer | AddLayer]]:
        values = dict(self.inputs)
        layers = []
        for operation in self.operations:
            layer = operation.layer()
            values[operation.output] = layer.forward(*(values[name] for name in operation.inputs))
            layers.append(layer)
        return values, layers

    def values(self) -> dict[str, float]:
        """Every quantity's forward value, inputs included."""
        return self._forward()[0]

    def backward_steps(self) -> list[dict[str, float]]:
        """Entry k: d output / d quantity for the quantities reached after k backward steps
        (entry 0 holds only the output's 1; the last one has every input's derivative)."""
        _, layers = self._forward()
        grads = {self.output: 1.0}
        steps = [dict(grads)]
        for operation, layer in zip(reversed(self.operations), reversed(layers), strict=True):
            for name, grad in zip(operation.inputs, layer.backward(grads[operation.output]),
                                  strict=True):
                grads[name] = grads.get(name, 0.0) + grad
            steps.append(dict(grads))
        return steps

    def gradients(self) -> dict[str, float]:
        """d output / d quantity for every quantity (the complete backward pass)."""
        return self.backward_steps()[-1]


def apple_graph(apple: float = 100.0, apple_num: float = 2.0,
                tax: float = 1.1) -> ComputationalGraph:
    """The book's figure 5-16: 2 apples at 100 yen, 10% tax: price 220."""
    quantities = [
        Quantity("apple", "apple", (0, 0)), Quantity("apple_num", "count", (0, 1)),
        Quantity("tax", "tax", (1, 1.5)), Quantity("apple_price", "apple price"),
        Quantity("price", "price"),
    ]
    operations = [
        Operation("×", ("apple", "apple_num"), "apple_price", (1, 0.5)),
        Operation("×", ("apple_price", "tax"), "price", (2, 0.75)),
    ]
    return ComputationalGraph(quantities, operations,
                              {"apple": apple, "apple_num": apple_num, "tax": tax}, (3, 0.75))


def apple_orange_graph(apple: float = 100.0, apple_num: float = 2.0, orange: float = 150.0,
                       orange_num: float = 3.0, tax: float = 1.1) -> ComputationalGraph:
    """The book's figure 5-17: 2 apples at 100 and 3 oranges at 150 yen, 10% tax: 715."""
    quantities = [
        Quantity("apple", "apple", (0, 0)), Quantity("apple_num", "apples", (0, 1)),
        Quantity("orange", "orange", (0, 2)), Quantity("orange_num", "oranges", (0, 3)),
        Quantity("tax", "tax", (2, 3.5)), Quantity("apple_price", "apple price"),
        Quantity("orange_price", "orange price"), Quantity("all_price", "sum"),
        Quantity("price", "price"),
    ]
    operations = [
        Operation("×", ("apple", "apple_num"), "apple_price", (1, 0.5)),
        Operation("×", ("orange", "orange_num"), "orange_price", (1, 2.5)),
        Operation("+", ("apple_price", "orange_price"), "all_price", (2, 1.5)),
        Operation("×", ("all_price", "tax"), "price", (3, 2.0)),
    ]
    inputs = {"apple": apple, "apple_num": apple_num, "orange": orange,
              "orange_num": orange_num, "tax": tax}
    return ComputationalGraph(quantities, operations, inputs, (4, 2.0))


SHOPPING_GRAPHS: dict[str, Callable[[], ComputationalGraph]] = {
    "apples": apple_graph,
    "apples-oranges": apple_orange_graph,
}
"""The two shopping examples, each built with the book's prices."""


@dataclass(frozen=True)
class ChainStage:
    """One layer of a chain: what it received, what it gave forward, and the gradients that
    came back through it (``param_grads`` for its weights, if any)."""

    name: str
    forward: np.ndarray
    backward: np.ndarray
    param_grads: dict[str, np.ndarray]


def layer_chain(x: np.ndarray, W: np.ndarray, b: np.ndarray, t: int) -> list[ChainStage]:
    """x (1, n) -> Affine(W, b) -> Sigmoid -> SoftmaxWithLoss(t), forward then backward, with
    the real layers of engine.layers. Stage k's ``forward`` is the layer's output (the loss,
    as a 1-element array, for the last) and ``backward`` the gradient it passed to its input."""
    affine, sigmoid, loss_layer = Affine(W, b), Sigmoid(), SoftmaxWithLoss()
    a = affine.forward(x)
    z = sigmoid.forward(a)
    loss = loss_layer.forward(z, np.array([t]))
    dz = loss_layer.backward()
    da = sigmoid.backward(dz.copy())  # the layers may reuse their dout's memory
    dx = affine.backward(da)
    return [
        ChainStage("Affine", a, dx, {"dW": affine.grads["W"].copy(),
                                     "db": affine.grads["b"].copy()}),
        ChainStage("Sigmoid", z, da, {}),
        ChainStage("SoftmaxWithLoss", np.array([loss]), dz, {"y": loss_layer.y.copy()}),
    ]


def chain_weights(seed: int, n_in: int = 2, n_out: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Weights W (n_in, n_out) ~ N(0, 1) and biases b (n_out,) ~ N(0, 0.1) for layer_chain,
    drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_in, n_out)), rng.normal(0.0, 0.1, n_out)
