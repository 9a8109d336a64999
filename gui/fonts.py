"""A font for Latin text on machines that have none.

A bare system (a minimal container, a fresh kiosk image) may have no font at all: Qt then
draws every letter as an empty box. The bundle ships DejaVu Sans for that case; everywhere
else the system fonts are left alone.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QGuiApplication

from resources import resource_path

FALLBACK_FONT = ("fonts", "DejaVuSans.ttf")


def has_latin_font(app: QGuiApplication) -> bool:
    """Whether the application font has a glyph for "A" (~1 ms once the font database is up)."""
    return QFontMetrics(app.font()).inFont("A")


def ensure_font(app: QGuiApplication, *, force: bool = False) -> str | None:
    """Register the bundled DejaVu Sans and make it the app font when no system font covers Latin.

    force: do it even when system fonts exist (tests). Returns the family made the app font,
    or None when the system fonts were kept or the bundled file could not be read.
    """
    if not force and has_latin_font(app):
        return None
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*FALLBACK_FONT)))
    if font_id < 0:
        return None
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(app.font())  # keep the size the platform chose
    font.setFamily(family)
    app.setFont(font)
    return family
