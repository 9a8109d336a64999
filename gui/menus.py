"""The menu bar of the dashboard window: File, Data, Run, View, Experiments and Help.

Every entry is an action that already exists elsewhere (the file and export actions, the
downloads, the run tool bar, presentation mode); this module only arranges them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from gui.dialogs.shortcuts_dialog import mention_shortcuts

if TYPE_CHECKING:  # the window imports this module
    from gui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Fill the window's menu bar with the actions of its parts."""
    menu_bar = window.menuBar()
    file_menu = menu_bar.addMenu("&File")
    window.file_actions.add_to(file_menu)
    file_menu.addSeparator()
    window.export_actions.add_to(file_menu)
    file_menu.addSeparator()
    quit_action = file_menu.addAction("&Quit", window.close)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit is empty on some platforms
    data_menu = menu_bar.addMenu("&Data")
    window.downloads.add_to(data_menu)
    data_menu.addSeparator()
    data_menu.addAction(window.file_actions.open_folder_action)
    run_menu = menu_bar.addMenu("&Run")
    controls = window.run_controls
    run_menu.addAction(controls.start_or_pause)  # Space: its key shows in the menu
    run_menu.addSeparator()
    run_menu.addActions([controls.start, controls.pause, controls.step, controls.stop,
                         controls.reset])
    view_menu = menu_bar.addMenu("&View")
    setup_toggle = window.setup_dock.toggleViewAction()
    setup_toggle.setShortcut(QKeySequence(Qt.Key.Key_F9))  # give the plots the screen
    view_menu.addAction(setup_toggle)
    window.addAction(setup_toggle)  # F9 works in full screen too
    view_menu.addSeparator()
    window.presentation.add_to(view_menu)
    help_menu = menu_bar.addMenu("&Help")
    help_menu.addAction(shortcuts_action(window))
    help_menu.addAction("&About nndash", window.show_about)
    mention_shortcuts(window.findChildren(QAction), window.run_controls.keys_of)


def shortcuts_action(window: MainWindow) -> QAction:
    """Help > Keyboard shortcuts (F1), on the window so F1 works with the menus hidden."""
    action = QAction("&Keyboard shortcuts", window)
    action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    action.setToolTip("Every key of the dashboard, in one table.")
    action.triggered.connect(window.show_shortcuts)
    window.addAction(action)
    return action


def build_experiments_menu(window: MainWindow) -> None:
    """Experiments: the book's chapter-6 presets, each with its figure and what to look for;
    choosing one loads it on the Compare tab, ready for Space."""
    from engine.presets import PRESETS

    help_action = window.menuBar().actions()[-1]  # keep Help last
    menu = window.menuBar().addMenu("&Experiments")
    window.menuBar().insertMenu(help_action, menu)
    menu.setToolTipsVisible(True)
    for preset in PRESETS.values():
        action = menu.addAction(preset.menu_text, partial(window.load_preset, preset.name))
        action.setToolTip(preset.what_to_look_for)
        action.setStatusTip(preset.what_to_look_for)


def keep_shortcuts_without_menus(window: MainWindow) -> None:
    """Every menu key keeps working when plots only (F10) hides the menu bar: Qt fires an
    action's shortcut only while a widget it belongs to is visible, so the window gets them
    too (Ctrl+Q, Ctrl+E, F11 and the rest in front of a class)."""
    for menu in window.menuBar().findChildren(QMenu):  # submenus too
        for action in menu.actions():
            if not action.shortcut().isEmpty() and action not in window.actions():
                window.addAction(action)
