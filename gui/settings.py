"""Persistent user settings: one DEFAULTS dict, typed reads, QSettings underneath.

QSettings hands values back as strings on some platforms (INI files, Linux), so every read
converts to the type of the key's default; a corrupt or foreign value falls back to the
default instead of crashing the window at start.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "nndash"
APPLICATION = "nndash"

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "run/config": "",            # the last RunConfig as JSON; "" means the built-in defaults
    "run/pace": "lecture (~50 steps/s)",  # a key of gui.run.worker.PACES: a class can follow
    "plots/smoothing": 0.9,      # EMA weight of the smoothed loss line
    "plots/pre_activations": False,
    "ui/theme": "dark",          # a key of gui.style.THEMES
    "ui/font_scale": 1.0,
}

_TRUE_WORDS = {"true", "1", "yes", "on"}


class Settings:
    """Typed access to the application's QSettings; unknown keys are a programming error."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings(ORGANIZATION, APPLICATION)

    def value(self, key: str) -> Any:
        """The stored value of ``key`` as the type of its default (the default when unusable)."""
        default = DEFAULTS[key]
        raw = self._store.value(key, default)
        try:
            return _convert(raw, default)
        except (TypeError, ValueError):
            return default

    def read_float(self, key: str) -> float:
        return float(self.value(key))

    def read_bool(self, key: str) -> bool:
        return bool(self.value(key))

    def read_str(self, key: str) -> str:
        return str(self.value(key))

    def read_bytes(self, key: str) -> QByteArray:
        return self.value(key)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        self._store.setValue(key, value)

    def restore_defaults(self) -> None:
        """Forget every stored value, so each read returns its default again."""
        self._store.clear()

    def sync(self) -> None:
        self._store.sync()


def _convert(raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in _TRUE_WORDS if isinstance(raw, str) else bool(raw)
    if isinstance(default, QByteArray):
        return raw if isinstance(raw, QByteArray) else QByteArray()
    return type(default)(raw)
