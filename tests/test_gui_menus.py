"""The window's File, Data, View and Help menus reach the file, export, download,
presentation and About modules."""

from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from engine.config import RunConfig, TrainConfig
from gui.dialogs.about_dialog import AboutDialog
from gui.dialogs.prompts import Prompts
from gui.main_window import MainWindow
from gui.settings import Settings


class FolderPrompts(Prompts):
    def __init__(self, path):
        super().__init__(None)
        self.path = path

    def folder(self, caption):
        return self.path

    def open_path(self, caption, name_filter):
        return self.path


@pytest.fixture
def window(qtbot, tmp_path):
    font = QApplication.font()
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    QApplication.setFont(font)


def _entries(window):
    """{menu title: [entry texts]} without the '&' accelerator marks."""
    return {menu.title().replace("&", ""): [a.text().replace("&", "")
                                            for a in menu.actions() if not a.isSeparator()]
            for menu in (a.menu() for a in window.menuBar().actions())}


def test_the_menus_hold_every_desktop_action(window):
    entries = _entries(window)
    assert list(entries) == ["File", "Data", "Run", "View", "Help"]
    assert entries["File"] == ["Save configuration...", "Load configuration...",
                               "Export plots and data...", "Copy plot to clipboard", "Quit"]
    assert entries["Data"] == ["Get full MNIST...", "Get Fashion-MNIST...", "Open folder..."]
    assert entries["View"][1:] == ["Presentation mode", "Bigger text", "Smaller text",
                                   "Normal text size", "Restore defaults"]
    assert entries["Help"] == ["About nndash"]


def test_export_takes_the_plots_of_the_tab_on_screen(window, tmp_path):
    window.export_actions.prompts = FolderPrompts(tmp_path)
    window.export_actions.export()
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "accuracy.png", "activations.png", "loss.png"]
    assert "Exported 6 files" in window.banner.text

    window.tabs.setCurrentWidget(window.paths_view)
    window.export_actions.export()
    assert (tmp_path / "optimizer-paths.csv").read_text().startswith("optimizer,step,x,y\n")


def test_a_loaded_configuration_fills_the_setup_panel(window, tmp_path):
    config = replace(RunConfig(), dataset="xor", train=TrainConfig(optimizer="sgd", lr=0.05))
    config.save(tmp_path / "run.json")
    window.file_actions.prompts = FolderPrompts(tmp_path / "run.json")
    window.file_actions.load_config_action.trigger()
    assert window.setup.run_config() == config
    assert "Loaded the configuration" in window.banner.text


def test_f9_hides_the_setup_panel_and_about_opens(qtbot, window):
    toggle = window.setup_dock.toggleViewAction()
    assert toggle.shortcut().toString() == "F9"
    toggle.trigger()
    assert not window.setup_dock.isVisible()
    window.show_about()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    about.reject()
