"""The window's File, Data, View and Help menus reach the file, export, download,
presentation and About modules."""

from dataclasses import replace

import pytest
from idx_samples import gzip_idx_files
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from engine.config import RunConfig, TrainConfig
from engine.data import load_dataset
from engine.network import MultiLayerNet
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
    assert list(entries) == ["File", "Data", "Run", "View", "Experiments", "Help"]
    assert entries["File"] == ["Save configuration...", "Load configuration...",
                               "Save weights...", "Load weights...",
                               "Export plots and data...", "Copy plot to clipboard", "Quit"]
    assert entries["Data"] == ["Get full MNIST...", "Get Fashion-MNIST...", "Open folder..."]
    assert entries["View"][1:] == ["Presentation mode", "Plots only", "Bigger text",
                                   "Smaller text", "Normal text size", "Restore defaults"]
    assert entries["Help"] == ["Keyboard shortcuts", "About nndash"]


def test_export_takes_the_plots_of_the_tab_on_screen(window, tmp_path):
    window.export_actions.prompts = FolderPrompts(tmp_path)
    window.export_actions.export()
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "accuracy.png", "activations.png", "loss.png"]
    assert "Exported 6 files" in window.banner.text

    window.tabs.setCurrentWidget(window.paths_view)
    window.export_actions.export()
    assert (tmp_path / "optimizer-paths.csv").read_text().startswith("optimizer,step,x,y\n")


def test_a_loaded_configuration_fills_the_setup_panel(qtbot, window, tmp_path):
    config = replace(RunConfig(), dataset="xor", train=TrainConfig(optimizer="sgd", lr=0.05))
    config.save(tmp_path / "run.json")
    window.file_actions.prompts = FolderPrompts(tmp_path / "run.json")
    with qtbot.waitSignal(window.file_actions.config_loaded):  # read off the GUI thread
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


class WeightsPrompts(FolderPrompts):
    """Saves to and opens ``path``; may overwrite; records the errors."""

    def __init__(self, path):
        super().__init__(path)
        self.errors = []

    def save_path(self, caption, name_filter, suggested_name):
        return self.path

    def ask_overwrite(self, path):
        return True

    def show_error(self, title, message):
        self.errors.append(message)


def _train_one_epoch(qtbot, window):
    window.setup.training.epochs_box.setValue(1)
    with qtbot.waitSignal(window.controller.run_finished, timeout=60_000):
        window.start()


def test_weights_of_a_finished_run_save_and_load_with_their_test_accuracy(qtbot, window,
                                                                          tmp_path):
    assert window.controller.trained_network() is None  # idle: nothing to save
    _train_one_epoch(qtbot, window)
    trained = window.controller.trained_network()
    assert trained is not None
    prompts = WeightsPrompts(tmp_path / "net.npz")
    window.file_actions.prompts = prompts
    window.file_actions.save_weights_action.trigger()
    assert (tmp_path / "net.npz").is_file() and not prompts.errors
    with qtbot.waitSignal(window.file_actions.network_loaded):
        window.file_actions.load_weights_action.trigger()
    qtbot.waitUntil(lambda: "test samples of MNIST sample correctly" in window.banner.text,
                    timeout=10_000)
    expected = 100 * trained.accuracy(*_sample_test_split())
    assert f"{expected:.2f}%" in window.banner.text


def _sample_test_split():
    data = load_dataset("mnist-sample")
    return data.x_test, data.t_test


def test_loaded_weights_of_another_shape_say_why_they_cannot_be_measured(qtbot, window,
                                                                         tmp_path):
    MultiLayerNet(2, [8], 3, seed=0).save(tmp_path / "spiral.npz")  # the spiral's shape
    window.file_actions.prompts = WeightsPrompts(tmp_path / "spiral.npz")
    window.file_actions.load_weights_action.trigger()
    qtbot.waitUntil(lambda: "does not fit MNIST sample" in window.banner.text, timeout=10_000)
    assert "takes 2 inputs" in window.banner.text


def test_an_opened_folder_is_selected_with_its_path_and_trained_on(qtbot, window, tmp_path):
    for name, content in gzip_idx_files(n_train=200, n_test=50).items():
        (tmp_path / name).write_bytes(content)
    window.file_actions.prompts = WeightsPrompts(tmp_path)
    window.file_actions.open_folder_action.trigger()
    data_panel = window.setup.data
    qtbot.waitUntil(lambda: data_panel.folder_dataset() is not None, timeout=10_000)
    assert data_panel.combo.currentText().startswith("Folder: ")
    assert str(tmp_path) in data_panel.description.text()
    assert window.setup.problem() is None
    _train_one_epoch(qtbot, window)
    assert window.controller.run_dataset is data_panel.folder_dataset()
    assert window.controller.latest.iteration == 2  # 200 samples in batches of 100


def test_a_folder_without_data_changes_nothing(qtbot, window, tmp_path):
    prompts = WeightsPrompts(tmp_path)
    window.file_actions.prompts = prompts
    window.file_actions.open_folder_action.trigger()
    qtbot.waitUntil(lambda: len(prompts.errors) == 1, timeout=10_000)
    assert "train-images-idx3-ubyte" in prompts.errors[0]
    assert window.setup.data.folder_dataset() is None
    assert window.setup.data.dataset == "mnist-sample"
