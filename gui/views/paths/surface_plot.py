"""The optimizer-path plot: f(x, y) as a heatmap with contour lines and a colour bar, the
optimizers' paths over it, and the mouse to move the start point.

The view fits the surface's region of interest and the paths (the book's figure 6-8 shows
x -10..10 and y -5..5 on a wide plot), so x and y may have different scales; the legend sits
below the plot, where it cannot cover the valley the paths run along.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QWidget

from engine.surfaces import Surface
from gui.style import PATH_LOOKS, Style, style_plot
from gui.views.paths.contours import contour_lines
from gui.widgets.plots.dropped_items import remove_item
from gui.widgets.plots.outside_legend import BELOW_ROW, OutsideLegend

GRID_RESOLUTION = 160
"""Samples per axis of the heatmap (the contour lines are traced on the same grid)."""

CONTOUR_STRIDE = 2
"""Contours are traced on every second sample: smooth enough, and three times faster."""

VALLEY_FLOOR = 2e-3
"""Contour levels below this share of the visible range of f above its minimum are left out."""

ZOOM_OUT_LIMIT = 20.0
"""How many times the surface's own view range the user may zoom out to."""

SURFACE_COLOURMAPS: dict[str, pg.ColorMap] = {
    "dark": pg.ColorMap(pos=[0.0, 0.35, 0.7, 1.0],
                        color=["#0b1626", "#22405e", "#5f7f9c", "#c3cfdc"]),
    "light": pg.ColorMap(pos=[0.0, 0.5, 1.0], color=["#ffffff", "#d4dde6", "#8fa3b6"]),
}
"""Muted blues, dark (light in the light theme) at the minimum, so the saturated path colours
stand out on top."""
SURFACE_COLOURMAP = SURFACE_COLOURMAPS["dark"]

LEGEND_COLUMNS = 3


