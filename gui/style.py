"""Colours, pens and fonts of the dashboard, in one place so a theme or a font scale
(presentation mode on a projector) changes every plot at once.

Series colours come from the Okabe-Ito palette, which stays distinguishable for the common
forms of colour blindness and on washed-out projectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionSpinBox,
    QWidget,
)

from gui.settings import DEFAULTS, Settings
from gui.widgets.plots.axis_ticks import fit_ticks_to_text

BASE_POINT_SIZE = 10.0
TICK_FONT_RELATIVE = 0.9
WIDEST_TICK = "-0.0000"  # the widest y tick label the live plots show
WIDEST_X_TICK = "00000"  # the widest x tick label worth room: iteration 10,000 and beyond


@dataclass(frozen=True)
class Theme:
    """The colours of one look; series colours are '#rrggbb' strings."""

    name: str
    background: str
    foreground: str
    grid_alpha: float
    raw_loss: str
    smooth_loss: str
    train_acc: str
    test_acc: str
    chance: str
    activation: str
    pre_activation: str
    error: str
    warning: str


THEMES: dict[str, Theme] = {
    "dark": Theme(
        name="dark", background="#16181c", foreground="#d8dade", grid_alpha=0.25,
        raw_loss="#56b4e9", smooth_loss="#e69f00", train_acc="#56b4e9", test_acc="#e69f00",
        chance="#9a9a9a", activation="#009e73", pre_activation="#cc79a7",
        error="#e5484d", warning="#f0c000",
    ),
    "light": Theme(
        name="light", background="#ffffff", foreground="#111111", grid_alpha=0.3,
        # the raw loss line is drawn at 45% opacity: a dark navy stays visible on white
        raw_loss="#002a46", smooth_loss="#d55e00", train_acc="#0072b2", test_acc="#d55e00",
        chance="#555555", activation="#007a5a", pre_activation="#a0507f",
        error="#c00000", warning="#8a6d00",
    ),
}


@dataclass(frozen=True)
class Style:
    """A theme plus a scale for fonts and line widths (1.0 on a desk, ~1.5 on a projector)."""

    theme: Theme = field(default_factory=lambda: THEMES["dark"])
    font_scale: float = 1.0

    def pen(self, colour: str, width: float = 1.5, *, alpha: float = 1.0,
            dashed: bool = False) -> QPen:
        """A cosmetic pen whose width grows with the font scale."""
        qcolour = QColor(colour)
        qcolour.setAlphaF(alpha)
        pen = pg.mkPen(qcolour, width=width * self.font_scale)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def brush_colour(self, colour: str, alpha: float) -> QColor:
        qcolour = QColor(colour)
        qcolour.setAlphaF(alpha)
        return qcolour

    def point_size(self, relative: float = 1.0) -> float:
        return BASE_POINT_SIZE * self.font_scale * relative

    def font(self, relative: float = 1.0, *, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSizeF(self.point_size(relative))
        font.setBold(bold)
        return font


PRESENTATION_THEME = "light"
PRESENTATION_BOOST = 1.5
"""Presentation mode draws dark on light and multiplies the user's font scale by this."""


def style_from_settings(settings: Settings, *, presenting: bool = False) -> Style:
    """The style to draw with: the user's theme (the default if unknown) at the user's font
    scale, or, when ``presenting``, the projector theme at font scale * PRESENTATION_BOOST."""
    scale = settings.read_float("ui/font_scale")
    if presenting:
        return Style(THEMES[PRESENTATION_THEME], scale * PRESENTATION_BOOST)
    theme = THEMES.get(settings.read_str("ui/theme"), THEMES[DEFAULTS["ui/theme"]])
    return Style(theme, scale)


