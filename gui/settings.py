"""Persistent user settings: one table of keys with their defaults and ranges, QSettings underneath.

QSettings hands values back as strings on some platforms (INI files, Linux), and a settings
file can hold anything (a hand edit, another version, a disk error). So every read converts to
the type of the key's default and checks the key's documented range or choices; a value that
fails is replaced by the default, in memory and in the file, so one bad value can neither stop
the window from starting nor come back at the next start.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "nndash"
APPLICATION = "nndash"


def _paces() -> Iterable[str]:
    from gui.run.worker import PACES  # imported when first read: the worker imports the engine

    return PACES


def _themes() -> Iterable[str]:
    from gui.style import THEMES  # gui.style imports this module

    return THEMES


@dataclass(frozen=True)
class Setting:
    """A key's default and what else it may hold: numbers in [low, high], or one of
    ``choices()``; other keys only need the default's type."""

    default: Any
    low: float = -math.inf
    high: float = math.inf
    choices: Callable[[], Iterable[str]] | None = None
    doc: str = ""

    def accepts(self, value: Any) -> bool:
        if isinstance(value, float):
            return math.isfinite(value) and self.low <= value <= self.high
        if self.choices is not None:
            return value in self.choices()
        return True


SETTINGS: dict[str, Setting] = {
    "window/geometry": Setting(QByteArray(), doc="QMainWindow.saveGeometry()"),
    "window/state": Setting(QByteArray(), doc="QMainWindow.saveState(): the dock layout"),
    "run/config": Setting("", doc="the last RunConfig as JSON; '' means the built-in defaults"),
    "run/pace": Setting("lecture (~50 steps/s)", choices=_paces,
                         doc="a key of gui.run.worker.PACES: a class can follow"),
    "plots/smoothing": Setting(0.9, 0.0, 0.999, doc="EMA weight of the smoothed loss line"),
    "plots/pre_activations": Setting(False, doc="histograms of Affine outputs, not activations"),
    "ui/theme": Setting("dark", choices=_themes, doc="a key of gui.style.THEMES"),
    "ui/font_scale": Setting(1.0, 0.6, 3.0, doc="the user's text size, as Ctrl+= and Ctrl+- "
                                                "set it (gui.actions.presentation's limits)"),
}
DEFAULTS: dict[str, Any] = {key: setting.default for key, setting in SETTINGS.items()}

_TRUE_WORDS = {"true", "1", "yes", "on"}
_FALSE_WORDS = {"false", "0", "no", "off", ""}


class Settings:
    """Typed access to the application's QSettings; unknown keys are a programming error."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings(ORGANIZATION, APPLICATION)

    def value(self, key: str) -> Any:
        """The stored value of ``key`` as the type of its default, within its range; the
        default (also written back to the file) when the stored one is unusable."""
        setting = SETTINGS[key]
        raw = self._store.value(key, setting.default)
        try:
            value = _convert(raw, setting.default)
        except (TypeError, ValueError, OverflowError):
            value = None
        if value is None or not setting.accepts(value):
            self.forget(key)
            return setting.default
        return value

    def read_float(self, key: str) -> float:
        return float(self.value(key))

    def read_bool(self, key: str) -> bool:
        return bool(self.value(key))

    def read_str(self, key: str) -> str:
        return str(self.value(key))

    def read_bytes(self, key: str) -> QByteArray:
        return self.value(key)

    def set(self, key: str, value: Any) -> None:
        if key not in SETTINGS:
            raise KeyError(f"unknown setting {key!r}")
        self._store.setValue(key, value)

    def forget(self, key: str) -> None:
        """Drop the stored value of ``key`` (reads give the default again), in the file too."""
        if self._store.contains(key):
            self._store.remove(key)
            self._store.sync()

    def restore_defaults(self) -> None:
        """Forget every stored value, so each read returns its default again."""
        self._store.clear()

    def sync(self) -> None:
        self._store.sync()


def _convert(raw: Any, default: Any) -> Any:
    """``raw`` as the type of ``default``, or None when it cannot be one."""
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        return True if word in _TRUE_WORDS else False if word in _FALSE_WORDS else None
    if isinstance(default, QByteArray):
        return raw if isinstance(raw, QByteArray) else None
    if isinstance(default, str):
        return raw if isinstance(raw, str) else None
    return type(default)(raw)
