"""The network drawn as TensorFlow Playground does: a column per layer, a thumbnail per unit
(its value over the plane), edges whose colour is the weight's sign (blue +, orange -) and
whose thickness its size. Hovering a unit or an edge says its value.

The thumbnails come from the Playground frame (grids computed on the worker thread); this
widget turns them into images when a frame arrives and paints them, nothing more.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from engine.playground import PlaygroundFrame
from gui.style import Style
from gui.views.playground.colours import (
    NEGATIVE,
    POSITIVE,
    blend,
    class_colour,
    shade_image,
    unit_images,
)
from gui.views.playground.diagram_geometry import Edge, Node, edges, layout_nodes, nearest_edge

EDGE_LEVELS = 16
"""Steps of an edge's colour and width, from the weakest weight to the strongest: finer steps
would not show, and each step is drawn with one pen and one call for all its edges."""


@functools.lru_cache(maxsize=4 * EDGE_LEVELS)
def edge_pen(strength: float, positive: bool, background: str, font_scale: float) -> QPen:
    """The pen of an edge whose weight is ``strength`` (0..1) of the largest one's size."""
    colour = blend(POSITIVE if positive else NEGATIVE, background, 0.25 + 0.75 * strength)
    return QPen(colour, (0.4 + 3.6 * strength) * font_scale)


