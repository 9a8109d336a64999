"""Presentation mode for lecture halls, and the text size of the whole app.

On a projector the back row needs big text, thick lines and dark-on-light contrast, so
presentation mode goes full screen, switches the plots to the light theme and multiplies the
font scale by PRESENTATION_BOOST (gui.style, which builds every style). Ctrl+= / Ctrl+- /
Ctrl+0 change the user's own font scale (remembered in the settings as 'ui/font_scale'); in
presentation mode the boost comes on top:

    effective scale = font_scale * (PRESENTATION_BOOST if presenting else 1)

Fonts and line widths of every plot follow the scale through gui.style (Style.font, Style.pen):
the window applies the style to the app font and every plot when ``style_changed`` fires.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from gui.settings import DEFAULTS, Settings
from gui.style import Style, style_from_settings

SCALE_STEP = 1.125
MIN_SCALE, MAX_SCALE = 0.6, 3.0


class PresentationMode(QObject):
    """The View menu's actions: presentation mode (F11), plots only (F10), bigger / smaller /
    normal text, and restore defaults. ``style_changed(Style)`` fires with the style to apply
    everywhere; ``plots_only_changed(bool)`` when plots only is switched (the window hides or
    shows its controls); ``defaults_restored()`` after the settings were reset (the window
    resets its layout and form)."""

    style_changed = Signal(object)
    defaults_restored = Signal()
    plots_only_changed = Signal(bool)

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._presenting = False
        self._was_maximized = False
        self.toggle_action = self._action("&Presentation mode", ["F11"], self._on_toggled,
                                          "Full screen, light high-contrast plots and larger "
                                          "text, for a projector (F11).")
        self.toggle_action.setCheckable(True)
        self.plots_only_action = self._action("Plots &only", ["F10"], self.plots_only_changed,
                                              "Hide the setup panel, the tool bar, the menus "
                                              "and every control: only the plots and one "
                                              "status line, for a class (F10; the run keys "
                                              "keep working).")
        self.plots_only_action.setCheckable(True)
        self.bigger_action = self._action("&Bigger text", ["Ctrl+=", "Ctrl++"], self.bigger,
                                          "Scale all text and lines up (Ctrl+=).")
        self.smaller_action = self._action("&Smaller text", ["Ctrl+-"], self.smaller,
                                           "Scale all text and lines down (Ctrl+-).")
        self.normal_action = self._action("&Normal text size", ["Ctrl+0"],
                                          self.reset_font_scale,
                                          "Back to the normal text size (Ctrl+0).")
        self.restore_action = self._action("&Restore defaults", [], self.restore_defaults,
                                           "Forget the saved settings: theme, text size, "
                                           "window layout and last configuration.")

    def _action(self, text: str, keys: list[str], slot, tip: str) -> QAction:
        action = QAction(text, self._window)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self._window.addAction(action)  # the keys work in full screen and with menus hidden
        return action

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.toggle_action)
        menu.addAction(self.plots_only_action)
        menu.addSeparator()
        menu.addActions([self.bigger_action, self.smaller_action, self.normal_action])
        menu.addSeparator()
        menu.addAction(self.restore_action)

    @property
    def presenting(self) -> bool:
        return self._presenting

    @property
    def font_scale(self) -> float:
        """The user's own scale (remembered); the effective one is ``style().font_scale``."""
        return self._settings.read_float("ui/font_scale")

    def style(self) -> Style:
        """The style to draw with now: theme and effective font scale."""
        return style_from_settings(self._settings, presenting=self._presenting)

    def set_presenting(self, on: bool) -> None:
        """Enter or leave presentation mode (full screen, light theme, boosted scale)."""
        if on != self._presenting:
            self._switch_window(on)
            self._apply()

    def _switch_window(self, on: bool) -> None:
        """Full screen on entering; back to maximized or normal, as before, on leaving."""
        self._presenting = on
        self.toggle_action.setChecked(on)
        if on:
            self._was_maximized = self._window.isMaximized()
            self._window.showFullScreen()
        elif self._was_maximized:
            self._window.showMaximized()
        else:
            self._window.showNormal()

    def set_font_scale(self, scale: float) -> None:
        """Set and remember the user's scale, clamped to [MIN_SCALE, MAX_SCALE]."""
        scale = round(min(max(scale, MIN_SCALE), MAX_SCALE), 3)
        self._settings.set("ui/font_scale", scale)
        self._apply()

    @Slot()
    def bigger(self) -> None:
        self.set_font_scale(self.font_scale * SCALE_STEP)

    @Slot()
    def smaller(self) -> None:
        self.set_font_scale(self.font_scale / SCALE_STEP)

    @Slot()
    def reset_font_scale(self) -> None:
        self.set_font_scale(DEFAULTS["ui/font_scale"])

    @Slot()
    def restore_defaults(self) -> None:
        """Forget every stored setting, leave presentation mode and redraw in the defaults."""
        self._settings.restore_defaults()
        if self._presenting:
            self._switch_window(False)
        if self.plots_only_action.isChecked():
            self.plots_only_action.trigger()
        self._apply()
        self.defaults_restored.emit()

    @Slot(bool)
    def _on_toggled(self, on: bool) -> None:
        self.set_presenting(on)

    def _apply(self) -> None:
        self.style_changed.emit(self.style())
