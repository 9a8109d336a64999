"""Render the application icon from resources/icons/nndash.svg to PNGs and a Windows .ico.

    python packaging/render_icons.py

Each PNG size is rendered from the vector (not scaled down from a big bitmap), so the small
sizes stay crisp. The .ico holds the sizes up to 256 px as PNG entries, the layout Windows
Vista and later read; packing it by hand keeps Pillow out of the build.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 32, 48, 64, 128, 256)  # an .ico entry is at most 256 px


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon as PNG bytes, size x size pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def pack_ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico file: a 6-byte header, a 16-byte entry per image, then the PNG payloads.

    An entry's width and height byte is 0 for 256 px (the field holds 1..255).
    """
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payloads = [], []
    for size, png in sorted(pngs.items()):
        side = size % 256
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset))
        payloads.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(payloads)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([])  # painting needs one alive
    renderer = QSvgRenderer(str(ICON_DIR / "nndash.svg"))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {ICON_DIR / 'nndash.svg'}")
    pngs = {size: render_png(renderer, size) for size in PNG_SIZES}
    for size, png in pngs.items():
        (ICON_DIR / f"nndash-{size}.png").write_bytes(png)
    (ICON_DIR / "nndash.ico").write_bytes(pack_ico({s: pngs[s] for s in ICO_SIZES}))


if __name__ == "__main__":
    main()
