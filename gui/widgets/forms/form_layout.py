"""A QFormLayout that arranges its rows for the width it is given, also when it wraps.

QFormLayout keeps one table of row heights behind two cached answers: the height at its
preferred width and the height at the last other width asked. One layout pass asks both:
the setup dock's column of panels, computing its own size hint, asks each panel its height
at the panel's preferred width after the height at the real width was asked, and
setGeometry then finds the real width "cached" and arranges the rows with the preferred
width's table. Word-wrapped descriptions and wrapping grids got the height of a wider row
and were cut off (the spiral set's description lost a line in F11 after Ctrl+= twice at
1366x768, its feature check boxes a row at normal text).

FormLayout answers a question at the preferred width with the height one pixel wider, so
Qt never fills its preferred-width cache and every arrangement recomputes or reuses the
table of its own width.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout


class FormLayout(QFormLayout):
    """QFormLayout without the stale row heights of its preferred width."""

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        if width == self.sizeHint().width():
            width += 1  # the same rows, through the cache setGeometry checks
        return super().heightForWidth(width)
