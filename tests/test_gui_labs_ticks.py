"""The gradient check's bar names never run into each other on a narrow plot."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from gui.views.labs.gradient_check_page import named_ticks

NAMES = ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"]


def test_every_bar_is_named_where_the_names_fit(qapp):
    metrics = QFontMetrics(QFont("DejaVu Sans", 10))
    named, bare = named_ticks(NAMES, pixels_per_bar=200.0, metrics=metrics)
    assert [name for _, name in named] == NAMES and bare == []


def test_on_a_narrow_plot_named_ticks_are_a_label_apart_and_every_bar_keeps_a_tick(qapp):
    metrics = QFontMetrics(QFont("DejaVu Sans", 20))  # 2x text
    widest = max(metrics.horizontalAdvance(name) for name in NAMES)
    pixels_per_bar = widest / 2.5  # 'gamma1' is two and a half bars wide
    named, bare = named_ticks(NAMES, pixels_per_bar, metrics)
    positions = [i for i, _ in named]
    gaps = [(b - a) * pixels_per_bar for a, b in zip(positions, positions[1:], strict=False)]
    assert len(named) >= 2 and min(gaps) > widest  # a whole label's width between names
    assert sorted(positions + [i for i, _ in bare]) == list(range(len(NAMES)))
    assert all(name == NAMES[i] for i, name in named)
