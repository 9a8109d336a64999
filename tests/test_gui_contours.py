"""Contour lines by vectorized marching squares (gui.views.paths.contours): pyqtgraph's cell by
cell ``isocurve`` took 0.3 s of the GUI thread on the ripple surface at each drag of the start
point. Checked against a plane (where linear interpolation is exact), a closed ring, and
pyqtgraph's own isocurve as the reference."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyqtgraph as pg
import pytest

from engine.surfaces import SURFACES
from gui.views.paths.contours import contour_lines, contour_segments


def _pairs(points: np.ndarray) -> np.ndarray:
    """(n, 2, 2): the segments of contour_segments' output (pairs, then a NaN row)."""
    return points.reshape(-1, 3, 2)[:, :2]


def test_a_plane_s_contour_is_its_level_line_exactly():
    xs, ys = np.linspace(-2, 3, 41), np.linspace(-1, 1, 17)
    X, Y = np.meshgrid(xs, ys)
    z = 0.7 * X - 1.3 * Y  # linear: interpolating along a cell edge is exact
    for level in (-1.0, 0.0, 0.45, 2.0):
        x, y = contour_lines(xs, ys, z, np.array([level]))
        finite = np.isfinite(x)
        assert finite.sum() > 10
        np.testing.assert_allclose(0.7 * x[finite] - 1.3 * y[finite], level, atol=1e-9)
        assert np.isnan(x[2::3]).all()  # a NaN row after every segment


def test_a_bowl_s_contour_is_one_closed_ring():
    """Each crossing point of a closed curve ends two segments (those of the two cells that
    share the edge), and all of them lie near the circle x² + y² = level (a level no sample
    has exactly: a sample on the level is a corner several cells' segments meet at)."""
    xs = ys = np.linspace(-1.5, 1.5, 61)
    X, Y = np.meshgrid(xs, ys)
    z = X ** 2 + Y ** 2
    points = contour_segments(z, 0.9731)
    ends = Counter(tuple(np.round(point, 9)) for point in _pairs(points).reshape(-1, 2))
    assert len(ends) > 40 and set(ends.values()) == {2}
    x, y = contour_lines(xs, ys, z, np.array([0.9731]))
    radius = np.hypot(x[np.isfinite(x)], y[np.isfinite(y)])
    np.testing.assert_allclose(radius, np.sqrt(0.9731), atol=(xs[1] - xs[0]) ** 2)


def test_no_contour_where_the_level_is_outside_the_values():
    z = np.arange(12.0).reshape(3, 4)
    assert contour_segments(z, 20.0).shape == (0, 2)
    assert contour_segments(z, -1.0).shape == (0, 2)
    assert [len(part) for part in contour_lines(np.arange(4.0), np.arange(3.0), z,
                                                np.empty(0))] == [0, 0]


@pytest.mark.parametrize("name", ["sin-r", "rosenbrock", "himmelblau", "saddle"])
def test_the_same_crossing_points_as_pyqtgraph_s_isocurve(name):
    surface = SURFACES[name]
    xs, ys, z = surface.grid(80)
    for level in surface.contour_levels(z):
        ours = {tuple(p) for p in np.round(contour_segments(z, float(level)), 9)
                if np.isfinite(p).all()}
        reference = {tuple(np.round(np.asarray(point, dtype=float) - 0.5, 9))
                     for line in pg.functions.isocurve(z.T, float(level), connected=True)
                     for point in line}  # isocurve puts sample i at i + 0.5
        assert ours == reference
