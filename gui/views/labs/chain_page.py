"""Lab 4b, chapter 5.6-5.7: one Affine -> Sigmoid -> SoftmaxWithLoss chain of a tiny network
with the numbers its layers really compute (engine.layers), forward above and backward below.
The four stages read left to right in two rows, so they fit a projector's large font.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.graph import ChainStage, chain_weights, layer_chain
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS

BACKWARD_COLOUR = SERIES_COLOURS[4]
CLASSES = 3


def matrix_text(values: np.ndarray) -> str:
    """Rows of a small array, 3 decimals, one row per line (HTML)."""
    rows = np.atleast_2d(values)
    lines = "<br>".join("[" + " ".join(f"{v: .3f}" for v in row) + "]" for row in rows)
    return f"<span style='font-family:monospace; white-space:pre'>{lines}</span>"


class ChainPage(QWidget):
    """For tests: ``x_spins``, ``target_spin``, ``seed_spin``, ``stages()`` (the engine's
    numbers shown) and ``boxes`` (name -> the QLabel showing that stage)."""

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
        form = QHBoxLayout()
        for label, spin in (("x₁", self.x_spins[0]), ("x₂", self.x_spins[1]),
                            ("Target t", self.target_spin), ("Weight seed", self.seed_spin)):
            form.addWidget(QLabel(label))
            form.addWidget(spin)
        form.addStretch(1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.chain = QGridLayout()
        for name in ("input", "Affine", "Sigmoid", "SoftmaxWithLoss"):
            box = QLabel()
            box.setTextFormat(Qt.TextFormat.RichText)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            box.setMargin(6)
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.boxes[name] = box
        for index, box in enumerate(self.boxes.values()):  # two rows: fits large fonts
            self.chain.addWidget(box, index // 2, index % 2)
        left = QVBoxLayout()
        left.addLayout(self.chain)
        left.addWidget(self.explanation)
        left.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(left, 1)
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
        return []

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

        def forward(label: str, values: np.ndarray) -> str:
            return f"<b>{label}</b><br>{matrix_text(values)}"

        def backward(label: str, values: np.ndarray) -> str:
            return (f"<span style='color:{BACKWARD_COLOUR}'><b>{label}</b><br>"
                    f"{matrix_text(values)}</span>")

        self.boxes["input"].setText(
            forward("x", x) + "<br>" + forward("W", W) + "<br>" + forward("b", b)
            + "<hr>" + backward("dx = da · Wᵀ", affine.backward))
        self.boxes["Affine"].setText(
            "<b>Affine</b>: a = x · W + b<br>" + forward("a", affine.forward) + "<hr>"
            + backward("da = dz · z (1 − z)", sigmoid.backward) + "<br>"
            + backward("dW = xᵀ · da", affine.param_grads["dW"]) + "<br>"
            + backward("db = da", affine.param_grads["db"]))
        self.boxes["Sigmoid"].setText(
            "<b>Sigmoid</b>: z = 1 / (1 + exp(−a))<br>" + forward("z", sigmoid.forward)
            + "<hr>" + backward("dz = y − t", loss.backward))
        self.boxes["SoftmaxWithLoss"].setText(
            "<b>SoftmaxWithLoss</b><br>" + forward("y = softmax(z)", loss.param_grads["y"])
            + "<br>" + forward(f"loss = −log y[{t}]", loss.forward) + "<hr>"
            + backward("d loss / d loss", np.array([1.0])))
        self.explanation.setText(
            "Forward (top of each box) runs left to right through the layers of engine/layers.py;"
            f" <span style='color:{BACKWARD_COLOUR}'>backward</span> (below the line) runs right"
            " to left: SoftmaxWithLoss gives y − t, Sigmoid multiplies by z (1 − z), Affine"
            " turns it into dW, db and dx.")
