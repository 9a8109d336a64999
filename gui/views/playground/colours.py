"""Colours of the Playground: one per class for the plane, a diverging map for the units.

Class colours are Okabe-Ito (distinguishable for colour-blind eyes and on washed-out
projectors); units are orange where negative and blue where positive, as in TensorFlow
Playground. These functions only colour grids the worker computed; they never evaluate a
network.
"""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtGui import QColor, QImage

CLASS_COLOURS = ("#e69f00", "#0072b2", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442",
                 "#7f7f7f", "#8c564b", "#000000")
NEGATIVE = "#e69f00"
POSITIVE = "#0072b2"
WEAKEST_TINT = 0.08
"""How much class colour a point the network is unsure about (probabilities all 1/classes)
gets; a confident point gets STRONGEST_TINT, kept below 1 so that the data points, drawn in
the full class colour, stand out on their own region."""
STRONGEST_TINT = 0.5


def class_colour(label: int) -> str:
    return CLASS_COLOURS[label % len(CLASS_COLOURS)]


@functools.lru_cache(maxsize=64)
def _rgb(colour: str) -> np.ndarray:
    """'#rrggbb' -> (3,) float32, read-only (shared by every call)."""
    qcolour = QColor(colour)
    rgb = np.array([qcolour.red(), qcolour.green(), qcolour.blue()], dtype=np.float32)
    rgb.flags.writeable = False
    return rgb


def blend(colour: str, background: str, amount: float) -> QColor:
    """An opaque colour ``amount`` (0..1) of the way from ``background`` to ``colour``: looks
    like a translucent line on that background, and antialiased opaque lines paint about four
    times faster than translucent ones."""
    top, base = QColor(colour), QColor(background)
    return QColor(*(round(under + amount * (over - under)) for over, under in (
        (top.red(), base.red()), (top.green(), base.green()), (top.blue(), base.blue()))))


def boundary_rgba(probabilities: np.ndarray, background: str, *,
                  discretize: bool = False) -> np.ndarray:
    """(n, n, 4) uint8: each cell in its predicted class's colour over ``background``, the
    more saturated the more confident (max probability from 1/classes to 1), or all equally
    strong when ``discretize``."""
    classes = probabilities.shape[-1]
    winner = probabilities.argmax(axis=-1)
    if discretize:
        tint = np.full(winner.shape, STRONGEST_TINT, dtype=np.float32)
    else:
        confidence = (probabilities.max(axis=-1) - 1.0 / classes) / (1.0 - 1.0 / classes)
        tint = WEAKEST_TINT + (STRONGEST_TINT - WEAKEST_TINT) * np.clip(confidence, 0.0, 1.0)
    palette = np.stack([_rgb(class_colour(label)) for label in range(classes)])
    base = _rgb(background)
    rgb = base + tint[..., None] * (palette[winner] - base)
    alpha = np.full(winner.shape + (1,), 255.0, dtype=np.float32)
    return np.concatenate([rgb, alpha], axis=-1).astype(np.uint8)


UNIT_LEVELS = 255
"""Shades of a unit's thumbnail from most negative to most positive (an odd count, so 0 gets
the background exactly): a palette lookup colours all of a layer's thumbnails at once."""


@functools.lru_cache(maxsize=8)
def _unit_palette(background: str) -> np.ndarray:
    """(UNIT_LEVELS, 3) uint8: orange at -1 through ``background`` at 0 to blue at +1."""
    signed = np.linspace(-1.0, 1.0, UNIT_LEVELS, dtype=np.float32)[:, None]
    base = _rgb(background)
    colours = np.where(signed < 0, _rgb(NEGATIVE), _rgb(POSITIVE))
    palette = np.rint(base + np.abs(signed) * (colours - base)).astype(np.uint8)
    palette.flags.writeable = False
    return palette


def unit_images(grids: np.ndarray, background: str) -> list[QImage]:
    """A thumbnail per unit of ``grids`` (units, m, m), each indexed [y, x] with row 0 at the
    bottom: orange below zero, blue above, scaled by the unit's largest magnitude so each
    unit's shape shows."""
    grids = np.asarray(grids, dtype=np.float32)
    scale = np.abs(grids).max(axis=(1, 2), keepdims=True)
    signed = np.divide(grids, scale, out=np.zeros_like(grids), where=scale > 0)
    levels = np.rint((signed + 1.0) * ((UNIT_LEVELS - 1) / 2)).astype(np.intp)
    rgb = _unit_palette(background)[levels[:, ::-1]]  # images are drawn top row first
    return [rgb_image(image) for image in rgb]


def shade_image(values: np.ndarray, colour: str, background: str) -> QImage:
    """A thumbnail of a probability map (m, m) in [0, 1], indexed [y, x]: ``colour`` where 1."""
    base = _rgb(background)
    rgb = base + np.clip(values, 0.0, 1.0)[..., None] * (_rgb(colour) - base)
    return rgb_image(rgb[::-1])


def rgb_image(rgb: np.ndarray) -> QImage:
    """A QImage owning a copy of an (h, w, 3) array of 0..255 values."""
    data = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width, _ = data.shape
    return QImage(data.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
