"""A combo box that is never narrower than its current choice, and elides what cannot fit.

The setup forms let combo boxes shrink to a few characters (gui.widgets.forms.form_panel
``shorten_when_squeezed``) so that a long item never widens the window; Qt then cut the
current text off mid-letter: in F11 on a 1024x768 projector the data set read "MNIST sar".
This one's minimum width holds its current text, so a squeezed form puts the label above
the field (QFormLayout.WrapLongRows) instead; a text longer than WIDEST still shrinks, and
is drawn with an ellipsis ("Fashion-MNIST (not avai…") rather than cut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from gui.widgets.forms.fitted_line_edit import WIDEST


class FittedComboBox(QComboBox):
    """A non-editable QComboBox whose minimum size hint holds its current text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(self.updateGeometry)
        self.model().dataChanged.connect(self.updateGeometry)  # an item renamed

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        base = super().minimumSizeHint()
        metrics = self.fontMetrics()
        text = min(metrics.horizontalAdvance(self.currentText()),
                   metrics.horizontalAdvance(WIDEST))
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        fitted = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                               QSize(text, base.height()), self)
        return QSize(max(base.width(), fitted.width()), base.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """As QComboBox paints itself, with the current text elided to the field."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
