"""The window's training-only parts (setup dock, run tool bar, run status) hide while a view
that does not use them is on screen: the optimizer paths have their own controls, and two sets
of Play/Step/Reset (one of them for an invisible run) would only confuse a class.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class RunChrome:
    """Hides ``widgets`` for views with ``uses_setup = False`` and shows again exactly those it
    hid (what the user closed stays closed)."""

    def __init__(self, widgets: list[QWidget]) -> None:
        self._widgets = widgets
        self._hidden: list[QWidget] = []

    def show_for(self, uses_setup: bool) -> None:
        if uses_setup:
            self.restore()
        elif not self._hidden:
            self._hidden = [widget for widget in self._widgets if not widget.isHidden()]
            for widget in self._hidden:
                widget.hide()

    def restore(self) -> None:
        """Show what this hid (also before the window saves its layout on closing)."""
        for widget in self._hidden:
            widget.show()
        self._hidden = []
