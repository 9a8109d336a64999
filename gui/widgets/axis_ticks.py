"""A few round tick values with short labels, for axes too small for pyqtgraph's own ticks.

pyqtgraph labels a narrow axis over 0..3e-6 as "1e-062e-063e-06": the labels collide. These
ticks are at most ``count`` round values (1, 2 or 5 times a power of ten apart) and share one
power of ten, which the axis label states once ("value (×10⁻⁶)").
"""

from __future__ import annotations

import math

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
    their labels leave out (label = value / 10**exponent)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [], 0
    step = nice_step(high - low, count)
    exponent = shared_exponent(max(abs(low), abs(high)))
    first = math.ceil(low / step - 1e-9)
    values = [index * step for index in range(first, math.floor(high / step + 1e-9) + 1)]
    scale = 10.0 ** exponent
    return [(value, f"{value / scale:.4g}") for value in values], exponent


def exponent_suffix(exponent: int) -> str:
    """' (×10⁻⁶)' for the axis label, '' when the labels show the values themselves."""
    return f" (×10{str(exponent).translate(SUPERSCRIPTS)})" if exponent else ""
