"""The optimizer-path surface in 3-D (the book's Axes3D figure, live): f(x, y) as a shaded mesh,
the optimizers' paths drawn on it, and the contour lines projected on a floor below, turned
with the mouse (drag to rotate, wheel to zoom).

OpenGL is optional. Where it is missing (PyOpenGL not installed, the offscreen platform, a
remote desktop without GL) the toggle is disabled with the reason as its tooltip and the 2-D
heatmap stays: pyqtgraph's GL widget crashes rather than fails without a context. PyOpenGL and
pyqtgraph.opengl are imported only when the 3-D view is first shown (they add ~160 ms).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from functools import cache

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtGui import QColor, QGuiApplication, QOffscreenSurface, QOpenGLContext
from PySide6.QtWidgets import QCheckBox, QStackedWidget, QVBoxLayout, QWidget

from engine.surfaces import Surface
from gui.style import Style
from gui.views.paths.contours import contour_lines
from gui.views.paths.surface_plot import CONTOUR_STRIDE, SURFACE_COLOURMAP

MESH_RESOLUTION = 60
"""Samples per axis of the 3-D mesh: smooth enough to read, cheap to evaluate (3,600 points).
Mesh and contours of a surface take 10-20 ms on the GUI thread (measured on every surface)."""

EXTENT = 10.0  # the x and y ranges are drawn 10 units wide
HEIGHT = 5.0  # and f from 0 to 5 units high
FLOOR = -1.5  # the projected contours lie this far below the lowest point
LIFT = 0.04  # paths float this much above the mesh
OUTSIDE = 1.5  # a path point beyond 1.5 times the view range has left the picture
NO_GL_PLATFORMS = ("offscreen", "minimal", "vnc")


@cache
def opengl_problem() -> str | None:
    """Why a 3-D view cannot be shown here, or None when an OpenGL context works."""
    platform = QGuiApplication.platformName()
    if platform in NO_GL_PLATFORMS:
        return f"3-D needs OpenGL, which the '{platform}' display platform does not offer"
    if importlib.util.find_spec("OpenGL") is None:
        return "3-D needs PyOpenGL, which is not installed (pip install PyOpenGL)"
    context = QOpenGLContext()
    if not context.create():
        return "3-D needs OpenGL, but no OpenGL context could be created on this display"
    surface = QOffscreenSurface()
    surface.create()
    if not context.makeCurrent(surface):
        return "3-D needs OpenGL, but the OpenGL context could not be used on this display"
    context.doneCurrent()
    return None


def segments(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A polyline with NaN breaks (contour_lines' output) as point pairs (n, 2) for
    GLLinePlotItem(mode='lines')."""
    points = np.column_stack([x, y])
    finite = np.isfinite(points).all(axis=1)
    joined = finite[:-1] & finite[1:]
    return np.stack([points[:-1][joined], points[1:][joined]], axis=1).reshape(-1, 2)