class StartPointViewBox(pg.ViewBox):
    """A ViewBox where a left click or left drag asks to move the start point there.

    The wheel still zooms and the right button keeps pyqtgraph's zoom drag and menu.
    """

    start_requested = Signal(float, float)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 (pyqtgraph's name)
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._request(ev.scenePos())
        else:
            super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802 (pyqtgraph's name)
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._request(ev.scenePos())
        else:
            super().mouseDragEvent(ev, axis)

    def _request(self, scene_pos: QPointF) -> None:
        point = self.mapSceneToView(scene_pos)
        self.start_requested.emit(point.x(), point.y())


class SurfacePlot(pg.PlotWidget):
    """Heatmap, contours, colour bar, minima, start point and one curve per optimizer.

    Emits ``start_requested(x, y)`` on a left click or drag and ``hovered(text)`` with
    "x, y, f" under the mouse ('' when the mouse leaves the plot).
    """

    start_requested = Signal(float, float)
    hovered = Signal(str)

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        self._view_box = StartPointViewBox()
        super().__init__(parent, viewBox=self._view_box)
        self.style = style
        self.surface: Surface | None = None
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._labels: dict[str, str] = {}
        self._stale = False  # a render was skipped while hidden: showEvent catches up
        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setLabels(bottom="x", left="y")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        plot.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(colorMap=SURFACE_COLOURMAP, interactive=False,
                                          colorMapMenu=False)
        self.colour_bar.setImageItem(self.image, insert_in=plot)
        self.colour_bar.axis.setWidth(None)  # pyqtgraph fixes 45 px: too narrow for large fonts
        self.colour_bar.axis.enableAutoSIPrefix(False)  # f in [-1, 1] must not read "x0.001"
        # All contour lines in one item (NaN rows separate them): one path to build and paint.
        self.contours = pg.PlotCurveItem(connect="finite")
        # drawn as separate segments: one path of 75,000 pieces took twice as long to stroke
        # (a zoomed-out sin-r view: 98 -> 47 ms a paint)
        self.contours.setSegmentedLineMode("on")
        self.contours.setZValue(-10)
        plot.addItem(self.contours)
        self.minima = pg.ScatterPlotItem(symbol="star")
        self.start_marker = pg.ScatterPlotItem(symbol="o")
        self.heads = pg.ScatterPlotItem(symbol="o")
        for z_value, item in ((30, self.minima), (40, self.heads), (50, self.start_marker)):
            item.setZValue(z_value)
            item.setEnabled(False)  # overlays ignore the mouse: a click anywhere moves the start
            plot.addItem(item)
        self.legend = OutsideLegend(plot, LEGEND_COLUMNS, row=BELOW_ROW)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render)
        self._view_box.sigRangeChanged.connect(self._schedule_render)
        self._view_box.start_requested.connect(self.start_requested)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.apply_style(style)

    def apply_style(self, style: Style) -> None:
        """Colours and sizes for a theme and font scale (the paths keep their own colours)."""
        self.style = style
        theme = style.theme
        self.setBackground(theme.background)
        style_plot(self.getPlotItem(), style)
        self.colour_bar.axis.setTickFont(style.font(0.9))
        self.colour_bar.axis.setTextPen(theme.foreground)
        self.colour_bar.axis.label.setFont(style.font())
        self.colour_bar.axis.label.setDefaultTextColor(QColor(theme.foreground))
        self.colour_bar.setColorMap(SURFACE_COLOURMAPS.get(theme.name, SURFACE_COLOURMAP))
        self.legend.apply_style(style)
        contrast = "#000000" if theme.name == "light" else "#ffffff"  # against the surface
        self.minima.setSize(style.point_size(2.0))
        self.minima.setPen(style.pen("#000000", 1.0))
        self.minima.setBrush("#ffffff")
        self.start_marker.setSize(style.point_size(1.6))
        self.start_marker.setPen(style.pen(contrast, 2.5))
        self.start_marker.setBrush(None)
        self.heads.setSize(style.point_size(1.3))
        self.heads.setPen(style.pen(contrast, 1.5))
        # Path curves carry pens of the old style: drop them, the next set_paths rebuilds them.
        for name in list(self.curves):
            remove_item(self.getPlotItem(), self.curves.pop(name))
        self._labels = {}
        self.contours.setPen(style.pen(contrast, 1.0, alpha=0.3))

    def set_surface(self, surface: Surface) -> None:
        """Show ``surface`` over its view range; zooming is limited to sensible scales."""
        self.surface = surface
        width = surface.x_range[1] - surface.x_range[0]
        height = surface.y_range[1] - surface.y_range[0]
        self._view_box.setLimits(minXRange=width * 1e-3, maxXRange=width * ZOOM_OUT_LIMIT,
                                 minYRange=height * 1e-3, maxYRange=height * ZOOM_OUT_LIMIT)
        self.getPlotItem().setRange(xRange=surface.x_range, yRange=surface.y_range, padding=0.02)
        self.minima.setData(pos=np.array(surface.minima, dtype=float).reshape(-1, 2))
        self.colour_bar.axis.setLabel("f (log scale)" if surface.log_scale else "f(x, y)")
        self._render()

    def fit_view(self, paths: Mapping[str, np.ndarray]) -> None:
        """Widen the view, if needed, to hold the surface's region of interest and every path
        (at most ZOOM_OUT_LIMIT times the region: a diverged path flies off to infinity)."""
        x_range, y_range = self._view_box.viewRange()
        region = np.array([[x_range[0], y_range[0]], [x_range[1], y_range[1]]])
        points = [path[np.isfinite(path).all(axis=1)] for path in paths.values()]
        points = np.concatenate([region, *points])
        low, high = points.min(axis=0), points.max(axis=0)
        surface = np.array([self.surface.x_range, self.surface.y_range]).T
        centre, half = surface.mean(axis=0), (surface[1] - surface[0]) * ZOOM_OUT_LIMIT / 2
        low, high = np.maximum(low, centre - half), np.minimum(high, centre + half)
        if not (np.allclose(low, region[0]) and np.allclose(high, region[1])):
            self.getPlotItem().setRange(xRange=(low[0], high[0]), yRange=(low[1], high[1]),
                                        padding=0.04)

    def _schedule_render(self) -> None:
        """Re-sample after the view moved or resized: once per pass of the event loop, so a
        burst of range changes (a drag, a resize) costs one render.

        Only while shown: a hidden plot (another tab, a closed window whose items are being
        deleted, which changes the range too) only notes that it is stale and renders when
        shown again.
        """
        if not self.isVisible():
            self._stale = True
        elif not self._render_timer.isActive():
            self._render_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._render()

    @Slot()
    def _render(self) -> None:
        """Heatmap, colour bar and contours of f over exactly the visible area."""
        if self.surface is None:
            return
        self._stale = False
        x_range, y_range = self._view_box.viewRange()
        xs, ys, z = self.surface.grid(GRID_RESOLUTION, tuple(x_range), tuple(y_range))
        shade = self.surface.shade(z)
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        shade_range = (float(shade.min()), float(shade.max()))
        self.image.setImage(shade, levels=shade_range)
        # Pixel i is centred on sample i, so the image reaches half a pixel beyond the range.
        self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * len(xs), dy * len(ys)))
        self.colour_bar.setLevels(shade_range)
        step = CONTOUR_STRIDE
        xs, ys, z = xs[::step], ys[::step], z[::step, ::step]
        levels = self.surface.contour_levels(z)
        if self.surface.log_scale:
            # lines this close to the minimum trace a narrow valley's floor at the grid's
            # resolution: jagged streaks along the Rosenbrock valley, not contours
            levels = levels[levels >= z.min() + VALLEY_FLOOR * (z.max() - z.min())]
        self.contours.setData(*contour_lines(xs, ys, z, levels))

    def set_start(self, point: tuple[float, float]) -> None:
        self.start_marker.setData(pos=[point])

    def set_paths(self, paths: Mapping[str, np.ndarray], colours: Mapping[str, str],
                  labels: Mapping[str, str]) -> None:
        """Show exactly these paths, each (k, 2) finite points, with its colour (marker and dash
        from PATH_LOOKS) and legend label; curves of optimizers not in ``paths`` are removed.
        The legend follows ``paths``' order."""
        plot = self.getPlotItem()
        for name in [name for name in self.curves if name not in paths]:
            remove_item(plot, self.curves.pop(name))
        for name, points in paths.items():
            if name not in self.curves:
                self.curves[name] = self._new_curve(name, colours[name])
            self.curves[name].setData(points[:, 0], points[:, 1])
        wanted = {name: labels[name] for name in paths}
        if list(wanted.items()) != list(self._labels.items()):
            self.legend.clear()
            for name, label in wanted.items():
                self.legend.add(self.curves[name], label)
            self._labels = wanted
        heads = [points[-1] for points in paths.values() if len(points)]
        head_brushes = [colours[name] for name, points in paths.items() if len(points)]
        self.heads.setData(pos=np.array(heads).reshape(-1, 2), brush=head_brushes)

    def _new_curve(self, name: str, colour: str) -> pg.PlotDataItem:
        look = PATH_LOOKS.get(name, PATH_LOOKS["sgd"])
        pen = self.style.pen(colour, 2.0)
        pen.setStyle(look.dash)
        outline = "#ffffff" if self.style.theme.name == "light" else "#000000"
        curve = pg.PlotDataItem(
            pen=pen, symbol=look.symbol, symbolBrush=colour,
            symbolPen=self.style.pen(outline, 0.6), symbolSize=self.style.point_size(0.75),
        )
        curve.setZValue(20)
        curve.setEnabled(False)  # its points must not swallow the clicks that move the start
        self.getPlotItem().addItem(curve)
        return curve

    @Slot(object)
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if self.surface is None or not self._view_box.sceneBoundingRect().contains(scene_pos):
            self.hovered.emit("")
            return
        point = self._view_box.mapSceneToView(scene_pos)
        x, y = point.x(), point.y()
        self.hovered.emit(f"x = {x:.4g}   y = {y:.4g}   f(x, y) = {self.surface.f(x, y):.4g}")
