"""The Playground's thumbnail colours: a unit's sign and size, the right way up."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from gui.views.playground.colours import NEGATIVE, POSITIVE, unit_images


def rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def test_each_unit_is_scaled_by_its_own_largest_value_with_y0_at_the_bottom(qapp):
    first = np.array([[-2.0, 0.0, 2.0],   # grid row 0: y0, the bottom of the plane
                      [0.0, 0.0, 0.0],
                      [0.0, 1.0, 0.0]], dtype=np.float32)
    second = 1e-3 * first  # a weak unit still shows its shape at full strength
    images = unit_images(np.stack([first, second, np.zeros_like(first)]), "#ffffff")
    for image in images[:2]:
        assert (image.width(), image.height()) == (3, 3)
        assert rgb(image.pixelColor(0, 2)) == rgb(QColor(NEGATIVE))  # bottom left: -max
        assert rgb(image.pixelColor(2, 2)) == rgb(QColor(POSITIVE))  # bottom right: +max
        assert rgb(image.pixelColor(1, 1)) == (255, 255, 255)  # zero: the background
        half = [round(255 + (p - 255) / 2) for p in rgb(QColor(POSITIVE))]
        assert all(abs(a - b) <= 1 for a, b in zip(rgb(image.pixelColor(1, 0)), half, strict=True))
    assert all(rgb(images[2].pixelColor(x, y)) == (255, 255, 255)  # a dead unit: blank
               for x in range(3) for y in range(3))
