"""PeakEnvelope: long curves drawn as each bucket's minimum and maximum, short ones exactly."""

from __future__ import annotations

import numpy as np

from gui.widgets.plots.peak_envelope import PeakEnvelope


def series(count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    losses = np.random.default_rng(seed).random(count) + np.linspace(3, 0, count)
    return np.arange(1, count + 1, dtype=np.float64), losses


def test_a_short_series_is_drawn_point_for_point():
    x, y = series(100)
    xs, ys = PeakEnvelope(max_points=100).points(x, y)
    np.testing.assert_array_equal(xs, x)
    np.testing.assert_array_equal(ys, y)


def test_a_long_series_keeps_every_buckets_minimum_and_maximum():
    x, y = series(10_000)
    envelope = PeakEnvelope(max_points=256)
    shown_x, shown_y = None, None
    for end in range(0, 10_001, 777):  # arriving in pieces, as snapshots bring them
        shown_x, shown_y = envelope.points(x[:end + 1], y[:end + 1])
    shown_x, shown_y = envelope.points(x, y)
    bucket = 128  # the smallest power of two that leaves at most 128 buckets of 10,000 points
    assert len(shown_y) <= 256 + bucket  # the buckets plus the last, unfilled bucket
    full = len(y) // bucket * bucket
    lows = [min(y[i:i + bucket]) for i in range(0, full, bucket)]  # independent: plain Python
    highs = [max(y[i:i + bucket]) for i in range(0, full, bucket)]
    count = full // bucket
    np.testing.assert_array_equal(shown_y[0:2 * count:2], lows)
    np.testing.assert_array_equal(shown_y[1:2 * count:2], highs)
    np.testing.assert_array_equal(shown_x[0:2 * count:2], x[0:full:bucket])
    np.testing.assert_array_equal(shown_y[2 * count:], y[full:])  # the tail point for point
    assert shown_y.min() == y.min() and shown_y.max() == y.max()


def test_zoomed_in_the_points_in_view_are_drawn_exactly_and_reset_starts_again():
    x, y = series(10_000)
    envelope = PeakEnvelope(max_points=256)
    envelope.points(x, y)
    xs, ys = envelope.points(x, y, (5000.0, 5100.0))
    np.testing.assert_array_equal(xs, x[4998:5101])  # one point beyond each edge
    np.testing.assert_array_equal(ys, y[4998:5101])
    _, other = series(10_000, seed=1)  # the same length, other values: reset, or it shows old
    envelope.reset()
    assert envelope.points(x, other)[1].max() == other.max()


def test_a_diverged_bucket_of_nan_stays_a_gap_and_finite_neighbours_stay():
    x, y = series(4096)
    y[:64] = np.nan
    xs, ys = PeakEnvelope(max_points=128).points(x, y)
    assert np.isnan(ys[:2]).all() and np.isfinite(ys[2:]).all()
