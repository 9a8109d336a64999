"""Help > About: what nndash is, its version and licence, and whose work it stands on."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine import __version__
from resources import resource_path

LICENCE = "MIT"

BOOK = "<i>Deep Learning from Scratch</i> by Koki Saitoh (O'Reilly Japan, 2016)"
# (what, who, licence) of the data and software nndash uses, shown in this order.
CREDITS: tuple[tuple[str, str, str], ...] = (
    ("MNIST handwritten digits (the embedded sample and the full set)",
     "Yann LeCun, Corinna Cortes and Christopher J.C. Burges", "CC BY-SA 3.0"),
    ("Fashion-MNIST", "Zalando Research (Han Xiao, Kashif Rasul, Roland Vollgraf)", "MIT"),
    ("Qt 6 and PySide6", "The Qt Company", "LGPL v3"),
    ("pyqtgraph", "Luke Campagnola and the pyqtgraph developers", "MIT"),
    ("NumPy", "the NumPy developers", "BSD 3-Clause"),
    ("DejaVu Sans (fallback font)", "the DejaVu fonts team", "Bitstream Vera licence"),
)


def app_version() -> str:
    """nndash's version, the same from source, an installed wheel and a frozen bundle."""
    return __version__


def about_html() -> str:
    """The dialog's text: name, version, licence, credits and the library versions."""
    credits = "".join(f"<li>{what}: {who}. Licence: {licence}.</li>"
                      for what, who, licence in CREDITS)
    return (
        f"<h2>nndash {app_version()}</h2>"
        "<p>A training dashboard for neural networks written from scratch in NumPy: watch "
        "the loss, the accuracy, every layer's activations and the optimizers' paths live. "
        f"It follows the book {BOOK}, chapters 3 to 6.</p><p>Licence: {LICENCE}.</p>"
        f"<h3>Credits</h3><ul>{credits}</ul>"
        f"<p><small>Python libraries: Qt {qVersion()}, PySide6 {PySide6.__version__}, "
        f"pyqtgraph {pg.__version__}, NumPy {np.__version__}.</small></p>"
    )


class AboutDialog(QDialog):
    """A modal box with the icon, ``about_html()`` and a Close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About nndash")
        icon = QLabel()
        icon.setPixmap(QPixmap(str(resource_path("icons", "nndash-128.png"))))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(about_html())
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(520)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(icon)
        body.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
