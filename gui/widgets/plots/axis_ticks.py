"""A few round tick values with short labels, for axes too small for pyqtgraph's own ticks.

pyqtgraph labels a narrow axis over 0..3e-6 as "1e-062e-063e-06": the labels collide. These
ticks are at most ``count`` round values (1, 2 or 5 times a power of ten apart) and share one
power of ten, which the axis label states once ("value (×10⁻⁶)").
"""

from __future__ import annotations

import math

from PySide6.QtGui import QFontMetrics

SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def nice_step(span: float, count: int) -> float:
    """The smallest 1, 2 or 5 times a power of ten that splits ``span`` in at most
    ``count - 1`` steps."""
    rough = span / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(rough))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if factor * power >= rough * (1 - 1e-9):
            return factor * power
    return 10.0 * power


def shared_exponent(high: float) -> int:
    """The power of ten the labels leave out: 0 for magnitudes 0.01..9999, else that of
    ``high`` in steps of three (engineering notation), so labels stay 1-3 digits."""
    if high == 0 or 1e-2 <= abs(high) < 1e4:
        return 0
    return 3 * math.floor(math.log10(abs(high)) / 3)


def sparse_ticks(low: float, high: float, count: int = 3) -> tuple[list[tuple[float, str]], int]:
    """At most ``count`` round ticks inside [low, high] as (value, label) and the exponent
    their labels leave out (label = value / 10**exponent). The step is the finest 1-2-5 step
    that keeps within ``count``, so a span such as 0..40 gets 0, 20, 40 rather than a step of
    50 and a lone 0."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [], 0
    step = nice_step(high - low, 2 * count)
    while tick_count(low, high, step) > count:
        step = next_nice(step)
    exponent = shared_exponent(max(abs(low), abs(high)))
    first = math.ceil(low / step - 1e-9)
    values = [index * step for index in range(first, math.floor(high / step + 1e-9) + 1)]
    scale = 10.0 ** exponent
    return [(value, f"{value / scale:.4g}") for value in values], exponent


def exponent_suffix(exponent: int) -> str:
    """' (×10⁻⁶)' for the axis label, '' when the labels show the values themselves."""
    return f" (×10{str(exponent).translate(SUPERSCRIPTS)})" if exponent else ""


def next_nice(step: float) -> float:
    """The next 1-2-5 step above ``step`` (1 -> 2 -> 5 -> 10)."""
    power = 10.0 ** math.floor(math.log10(step) + 1e-9)
    for factor in (2.0, 5.0, 10.0):
        if factor * power > step * (1 + 1e-9):
            return factor * power
    return 10.0 * power


def tick_count(low: float, high: float, step: float) -> int:
    """How many multiples of ``step`` lie in [low, high]."""
    return math.floor(high / step + 1e-9) - math.ceil(low / step - 1e-9) + 1


class TextFittedTicks:
    """An axis's tick spacing that leaves room for its labels at any text size.

    pyqtgraph picks the spacing from the axis length alone (at least 2.25 intervals, more
    on long axes), so at large text on a small axis the labels run together ("012345",
    "100806040"). This takes pyqtgraph's spacing (or the one set with ``setTickSpacing``)
    and widens the major step (1 -> 2 -> 5 -> 10) until every label has its size plus one
    em of space, down to a single labelled tick on an axis too short for two (two labels
    forced onto a 30 px axis at large text were drawn over each other). Installed as the axis's
    ``tickSpacing``, so the axis and its grid (gui.widgets.plots.tick_grid) use it alike.
    """

    def __init__(self, axis, metrics: QFontMetrics) -> None:
        self._axis = axis
        self._metrics = metrics
        self._pyqtgraph_spacing = type(axis).tickSpacing.__get__(axis)
        self._vertical = axis.orientation in ("left", "right")

    def __call__(self, low: float, high: float, size: float) -> list[tuple[float, float]]:
        levels = self._pyqtgraph_spacing(low, high, size)
        if not levels or size <= 0 or high <= low:
            return levels
        major = levels[0][0]
        while (self._label_extent(low, high, major) > major * size / (high - low)
               and tick_count(low, high, next_nice(major)) >= 1):
            major = next_nice(major)
        minors = [(spacing, offset) for spacing, offset in levels[1:] if spacing < major]
        return [(major, 0.0), *minors[:1]]

    def _label_extent(self, low: float, high: float, step: float) -> float:
        """Pixels one label needs along the axis, with one em of space."""
        em = self._metrics.horizontalAdvance("M")
        if self._vertical:
            return self._metrics.height() + em * 0.5
        first = math.ceil(low / step - 1e-9)
        values = [step * index for index in range(first, math.floor(high / step + 1e-9) + 1)]
        scale = self._axis.autoSIPrefixScale * self._axis.scale
        labels = self._axis.tickStrings(values[:50], scale, step)
        return max((self._metrics.horizontalAdvance(text) for text in labels), default=0) + em


def fit_ticks_to_text(axis, metrics: QFontMetrics) -> None:
    """Give ``axis`` ticks spaced for labels measured with ``metrics`` (its tick font)."""
    axis.tickSpacing = TextFittedTicks(axis, metrics)
    axis.picture = None
    axis.update()