class NetworkDiagram(QWidget):
    """Units and weights of the latest frame; emits ``hovered(text)`` ('' off every item)."""

    hovered = Signal(str)

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.frame: PlaygroundFrame | None = None
        self.class_names: tuple[str, ...] = ()
        self.images: list[list[QImage]] = []  # per column, per unit
        self._scaled: tuple[QSize, list[list[QImage]]] | None = None
        self._nodes: list[list[Node]] = []
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # paintEvent fills it all
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(480, 360)

    def set_classes(self, names: tuple[str, ...]) -> None:
        self.class_names = names

    def show_frame(self, frame: PlaygroundFrame) -> None:
        """Turn the frame's grids into thumbnails and repaint."""
        self.frame = frame
        self._make_images()
        self._nodes = self._layout_nodes()
        self.update()

    def clear(self) -> None:
        self.frame = None
        self.images, self._nodes = [], []
        self.update()

    def apply_style(self, style: Style) -> None:
        self.style = style
        if self.frame is not None:
            self._make_images()
            self._nodes = self._layout_nodes()
        self.update()

    def shown_units(self) -> list[int]:
        """How many thumbnails each column shows: inputs, each hidden layer, outputs."""
        return [len(column) for column in self.images]

    # --- thumbnails and geometry ---------------------------------------------------------

    def _make_images(self) -> None:
        frame, background = self.frame, self.style.theme.background
        outputs = frame.probabilities
        # every step-th point of the boundary's grid: the same points as the thumbnails
        step = max(1, (outputs.shape[0] - 1) // max(1, frame.inputs.shape[-1] - 1))
        columns = [frame.inputs, *frame.hidden]
        self._scaled = None
        self.images = [unit_images(column, background) for column in columns]
        self.images.append([shade_image(outputs[::step, ::step, label], class_colour(label),
                                        background) for label in range(outputs.shape[-1])])

    def _header_height(self) -> float:
        return 2.4 * self.fontMetrics().height()

    def _layout_nodes(self) -> list[list[Node]]:
        if not self.images:
            return []
        metrics = self.fontMetrics()
        names = self.class_names or ("",)
        margins = (max(metrics.horizontalAdvance(name) for name in self.frame.features) + 8,
                   self._header_height(),
                   max(metrics.horizontalAdvance(name) for name in names) + 8, 4.0)
        return layout_nodes([len(column) for column in self.images],
                            QRectF(self.rect()), margins)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._nodes = self._layout_nodes()
        super().resizeEvent(event)

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.style.theme.background))
        if self.frame is None or not self._nodes:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_edges(painter)
        self._paint_nodes(painter)
        self._paint_labels(painter)

    def _edges(self) -> Iterator[Edge]:
        return edges(self._nodes, self.frame.weights)

    def _paint_edges(self, painter: QPainter) -> None:
        largest = max((float(np.abs(w).max(initial=0.0)) for w in self.frame.weights),
                      default=0.0) or 1.0
        batches: dict[tuple[int, bool], list[QLineF]] = {}
        for line, weight, _, _ in self._edges():
            level = round(abs(weight) / largest * (EDGE_LEVELS - 1))
            batches.setdefault((level, weight >= 0), []).append(line)
        # weakest first, so that a strong weight's line stays whole where lines cross
        for (level, positive), lines in sorted(batches.items()):
            painter.setPen(edge_pen(level / (EDGE_LEVELS - 1), positive,
                                    self.style.theme.background, self.style.font_scale))
            painter.drawLines(lines)

    def _paint_nodes(self, painter: QPainter) -> None:
        painter.setPen(QPen(QColor(self.style.theme.foreground), 1.0))
        for column, images in zip(self._nodes, self._scaled_images(), strict=True):
            for node, image in zip(column, images, strict=True):
                painter.drawImage(node.rect.topLeft(), image)
                painter.drawRect(node.rect)

    def _scaled_images(self) -> list[list[QImage]]:
        """The thumbnails at the size they are drawn, scaled once per frame or resize (drawing
        34 images scaled on every paint cost ~6 ms)."""
        size = self._nodes[0][0].rect.size().toSize()
        if self._scaled is None or self._scaled[0] != size:
            scaled = [[image.scaled(size) for image in column] for column in self.images]
            self._scaled = (size, scaled)
        return self._scaled[1]

    def _paint_labels(self, painter: QPainter) -> None:
        painter.setFont(self.font())
        painter.setPen(QColor(self.style.theme.foreground))
        metrics = self.fontMetrics()
        line_height = metrics.height()
        sizes = self.frame.layer_sizes
        spacing = (self._nodes[1][0].rect.center().x() - self._nodes[0][0].rect.center().x()
                   - metrics.averageCharWidth())
        for c, column in enumerate(self._nodes):
            centre = column[0].rect.center().x()
            titles = (("Input", "In") if c == 0 else ("Output", "Out")
                      if c == len(self._nodes) - 1 else (f"Layer {c}", f"L{c}"))
            shown = (f"{len(column)} of {sizes[c]}", f"{len(column)}/{sizes[c]}") if len(
                column) < sizes[c] else (f"{sizes[c]}",)
            for row, texts in enumerate((titles, shown)):
                # the long form where it fits between the columns, else the short one
                text = next((t for t in texts if metrics.horizontalAdvance(t) <= spacing),
                            texts[-1])
                box = QRectF(centre - spacing / 2, row * line_height, spacing, line_height)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        align_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for node, name in zip(self._nodes[0], self.frame.features, strict=False):
            painter.drawText(QRectF(0, node.rect.top(), node.rect.left() - 4, node.rect.height()),
                             align_right, name)
        align_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for node, name in zip(self._nodes[-1], self.class_names, strict=False):
            painter.drawText(QRectF(node.rect.right() + 4, node.rect.top(), 400,
                                    node.rect.height()), align_left, name)

    # --- hovering ------------------------------------------------------------------------

    def describe_at(self, point: QPointF) -> str:
        """What is under ``point`` (widget pixels): a unit, else the nearest edge, else ''."""
        if self.frame is None:
            return ""
        for column in self._nodes:
            for node in column:
                if node.rect.contains(point):
                    return self._describe_node(node)
        edge = nearest_edge(self._edges(), point)
        if edge is None:
            return ""
        _, weight, source, target = edge
        return (f"weight {self._unit_name(source)} -> {self._unit_name(target)}: "
                f"{weight:+.4f}")

    def _unit_name(self, node: Node) -> str:
        if node.column == 0:
            return f"input {self.frame.features[node.index]}"
        if node.column == len(self._nodes) - 1:
            names = self.class_names
            return f"output '{names[node.index] if node.index < len(names) else node.index}'"
        return f"layer {node.column} unit {node.index + 1}"

    def _describe_node(self, node: Node) -> str:
        name = self._unit_name(node)
        if node.column == 0:
            values = self.frame.inputs[node.index]
            return f"{name}: from {values.min():.2f} to {values.max():.2f} over the plane"
        bias = float(self.frame.biases[node.column - 1][node.index])
        if node.column == len(self._nodes) - 1:
            return f"{name}: bias {bias:+.4f}"
        values = self.frame.hidden[node.column - 1][node.index]
        return (f"{name}: bias {bias:+.4f}; activation from {values.min():.2f} to "
                f"{values.max():.2f} over the plane")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        text = self.describe_at(event.position())
        self.hovered.emit(text)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.hovered.emit("")
        super().leaveEvent(event)
