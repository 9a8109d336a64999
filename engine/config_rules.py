"""How a configuration checks its settings: one ``Rule`` per field, applied on construction.

Every way into a configuration (a panel, the command line, a JSON file, the saved settings)
builds the same dataclasses, so these rules are the one place where a value is judged; each
failure is a ``ConfigError`` with a sentence meant for the user.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from numbers import Integral, Real
from types import MappingProxyType
from typing import Any

from engine.features import check_features
from engine.limits import MAX_HIDDEN_LAYERS, NetworkTooLargeError, check_hidden_sizes


class ConfigError(ValueError):
    """A setting that cannot be used, with a message that says which and why."""


def shown(value: object) -> str:
    """``repr`` cut to a few dozen characters: a 100 MB string must not become the message."""
    return reprlib.repr(value)




@dataclass(frozen=True)
class Rule:
    """How one setting is checked. ``check(value)`` returns the value to keep (normalised:
    a list of widths becomes a tuple) or raises ConfigError naming the setting. Every way into
    a configuration (a panel, the command line, a JSON file, the saved settings) passes here."""

    what: str

    def check(self, value: Any) -> Any:
        raise NotImplementedError

    def fail(self, expected: str, value: Any) -> ConfigError:
        return ConfigError(f"{self.what}: expected {expected}, got {shown(value)}")


@dataclass(frozen=True)
class Choice(Rule):
    """One of the names of a registry."""

    choices: Mapping[str, Any]

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise ConfigError(
                f"{self.what}: unknown {shown(value)}; choose one of {', '.join(self.choices)}")
        return value


@dataclass(frozen=True)
class Number(Rule):
    """A finite number in [low, high] (or (low, high]); a whole one when ``whole``; None
    allowed when ``optional``."""

    low: float
    high: float = math.inf
    low_inclusive: bool = True
    whole: bool = False
    optional: bool = False

    def check(self, value: Any) -> float | int | None:
        if value is None and self.optional:
            return None
        kind = Integral if self.whole else Real
        if isinstance(value, bool) or not isinstance(value, kind) or value != value:  # NaN
            raise self.fail("a whole number" if self.whole else "a number", value)
        too_low = value < self.low if self.low_inclusive else value <= self.low
        if too_low or value > self.high:
            bound = "at least" if self.low_inclusive else "above"
            upper = f" and at most {self.high:g}" if math.isfinite(self.high) else ""
            given = f"{value:g}" if isinstance(value, float) else shown(value)
            raise ConfigError(f"{self.what}: must be {bound} {self.low:g}{upper}, got {given}")
        return int(value) if self.whole else float(value)


@dataclass(frozen=True)
class Flag(Rule):
    """true or false."""

    def check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail("true or false", value)
        return value


@dataclass(frozen=True)
class Widths(Rule):
    """Hidden-layer widths: a list of whole numbers within the setup panel's limits."""

    def check(self, value: Any) -> tuple[int, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
            raise self.fail("a list of widths like [100, 50]", value)
        if len(value) > MAX_HIDDEN_LAYERS:
            raise ConfigError(f"{self.what}: at most {MAX_HIDDEN_LAYERS} layers, got {len(value)}")
        if not all(isinstance(size, Integral) and not isinstance(size, bool) for size in value):
            raise self.fail("whole-number widths like [100, 50]", value)
        sizes = tuple(int(size) for size in value)
        try:
            check_hidden_sizes(sizes)
        except NetworkTooLargeError as error:
            raise ConfigError(str(error)) from None
        return sizes


@dataclass(frozen=True)
class NumberMap(Rule):
    """Named numbers (an optimizer's hyperparameters): a read-only mapping str -> float."""

    low: float
    high: float

    def check(self, value: Any) -> Mapping[str, float]:
        if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
            raise self.fail("an object of named numbers", value)
        return MappingProxyType({
            name: Number(f"{self.what} {name}", self.low, self.high).check(number)
            for name, number in value.items()
        })


@dataclass(frozen=True)
class Section(Rule):
    """A nested configuration: an instance of ``kind`` or a JSON object of its fields."""

    kind: type

    def check(self, value: Any) -> Any:
        if isinstance(value, self.kind):
            return value
        return from_mapping(self.kind, self.what, value)


@dataclass(frozen=True)
class Features(Rule):
    """What a 2-D point becomes at the network's input: names from engine.features."""

    def check(self, value: Any) -> tuple[str, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
            raise self.fail("a list of names like [\"x\", \"y\"]", value)
        try:
            return check_features(tuple(value))
        except ValueError as error:
            raise ConfigError(str(error)) from None


@dataclass(frozen=True)
class NamedNumbers(Rule):
    """A 2-D set's parameters: a read-only mapping str -> number, kept as given (whole numbers
    stay whole); their ranges are the data set's to check (DatasetSpec.check_params)."""

    def check(self, value: Any) -> Mapping[str, float]:
        if (not isinstance(value, Mapping)
                or not all(isinstance(key, str) for key in value)
                or not all(isinstance(number, Real) and not isinstance(number, bool)
                           for number in value.values())):
            raise self.fail("an object of named numbers", value)
        return MappingProxyType(dict(value))




def setting(default: Any = None, rule: Rule | None = None, *, factory: Any = None) -> Any:
    """A dataclass field checked by ``rule`` whenever a configuration is made."""
    if factory is not None:
        return field(default_factory=factory, metadata={"rule": rule})
    return field(default=default, metadata={"rule": rule})


class Checked:
    """Applies each field's rule after construction (and after ``dataclasses.replace``)."""

    def __post_init__(self) -> None:
        for item in fields(self):
            rule = item.metadata.get("rule")
            if rule is not None:
                object.__setattr__(self, item.name, rule.check(getattr(self, item.name)))


def from_mapping(kind: type, name: str, data: Any) -> Any:
    """``kind`` built from a JSON object; unknown keys and a non-object are reported."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{name}: expected an object, got {shown(data)}")
    known = {item.name for item in fields(kind)}
    unknown = sorted(str(key) for key in set(data) - known)
    if unknown:
        raise ConfigError(f"{name}: unknown setting(s) {shown(unknown)[1:-1]}")
    return kind(**data)
