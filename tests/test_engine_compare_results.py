"""The JSON numbers of run results: six significant decimals, null where JSON has no number."""

from __future__ import annotations

import json
import math

import numpy as np

from engine.compare_results import DIGITS, _numbers


def test_numbers_round_each_value_as_python_does_and_write_null_for_non_finite():
    values = np.random.default_rng(3).random(5000).astype(np.float32) * 7
    values[[4, 40, 400]] = [np.nan, np.inf, -np.inf]
    expected = [round(float(v), DIGITS) if math.isfinite(v) else None for v in values]
    numbers = _numbers(values)
    assert numbers == expected
    assert json.loads(json.dumps(numbers)) == expected  # valid JSON: no NaN, no Infinity
    assert all(len(repr(n)) <= DIGITS + 3 for n in numbers if n is not None)  # e.g. 6.123457
