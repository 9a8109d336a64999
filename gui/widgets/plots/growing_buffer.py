"""A preallocated float array that doubles when full, for curves that grow every frame.

Appending to a NumPy array with ``np.append`` copies the whole history each time (quadratic in
the run length); doubling the capacity copies each value only about twice in total.
"""

from __future__ import annotations

import numpy as np


class GrowingBuffer:
    """``values`` is a view of the first ``len(self)`` entries; it is invalidated by ``extend``."""

    def __init__(self, capacity: int = 1024, dtype: type = np.float64) -> None:
        self._data = np.empty(max(capacity, 1), dtype=dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def values(self) -> np.ndarray:
        return self._data[:self._size]

    def extend(self, new_values: np.ndarray) -> None:
        """Append a 1-D array of values."""
        needed = self._size + len(new_values)
        if needed > len(self._data):
            capacity = len(self._data)
            while capacity < needed:
                capacity *= 2
            grown = np.empty(capacity, dtype=self._data.dtype)
            grown[:self._size] = self.values
            self._data = grown
        self._data[self._size:needed] = new_values
        self._size = needed

    def clear(self) -> None:
        """Forget the values but keep the memory for the next run."""
        self._size = 0
