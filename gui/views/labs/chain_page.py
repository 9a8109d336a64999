"""Lab 4b, chapter 5.6-5.7: one Affine -> Sigmoid -> SoftmaxWithLoss chain of a tiny network
with the numbers its layers really compute (engine.layers), forward above and backward below.
The four stages read left to right in two rows, so they fit a projector's large font.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.graph import ChainStage, chain_weights, layer_chain
from gui.actions.export import PlotKind, Table
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS, lab_export_kind

BACKWARD_COLOUR = SERIES_COLOURS[4]
CLASSES = 3
INLINE_CHARACTERS = 30  # a label and one row of numbers this short share a line


@dataclass(frozen=True)
class Shown:
    """One array a box shows: its name in the CSV, its label on screen, whether it flows
    backward (drawn in the backward colour, below the box's line)."""

    name: str
    label: str
    values: np.ndarray
    backward: bool = False


def matrix_rows(values: np.ndarray) -> list[str]:
    """Rows of a small array, 3 decimals each."""
    return ["[" + " ".join(f"{v: .3f}" for v in row) + "]" for row in np.atleast_2d(values)]


def shown_html(shown: Shown) -> str:
    """The label, then the numbers (monospace): on the same line when both are short, so the
    four boxes fit a projector's large font without scrolling."""
    rows = matrix_rows(shown.values)
    numbers = f"<span style='font-family:monospace; white-space:pre'>{'<br>'.join(rows)}</span>"
    inline = len(rows) == 1 and len(shown.label) + 3 + len(rows[0]) <= INLINE_CHARACTERS
    text = f"<b>{shown.label}</b>{' = ' if inline else '<br>'}{numbers}"
    return f"<span style='color:{BACKWARD_COLOUR}'>{text}</span>" if shown.backward else text


class ChainDiagram(QWidget):
    """The four boxes of the chain; File > Export writes them as 'labs-layer-chain' with
    every number shown as CSV (``table``)."""

    def __init__(self, table: Callable[[], Table], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = table

    def export_kind(self) -> PlotKind:
        return lab_export_kind("Layer chain", "labs-layer-chain", self._table)


class ChainPage(QWidget):
    """For tests: ``x_spins``, ``target_spin``, ``seed_spin``, ``stages()`` (the engine's
    numbers shown), ``boxes`` (name -> the QLabel showing that stage) and ``diagram``."""

    title = "Layer chain"

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.x_spins = [self._spin(0.6), self._spin(0.9)]
        self.target_spin = QSpinBox()
        self.target_spin.setRange(0, CLASSES - 1)
        self.target_spin.setToolTip("The correct class t.")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 9999)
        self.seed_spin.setToolTip("Draws the weights W (2 × 3) and biases b.")
        self.boxes: dict[str, QLabel] = {}
        self._stages: list[ChainStage] = []
        self._shown: dict[str, list[Shown]] = {}
        self.inputs = QWidget()
        form = QHBoxLayout(self.inputs)
        form.setContentsMargins(0, 0, 0, 0)
        for label, spin in (("x₁", self.x_spins[0]), ("x₂", self.x_spins[1]),
                            ("Target t", self.target_spin), ("Weight seed", self.seed_spin)):
            form.addWidget(QLabel(label))
            form.addWidget(spin)
        form.addStretch(1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.diagram = ChainDiagram(self.table)
        chain = QGridLayout(self.diagram)
        chain.setContentsMargins(0, 0, 0, 0)
        for name in ("input", "Affine", "Sigmoid", "SoftmaxWithLoss"):
            box = QLabel()
            box.setTextFormat(Qt.TextFormat.RichText)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            box.setMargin(6)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.boxes[name] = box
        for index, box in enumerate(self.boxes.values()):  # two rows: fits large fonts
            chain.addWidget(box, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.inputs)
        layout.addWidget(self.diagram, 1)
        layout.addWidget(self.explanation)
        for spin in (*self.x_spins, self.target_spin, self.seed_spin):
            spin.valueChanged.connect(self._recompute)
        self.apply_style(style)

    @staticmethod
    def _spin(value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-10.0, 10.0)
        spin.setSingleStep(0.1)
        spin.setValue(value)
        spin.setToolTip("One input of the sample x (1 × 2).")
        return spin

    def stages(self) -> list[ChainStage]:
        return list(self._stages)

    def plots(self) -> list[QWidget]:
        return [self.diagram]

    def controls(self) -> list[QWidget]:
        """The inputs and the explanation: plots only leaves the boxes."""
        return [self.inputs, self.explanation]

    def table(self) -> Table:
        """Every number the boxes show: one row per entry of each array."""
        rows = [(box, shown.name, row, column, float(value))
                for box, items in self._shown.items() for shown in items
                for (row, column), value in np.ndenumerate(np.atleast_2d(shown.values))]
        return Table(("box", "quantity", "row", "column", "value"), rows)

    def apply_style(self, style: Style) -> None:
        self.style = style
        for box in self.boxes.values():
            box.setFont(style.font())
        self._recompute()

    @Slot()
    def _recompute(self) -> None:
        x = np.array([[spin.value() for spin in self.x_spins]])
        W, b = chain_weights(self.seed_spin.value())
        t = self.target_spin.value()
        self._stages = layer_chain(x, W, b, t)
        affine, sigmoid, loss = self._stages
        self._shown = {
            "input": [Shown("x", "x", x), Shown("W", "W", W), Shown("b", "b", b),
                      Shown("dx", "dx = da · Wᵀ", affine.backward, True)],
            "Affine": [Shown("a", "a", affine.forward),
                       Shown("da", "da = dz · z (1 − z)", sigmoid.backward, True),
                       Shown("dW", "dW = xᵀ · da", affine.param_grads["dW"], True),
                       Shown("db", "db = da", affine.param_grads["db"], True)],
            "Sigmoid": [Shown("z", "z", sigmoid.forward),
                        Shown("dz", "dz = y − t", loss.backward, True)],
            "SoftmaxWithLoss": [Shown("y", "y = softmax(z)", loss.param_grads["y"]),
                                Shown("loss", f"loss = −log y[{t}]", loss.forward),
                                Shown("dloss", "d loss / d loss", np.array([1.0]), True)],
        }
        headings = {"input": "", "Affine": "<b>Affine</b>: a = x · W + b<br>",
                    "Sigmoid": "<b>Sigmoid</b>: z = 1 / (1 + exp(−a))<br>",
                    "SoftmaxWithLoss": "<b>SoftmaxWithLoss</b><br>"}
        for name, items in self._shown.items():
            forward = "<br>".join(shown_html(s) for s in items if not s.backward)
            backward = "<br>".join(shown_html(s) for s in items if s.backward)
            self.boxes[name].setText(f"{headings[name]}{forward}<hr>{backward}")
        self.explanation.setText(
            "Forward (top of each box) runs left to right through the layers of engine/layers.py;"
            f" <span style='color:{BACKWARD_COLOUR}'>backward</span> (below the line) runs right"
            " to left: SoftmaxWithLoss gives y − t, Sigmoid multiplies by z (1 − z), Affine"
            " turns it into dW, db and dx.")
