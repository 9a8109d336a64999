"""The plane: the network's predicted class as an image, the training points filled and the
test points outlined, with a legend of the class colours below.

The image is the Playground frame's decision grid (computed on the worker thread); this plot
only colours it. Aspect is locked, so a circle in the data looks like one, and the plot is
sized to the plane's aspect (AspectFrame), so the plane fills it without empty bands.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Slot
from PySide6.QtWidgets import QLabel, QWidget

from engine.playground import PlaygroundFrame
from gui.style import Style
from gui.views.playground.colours import boundary_rgba, class_colour
from gui.widgets.plots.aspect_frame import AspectFrame
from gui.widgets.plots.plot_panel import PlotPanel

POINT_SIZE = 7.0
"""Diameter of a data point in pixels at font scale 1."""


class BoundaryPlot(PlotPanel):
    """The decision boundary of the latest frame. ``show_frame`` stores, ``refresh`` draws."""

    show_grid = False  # the image is the background: grid lines would only clutter it

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__("Decision boundary",
                         "Each point of the plane in the colour of the class the network "
                         "predicts there; pale where it is unsure. Filled dots are training "
                         "points, rings test points.", style, parent)
        self.view = pg.PlotWidget()
        self.plot = self.view.getPlotItem()
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLabels(bottom="x", left="y")
        for side in ("bottom", "left"):  # the plane's coordinates as they are: no "(x0.001)"
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.train_points = pg.ScatterPlotItem()
        self.test_halo = pg.ScatterPlotItem()  # a ring in the foreground colour under each
        self.test_points = pg.ScatterPlotItem()  # test ring, so it shows on its own class
        for item in (self.image, self.train_points, self.test_halo, self.test_points):
            self.plot.addItem(item)
        self.legend = QLabel()
        self.legend.setWordWrap(True)  # below the plot, so large text wraps instead of
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # "&nbsp;" with no tag is HTML too
        self.legend.setToolTip("The colour of each class; dots are training points, rings test "
                               "points.")  # widening the panel
        self.plane = AspectFrame(self.view, self.plot.getViewBox())
        self.set_body(self.view, self.plane)
        self._layout.addWidget(self.legend)
        self.frame: PlaygroundFrame | None = None
        self.class_names: tuple[str, ...] = ()
        self.discretize = False
        self._points_stale = True
        self.view.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.apply_style(style)

    def _plot_items(self) -> list[pg.PlotItem]:
        return [self.plot]

    def set_classes(self, names: tuple[str, ...]) -> None:
        self.class_names = names
        self._update_legend()

    def show_frame(self, frame: PlaygroundFrame) -> None:
        self.frame = frame
        self.mark_dirty()

    def set_discretize(self, discretize: bool) -> None:
        self.discretize = discretize
        self.mark_dirty()

    def set_test_points_visible(self, visible: bool) -> None:
        self.test_points.setVisible(visible)
        self.test_halo.setVisible(visible)

    def clear(self) -> None:
        self.frame = None
        self._points_stale = True
        self.image.clear()
        for item in (self.train_points, self.test_halo, self.test_points):
            item.clear()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        self._points_stale = True
        self._update_legend()

    def _redraw(self) -> None:
        frame = self.frame
        if frame is None:
            return
        rgba = boundary_rgba(frame.probabilities, self.style.theme.background,
                             discretize=self.discretize)
        self.image.setImage(rgba, autoLevels=False)
        x0, x1, y0, y1 = frame.extent
        self.plane.set_aspect((x1 - x0) / (y1 - y0))
        n = rgba.shape[0]
        # cell (i, j) is centred on grid point (xs[j], ys[i]): half a cell sticks out each side
        half_x, half_y = (x1 - x0) / (n - 1) / 2, (y1 - y0) / (n - 1) / 2
        self.image.setRect(QRectF(x0 - half_x, y0 - half_y, x1 - x0 + 2 * half_x,
                                  y1 - y0 + 2 * half_y))
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        if self._points_stale:
            self._points_stale = False
            self._draw_points(frame)

    def _draw_points(self, frame: PlaygroundFrame) -> None:
        x_train, t_train, x_test, t_test = frame.points
        size = POINT_SIZE * self.style.font_scale
        foreground = self.style.theme.foreground
        # one brush and one pen object per class, shared by its points: pyqtgraph renders a
        # symbol per distinct object (a pen per point: 100 ms for 600 points)
        classes = range(int(max(t_train.max(initial=0), t_test.max(initial=0))) + 1)
        brushes = [pg.mkBrush(class_colour(label)) for label in classes]
        pens = [self.style.pen(class_colour(label), 2.0) for label in classes]
        self.train_points.setData(pos=x_train, size=size, pen=self.style.pen(foreground, 0.8),
                                  brush=[brushes[label] for label in t_train])
        no_fill = pg.mkBrush(0, 0, 0, 0)
        self.test_halo.setData(pos=x_test, size=size * 1.2, brush=no_fill,
                               pen=self.style.pen(foreground, 3.6))
        self.test_points.setData(pos=x_test, size=size * 1.2, brush=no_fill,
                                 pen=[pens[label] for label in t_test])

    def _update_legend(self) -> None:
        # non-breaking spaces: a wrapped legend breaks between entries, never inside one
        swatches = [f'<span style="color:{class_colour(label)}">&#9632;</span>&nbsp;'
                    f'{html.escape(name).replace(" ", "&nbsp;")}'
                    for label, name in enumerate(self.class_names)]
        self.legend.setText("&nbsp;&nbsp; ".join(  # the plain space is where a line may break
            [*swatches, "&#9679;&nbsp;train", "&#9675;&nbsp;test"]))

    @Slot(QPointF)
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        self.show_readout(self.describe(self.plot.getViewBox().mapSceneToView(scene_pos)))

    def describe(self, point: QPointF) -> str:
        """'x, y: class p%' for the grid cell under ``point`` ('' outside the plane)."""
        frame = self.frame
        if frame is None:
            return ""
        x0, x1, y0, y1 = frame.extent
        n = frame.probabilities.shape[0]
        column = round((point.x() - x0) / (x1 - x0) * (n - 1))
        row = round((point.y() - y0) / (y1 - y0) * (n - 1))
        if not (0 <= row < n and 0 <= column < n):
            return ""
        cell = frame.probabilities[row, column]
        label = int(np.argmax(cell))
        name = self.class_names[label] if label < len(self.class_names) else str(label)
        return f"x {point.x():.2f}, y {point.y():.2f}: {name} {100 * cell[label]:.0f}%"
