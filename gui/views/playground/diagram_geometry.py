"""Where the network diagram puts its units and edges, and which edge the mouse is on.

Columns are layers (inputs, each hidden layer, outputs), spread evenly across the widget;
each column's thumbnails are square, stacked and centred, as large as the fullest column
allows between SMALLEST_THUMBNAIL and LARGEST_THUMBNAIL pixels.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF

LARGEST_THUMBNAIL = 72
SMALLEST_THUMBNAIL = 10
EDGE_HIT_PIXELS = 4.0
"""How close (pixels) the mouse must be to an edge to hover it."""


@dataclass(frozen=True)
class Node:
    column: int
    index: int
    rect: QRectF


Edge = tuple[QLineF, float, Node, Node]
"""(line, weight, from node, to node)."""


def layout_nodes(column_sizes: Sequence[int], area: QRectF,
                 margins: tuple[float, float, float, float]) -> list[list[Node]]:
    """A node per unit shown, for columns of ``column_sizes`` units in ``area`` less
    ``margins`` (left, top, right, bottom: the input names, the titles, the class names)."""
    left, top, right, bottom = margins
    width = area.width() - left - right
    height = area.height() - top - bottom
    columns, most = len(column_sizes), max(column_sizes)
    size = min(height / (most * 1.3), width / (columns * 2.0), LARGEST_THUMBNAIL)
    size = max(size, SMALLEST_THUMBNAIL)
    gap = 0.3 * size
    nodes = []
    for c, count in enumerate(column_sizes):
        centre_x = area.left() + left + (c + 0.5) * width / columns
        total = count * size + (count - 1) * gap
        y = area.top() + top + (height - total) / 2
        nodes.append([Node(c, i, QRectF(centre_x - size / 2, y + i * (size + gap), size, size))
                      for i in range(count)])
    return nodes


def edges(nodes: list[list[Node]], weights: Sequence[np.ndarray]) -> Iterator[Edge]:
    """Every weight drawn, from the right side of its source to the left of its target."""
    for layer, layer_weights in enumerate(weights):
        for a, source in enumerate(nodes[layer]):
            for b, target in enumerate(nodes[layer + 1]):
                line = QLineF(source.rect.right(), source.rect.center().y(),
                              target.rect.left(), target.rect.center().y())
                yield line, float(layer_weights[a, b]), source, target


def nearest_edge(candidates: Iterable[Edge], point: QPointF) -> Edge | None:
    """The edge closest to ``point`` if within EDGE_HIT_PIXELS, else None."""
    best = min(((distance_to_segment(point, edge[0]), edge) for edge in candidates),
               key=lambda item: item[0], default=None)
    return best[1] if best is not None and best[0] <= EDGE_HIT_PIXELS else None


def distance_to_segment(point: QPointF, line: QLineF) -> float:
    dx, dy = line.dx(), line.dy()
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(point.x() - line.x1(), point.y() - line.y1())
    s = ((point.x() - line.x1()) * dx + (point.y() - line.y1()) * dy) / length2
    s = min(max(s, 0.0), 1.0)
    return math.hypot(point.x() - line.x1() - s * dx, point.y() - line.y1() - s * dy)
