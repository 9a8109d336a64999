"""Survive the reference leak of PySide6 6.12.0 on Python 3.11.

PySide6-Essentials 6.12.0 returns ``None`` from every void method (``label.setText``,
``processEvents``...) and ``True`` from ``Signal.emit`` without taking a reference. Python 3.12+
never counts references to these immortal objects, so nothing happens there; Python 3.11 does,
and after a few thousand calls the interpreter aborts with "Fatal Python error: none_dealloc:
deallocating None" (or bool_dealloc) - a dashboard would die within a minute of training.

The real fix is another PySide6 (6.11.3 is clean). Until then ``protect()`` measures the leak and,
if it is there, gives None, True and False a reference count so large (2**40) that the leak can
never use it up: what Python 3.12 does for its immortal objects.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

PADDING = 2**40  # a million leaked references a second would take 12 days to use this up
PROBE_CALLS = 64

_protected = False


def leaks_references() -> bool:
    """True when a void PySide6 call drops a reference to None (measured, not guessed)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) <= before - PROBE_CALLS // 2


def protect() -> None:
    """Make None, True and False immortal in practice if this PySide6 leaks them (idempotent)."""
    global _protected
    if _protected or sys.version_info >= (3, 12) or not leaks_references():
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object, at the object's address
        ctypes.c_ssize_t.from_address(id(singleton)).value += PADDING
    _protected = True