def apply_app_font(app: QApplication, style: Style) -> None:
    """Scale the font of every widget (panels, status bar, tool bar), and the check boxes and
    spin box buttons with it."""
    if not isinstance(app.style(), ScaledControlsStyle):
        app.setStyle(ScaledControlsStyle())
    app.style().scale = style.font_scale
    font = app.font()
    font.setPointSizeF(style.point_size())
    app.setFont(font)


_SCALED_METRICS = {
    QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
}
_SPIN_BUTTONS = {QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown}


class ScaledControlsStyle(QProxyStyle):
    """The platform style with check boxes, radio buttons and spin box buttons as large as the
    text: Qt draws them at a fixed ~13 px, lost beside presentation mode's big labels.
    ``scale`` is the font scale (1.0: the platform's own sizes)."""

    def __init__(self) -> None:
        super().__init__()
        self.scale = 1.0

    def _extra_button_width(self, option: QStyleOption, widget: QWidget | None) -> int:
        base = super().subControlRect(QStyle.ComplexControl.CC_SpinBox, option,
                                      QStyle.SubControl.SC_SpinBoxUp, widget)
        return round(base.width() * (self.scale - 1.0)) if self.scale > 1.0 else 0

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 - Qt's name
        value = super().pixelMetric(metric, option, widget)
        if metric in _SCALED_METRICS and self.scale > 1.0:
            return round(value * self.scale)
        return value

    def subControlRect(self, control, option, sub, widget=None) -> QRect:  # noqa: N802
        rect = super().subControlRect(control, option, sub, widget)
        if control == QStyle.ComplexControl.CC_SpinBox:
            extra = self._extra_button_width(option, widget)
            if sub in _SPIN_BUTTONS:
                rect.adjust(-extra, 0, 0, 0)
            elif sub == QStyle.SubControl.SC_SpinBoxEditField:
                rect.adjust(0, 0, -extra, 0)
        return rect

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802
        """Fusion draws spin box arrows at most 8 px wide whatever the button's size: above
        scale 1 draw the box without them and the arrows as large as the text."""
        if control != QStyle.ComplexControl.CC_SpinBox or self.scale <= 1.0 or \
                option.buttonSymbols != QAbstractSpinBox.ButtonSymbols.UpDownArrows:
            super().drawComplexControl(control, option, painter, widget)
            return
        bare = QStyleOptionSpinBox(option)
        bare.buttonSymbols = QAbstractSpinBox.ButtonSymbols.NoButtons
        super().drawComplexControl(control, bare, painter, widget)
        self._draw_arrows(option, painter, widget)

    def _draw_arrows(self, option: QStyleOptionSpinBox, painter: QPainter,
                     widget: QWidget | None) -> None:
        """An up and a down triangle, each as wide as ~0.45 em, centred in its button; a
        step that cannot be taken (at the limit) is drawn in the disabled colour."""
        enabled = option.state & QStyle.StateFlag.State_Enabled
        half = option.fontMetrics.height() * 0.22
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for sub, flag, sign in ((QStyle.SubControl.SC_SpinBoxUp,
                                 QAbstractSpinBox.StepEnabledFlag.StepUpEnabled, -1),
                                (QStyle.SubControl.SC_SpinBoxDown,
                                 QAbstractSpinBox.StepEnabledFlag.StepDownEnabled, 1)):
            rect = self.subControlRect(QStyle.ComplexControl.CC_SpinBox, option, sub, widget)
            usable = enabled and bool(option.stepEnabled & flag)
            group = QPalette.ColorGroup.Normal if usable else QPalette.ColorGroup.Disabled
            painter.setBrush(option.palette.color(group, QPalette.ColorRole.ButtonText))
            size = min(half, rect.width() * 0.35, rect.height() * 0.6)
            centre = QPointF(rect.center()) + QPointF(0.5, 0.5)
            tip = QPointF(0, sign * size / 2)
            painter.drawPolygon(QPolygonF([centre + tip, centre - tip + QPointF(-size, 0),
                                           centre - tip + QPointF(size, 0)]))
        painter.restore()

    def sizeFromContents(self, kind, option, size, widget=None) -> QSize:  # noqa: N802
        result = super().sizeFromContents(kind, option, size, widget)
        if kind == QStyle.ContentsType.CT_SpinBox and option is not None:
            result.setWidth(result.width() + self._extra_button_width(option, widget))
        return result