class Surface3D(QWidget):
    """``view`` (a pyqtgraph GLViewWidget) with the mesh, the floor contours and one line per
    path, in display units: x and y mapped to EXTENT, the surface's shade (log-scaled where
    the 2-D view is) to [0, HEIGHT]. Building one imports PyOpenGL."""

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph.opengl as gl  # here, not at start-up: see the module's docstring
        from OpenGL import GL

        self._gl = gl
        # Paths are drawn over the mesh: their straight steps cut through a curved valley
        # and the depth test would hide most of them.
        self._on_top = {GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True,
                        "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}
        self.view = gl.GLViewWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.surface: Surface | None = None
        self._ranges = ((-1.0, 1.0), (-1.0, 1.0))
        self._grid_values = np.zeros(1)
        self._shade_range = (0.0, 1.0)
        self.mesh = gl.GLSurfacePlotItem(shader="shaded", smooth=True)
        self.contours = gl.GLLinePlotItem(mode="lines", antialias=True)
        self.paths: dict[str, gl.GLLinePlotItem] = {}
        self.shadows: dict[str, gl.GLLinePlotItem] = {}
        self.view.addItem(self.mesh)
        self.view.addItem(self.contours)
        self.view.setCameraPosition(distance=2.2 * EXTENT, elevation=32, azimuth=-60)
        self.apply_style(style)

    def apply_style(self, style: Style) -> None:
        self.style = style
        self.view.setBackgroundColor(QColor(style.theme.background))
        self._contour_colour = QColor(style.theme.foreground)
        self._contour_colour.setAlphaF(0.5)
        self.contours.setData(color=self._contour_colour.getRgbF(),
                              width=max(1.0, style.font_scale))

    def set_surface(self, surface: Surface) -> None:
        """Sample ``surface`` over its view range into the mesh and the floor contours."""
        self.surface = surface
        self._ranges = (surface.x_range, surface.y_range)
        xs, ys, z = surface.grid(MESH_RESOLUTION, surface.x_range, surface.y_range)
        shade = surface.shade(z)
        self._grid_values = z.ravel()
        self._shade_range = (float(shade.min()), float(shade.max()))
        heights = self._height(shade)
        colours = SURFACE_COLOURMAP.map(heights / HEIGHT, mode="float")
        self.mesh.setData(x=self._display(xs, 0), y=self._display(ys, 1), z=heights.T,
                          colors=np.transpose(colours.reshape(*heights.shape, 4), (1, 0, 2)))
        step = CONTOUR_STRIDE  # tracing is the slow part: on every second sample
        lines = segments(*contour_lines(xs[::step], ys[::step], z[::step, ::step],
                                        surface.contour_levels(z)))
        floor = np.full((len(lines), 1), FLOOR)
        self.contours.setData(pos=np.column_stack([self._display(lines[:, 0], 0),
                                                   self._display(lines[:, 1], 1), floor]),
                              mode="lines")

    def set_paths(self, paths: Mapping[str, np.ndarray], colours: Mapping[str, str]) -> None:
        """One line on the surface (and its shadow on the floor) per path of (k, 2) points."""
        if self.surface is None:
            return
        for name in [name for name in self.paths if name not in paths]:
            self.view.removeItem(self.paths.pop(name))
            self.view.removeItem(self.shadows.pop(name))
        for name, points in paths.items():
            if name not in self.paths:
                colour = QColor(colours[name]).getRgbF()
                line = self._gl.GLLinePlotItem
                self.paths[name] = line(color=colour, width=3.0, antialias=True)
                self.shadows[name] = line(color=colour, width=1.5, antialias=True)
                self.paths[name].setGLOptions(self._on_top)
                self.view.addItem(self.shadows[name])
                self.view.addItem(self.paths[name])
            points = self._inside(points)
            x, y = self._display(points[:, 0], 0), self._display(points[:, 1], 1)
            values = self.surface.f(points[:, 0], points[:, 1]) if len(points) else points[:, 0]
            heights = self._path_heights(np.asarray(values, dtype=float)) + LIFT
            self.paths[name].setData(pos=np.column_stack([x, y, heights]))
            self.shadows[name].setData(pos=np.column_stack([x, y, np.full(len(x), FLOOR)]))

    def _inside(self, points: np.ndarray) -> np.ndarray:
        """The points up to the first one far outside the view (a diverging path)."""
        (x0, x1), (y0, y1) = self._ranges
        cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        outside = (np.abs(points[:, 0] - cx) > OUTSIDE * rx) | (
            np.abs(points[:, 1] - cy) > OUTSIDE * ry)
        first = np.flatnonzero(outside)
        return points[: first[0]] if len(first) else points

    def _path_heights(self, values: np.ndarray) -> np.ndarray:
        """f along a path, shaded exactly like the grid it is drawn on (the grid's values
        first, so that a log-scaled shade measures from the same minimum)."""
        shade = self.surface.shade(np.concatenate([self._grid_values, values]))
        return self._height(shade[len(self._grid_values):])

    def _height(self, shade: np.ndarray) -> np.ndarray:
        low, high = self._shade_range
        return (shade - low) / ((high - low) or 1.0) * HEIGHT

    def _display(self, values: np.ndarray, axis: int) -> np.ndarray:
        low, high = self._ranges[axis]
        return (np.asarray(values, dtype=float) - (low + high) / 2) / (high - low) * EXTENT


class SurfaceViews(QStackedWidget):
    """The 2-D heatmap and, on demand, the 3-D surface, switched by ``toggle`` (a check box
    for the paths tab's layout). The 3-D widget is built the first time it is shown; until
    then set_surface and set_paths only remember what to draw."""

    def __init__(self, plot_2d: QWidget, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.addWidget(plot_2d)
        self.view_3d: Surface3D | None = None
        self._surface: Surface | None = None
        self._paths: tuple[Mapping[str, np.ndarray], Mapping[str, str]] = ({}, {})
        self.toggle = QCheckBox("3-D surface")
        problem = opengl_problem()
        self.toggle.setEnabled(problem is None)
        self.toggle.setToolTip(problem or "Show f(x, y) as a surface with the paths on it; "
                               "drag to rotate, wheel to zoom.")
        self.toggle.toggled.connect(self.show_3d)

    @Slot(bool)
    def show_3d(self, on: bool) -> None:
        """Switch to the 3-D surface (True) or back to the 2-D heatmap (False); without
        OpenGL the 2-D heatmap stays."""
        on = on and opengl_problem() is None
        if on and self.view_3d is None:
            try:
                self.view_3d = Surface3D(self.style)
            except Exception as error:  # noqa: BLE001 - any broken GL library: keep 2-D
                self._disable(f"3-D could not start: {error}")
                return
            self.addWidget(self.view_3d)
            if self._surface is not None:
                self.view_3d.set_surface(self._surface)
            self.view_3d.set_paths(*self._paths)
        self.setCurrentIndex(1 if on else 0)

    def _disable(self, reason: str) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(False)
        self.toggle.blockSignals(False)
        self.toggle.setEnabled(False)
        self.toggle.setToolTip(reason)

    def set_surface(self, surface: Surface) -> None:
        self._surface = surface
        if self.view_3d is not None:
            self.view_3d.set_surface(surface)

    def set_paths(self, paths: Mapping[str, np.ndarray], colours: Mapping[str, str]) -> None:
        self._paths = (dict(paths), dict(colours))
        if self.view_3d is not None:
            self.view_3d.set_paths(paths, colours)

    def apply_style(self, style: Style) -> None:
        self.style = style
        if self.view_3d is not None:
            self.view_3d.apply_style(style)
