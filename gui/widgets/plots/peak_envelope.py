"""A growing curve handed to pyqtgraph as a min/max envelope, so a frame costs the same at
any run length.

Given the whole series, pyqtgraph's peak downsampling scans all of it on every draw (its
bounds, then the minimum and maximum per pixel): at 60,000 iterations the loss curves cost
the GUI thread milliseconds a frame, time the trainer waits for the GIL. PeakEnvelope keeps
the minimum and maximum of each bucket of consecutive points as they arrive, so a frame only
folds in the newest points, and draws at most about ``max_points`` of them: a vertical
stroke from each bucket's minimum to its maximum, the picture peak downsampling draws at one
bucket per pixel. Zoomed in to at most ``max_points`` points, the curve is drawn exactly.
"""

from __future__ import annotations

import numpy as np

from gui.widgets.plots.growing_buffer import GrowingBuffer

MAX_POINTS = 4096
"""Points drawn per curve: two per bucket, so 2,048 buckets, more than a 1920 px screen has
pixels across a plot."""


class PeakEnvelope:
    """The points to draw of one growing series x (increasing), y; ``reset`` when y is
    replaced rather than extended."""

    def __init__(self, max_points: int = MAX_POINTS) -> None:
        self.max_points = max_points
        self._bucket = 1  # points per bucket, a power of two
        self._folded = 0  # points of the series already folded into buckets
        self._starts = GrowingBuffer()  # the x of each bucket's first point
        self._lows = GrowingBuffer()
        self._highs = GrowingBuffer()

    def reset(self) -> None:
        self._bucket, self._folded = 1, 0
        for buffer in (self._starts, self._lows, self._highs):
            buffer.clear()

    def points(self, x: np.ndarray, y: np.ndarray,
               x_range: tuple[float, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """What to draw of the series: itself where at most ``max_points`` points lie in
        ``x_range`` (all of x when None), else the envelope of the whole series."""
        if len(y) < self._folded:
            self.reset()  # the series was cleared and started again
        first, last = 0, len(x)
        if x_range is not None:  # one point beyond each side, so the line reaches the edges
            first = max(int(np.searchsorted(x, x_range[0])) - 1, 0)
            last = min(int(np.searchsorted(x, x_range[1], side="right")) + 1, len(x))
        if last - first <= self.max_points:
            return x[first:last], y[first:last]
        self._fold(x, y)
        return self._interleaved(x, y)

    def _fold(self, x: np.ndarray, y: np.ndarray) -> None:
        """Fold the points that complete buckets into the envelope; when there would be more
        than half ``max_points`` buckets, double the bucket and fold everything again (each
        point is folded about twice in all)."""
        bucket = self._bucket
        while len(y) // bucket > self.max_points // 2:
            bucket *= 2
        if bucket != self._bucket:
            self.reset()
            self._bucket = bucket
        end = len(y) // bucket * bucket
        if end > self._folded:
            new = y[self._folded:end].reshape(-1, bucket)
            with np.errstate(invalid="ignore"):  # a bucket of NaNs (a diverged run) stays NaN
                self._lows.extend(np.fmin.reduce(new, axis=1))
                self._highs.extend(np.fmax.reduce(new, axis=1))
            self._starts.extend(x[self._folded:end:bucket])
            self._folded = end

    def _interleaved(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each bucket as (start, low), (start, high), then the last unfilled bucket's own
        points."""
        count = len(self._starts)
        xs = np.empty(2 * count + len(y) - self._folded)
        ys = np.empty_like(xs)
        xs[0:2 * count:2] = xs[1:2 * count:2] = self._starts.values
        ys[0:2 * count:2] = self._lows.values
        ys[1:2 * count:2] = self._highs.values
        xs[2 * count:] = x[self._folded:]
        ys[2 * count:] = y[self._folded:]
        return xs, ys
