"""Contour lines of a sampled surface by marching squares, in a few NumPy passes per level.

pyqtgraph's ``isocurve`` walks the grid cell by cell in Python and joins the pieces into
lines: on the ripple surface (many closed rings) its twelve levels took 0.3 s of the GUI
thread at every drag of the start point, which refits the view. Here every cell of a level is
classified at once and its one or two crossing segments are cut from the same edge points
(linear interpolation along each cell edge, as isocurve does); the segments are drawn with
NaN rows between them, which looks the same as joined lines.
"""

from __future__ import annotations

import numpy as np

# Cell corners, as bits of the case number: bottom-left 1, bottom-right 2, top-right 4,
# top-left 8 (set when the sample is above the level). Edges: 0 bottom, 1 right, 2 top, 3 left.
_SEGMENTS: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((3, 0),), 2: ((0, 1),), 3: ((3, 1),), 4: ((1, 2),), 5: ((3, 2), (0, 1)),
    6: ((0, 2),), 7: ((3, 2),), 8: ((2, 3),), 9: ((0, 2),), 10: ((0, 3), (1, 2)),
    11: ((1, 2),), 12: ((3, 1),), 13: ((0, 1),), 14: ((3, 0),),
}


def _edge_points(z: np.ndarray, level: float) -> np.ndarray:
    """(4, rows - 1, columns - 1, 2) crossing points (column, row in sample units) of the
    level on each cell's four edges; meaningful only where the edge crosses the level."""
    with np.errstate(divide="ignore", invalid="ignore"):
        along_x = (level - z[:, :-1]) / (z[:, 1:] - z[:, :-1])  # rows of horizontal edges
        along_y = (level - z[:-1, :]) / (z[1:, :] - z[:-1, :])  # columns of vertical edges
    rows, columns = np.mgrid[0:z.shape[0] - 1, 0:z.shape[1] - 1].astype(float)
    bottom = np.stack([columns + along_x[:-1], rows], axis=-1)
    top = np.stack([columns + along_x[1:], rows + 1], axis=-1)
    left = np.stack([columns, rows + along_y[:, :-1]], axis=-1)
    right = np.stack([columns + 1, rows + along_y[:, 1:]], axis=-1)
    return np.stack([bottom, right, top, left])


def contour_segments(z: np.ndarray, level: float) -> np.ndarray:
    """The level's contour in z[row, column] as (n, 2) points (column, row): two points per
    segment, each pair followed by a NaN row."""
    above = z > level
    case = (above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4
            + above[1:, :-1] * 8)
    if not case.any() or (case == 15).all():
        return np.empty((0, 2))
    edges = _edge_points(z, level)
    pieces = []
    for kind, segments in _SEGMENTS.items():
        cells = case == kind
        if cells.any():
            for first, second in segments:
                pieces.append((edges[first][cells], edges[second][cells]))
    starts = np.concatenate([start for start, _ in pieces])
    ends = np.concatenate([end for _, end in pieces])
    gaps = np.full_like(starts, np.nan)
    return np.stack([starts, ends, gaps], axis=1).reshape(-1, 2)


def contour_lines(xs: np.ndarray, ys: np.ndarray, z: np.ndarray,
                  levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The contour lines of z[i, j] = f(xs[j], ys[i]) at ``levels`` as one polyline (x, y) in
    data coordinates, with a NaN row between segments (for ``connect="finite"``)."""
    pieces = [contour_segments(z, float(level)) for level in levels]
    points = np.concatenate(pieces) if pieces else np.empty((0, 2))
    if not len(points):
        return np.empty(0), np.empty(0)
    return xs[0] + points[:, 0] * (xs[1] - xs[0]), ys[0] + points[:, 1] * (ys[1] - ys[0])
