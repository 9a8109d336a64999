"""Stopping a long build or measurement between two of its steps.

No NumPy call can be interrupted, and a 784-10x4096-10 network takes ~6 s to build and ~30 s
more to measure its accuracy before any update: a run stopped, reset or closed meanwhile kept
its thread busy that long. Code that takes such a ``should_stop`` (any callable, e.g. a
``threading.Event``'s ``is_set``) calls ``stop_if_asked`` between its steps (a layer, a batch)
and so ends within one step of the request.
"""

from __future__ import annotations

from collections.abc import Callable

StopCheck = Callable[[], bool]


class StopRequestedError(Exception):
    """``should_stop()`` became true: the caller asked to stop; nothing is wrong."""


def stop_if_asked(should_stop: StopCheck | None, what: str) -> None:
    """Raise StopRequestedError if ``should_stop`` is given and returns true (``what`` was
    interrupted, for the message)."""
    if should_stop is not None and should_stop():
        raise StopRequestedError(f"stopped while {what}")