def style_plot(item: pg.PlotItem, style: Style) -> None:
    """Axes and labels of one plot in the given style (the background is the view's; the live
    plots draw their grid with gui.widgets.plots.tick_grid)."""
    theme = style.theme
    tick_font = style.font(TICK_FONT_RELATIVE)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(style.pen(theme.foreground, 1.0))
        axis.setTextPen(theme.foreground)
        axis.setTickFont(tick_font)
        axis.setStyle(maxTickLevel=1)  # major and minor ticks: a third level is noise
        axis.label.setFont(style.font())
        axis.label.setDefaultTextColor(QColor(theme.foreground))
        fit_ticks_to_text(axis, QFontMetrics(tick_font))
    leave_room_for_last_x_label(item, style)


def leave_room_for_last_x_label(item: pg.PlotItem, style: Style) -> None:
    """pyqtgraph hides an x tick label that sticks out of its axis, and the label of the last
    tick (iteration 400, say) is centred on the right edge: with large text it vanished. Let
    half a wide label stick out, and keep that much margin right of the plot to draw it in;
    the same above the plot for the top y label."""
    metrics = QFontMetrics(style.font(TICK_FONT_RELATIVE))
    overhang = metrics.horizontalAdvance(WIDEST_X_TICK) // 2
    item.getAxis("bottom").setStyle(hideOverlappingLabels=overhang)
    # The top y label ("1.0", "10^1") is centred on the top edge too: keep half its height.
    above = metrics.height() // 2 + 1
    item.getAxis("left").setStyle(hideOverlappingLabels=above)
    left, _top, _right, bottom = item.layout.getContentsMargins()
    item.layout.setContentsMargins(left, above, overhang, bottom)


def fix_left_axis_width(item: pg.PlotItem, style: Style) -> None:
    """Give the left axis room for its widest labels, once: for a live plot, whose range
    changes with every update, an axis that resizes relayouts the plot and costs a second
    paint each time."""
    metrics = QFontMetrics(style.font(TICK_FONT_RELATIVE))
    item.getAxis("left").setWidth(metrics.horizontalAdvance(WIDEST_TICK) + 2 * metrics.height())


@dataclass(frozen=True)
class PathLook:
    """How one optimizer's path is drawn: a colour per theme, a marker and a dash, so the
    paths stay apart for colour-blind eyes and on a washed-out projector."""

    dark: str
    light: str
    symbol: str  # a pyqtgraph symbol name
    glyph: str  # the same marker as text, for the controls' swatches
    dash: Qt.PenStyle

    def colour(self, theme: Theme) -> str:
        return self.light if theme.name == "light" else self.dark


PATH_LOOKS: dict[str, PathLook] = {
    # Okabe-Ito colours; the four of the book's figure 6-8 (SGD, Momentum, AdaGrad, Adam) are
    # the four most different ones on each theme's surface.
    "sgd": PathLook("#e69f00", "#d55e00", "o", "●", Qt.PenStyle.SolidLine),
    "momentum": PathLook("#56b4e9", "#0072b2", "s", "■", Qt.PenStyle.DashLine),
    "nesterov": PathLook("#009e73", "#009e73", "t1", "▲", Qt.PenStyle.DashDotLine),
    "adagrad": PathLook("#ffffff", "#000000", "d", "◆", Qt.PenStyle.DotLine),
    "rmsprop": PathLook("#f0e442", "#e69f00", "t", "▼", Qt.PenStyle.DashDotDotLine),
    "adam": PathLook("#cc79a7", "#cc79a7", "star", "★", Qt.PenStyle.SolidLine),
}
