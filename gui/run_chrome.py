"""The window's bars that come and go: the training-only parts (setup dock, run tool bar, run
status) hide while a view that does not use them is on screen, since the optimizer paths have
their own controls and two sets of Play/Step/Reset (one for an invisible run) would only
confuse a class; and plots only (F10) hides the setup dock, the tool bar and the menus.

Both reasons are kept here, so that neither undoes the other: switching tabs in plots only
must not bring the dock back, and leaving plots only on the paths tab must not show it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class RunChrome:
    """Hides ``run_widgets`` for views with ``uses_setup = False`` and ``window_bars`` in
    plots only, and shows again exactly those it hid (what the user closed stays closed)."""

    def __init__(self, run_widgets: list[QWidget], window_bars: list[QWidget]) -> None:
        self._run_widgets = run_widgets
        self._window_bars = window_bars
        self._uses_setup = True
        self._plots_only = False
        self._hidden: list[QWidget] = []

    def show_for(self, uses_setup: bool) -> None:
        self._uses_setup = uses_setup
        self._apply()

    def set_plots_only(self, on: bool) -> None:
        self._plots_only = on
        self._apply()

    def restore(self) -> None:
        """Show what this hid (also before the window saves its layout on closing)."""
        for widget in self._hidden:
            widget.show()
        self._hidden = []

    def _apply(self) -> None:
        unwanted = ([] if self._uses_setup else self._run_widgets) + (
            self._window_bars if self._plots_only else [])
        for widget in [widget for widget in self._hidden if widget not in unwanted]:
            widget.show()
            self._hidden.remove(widget)
        for widget in unwanted:
            if widget not in self._hidden and not widget.isHidden():
                widget.hide()
                self._hidden.append(widget)
