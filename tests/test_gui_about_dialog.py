"""The About box names the version, the licence and every credit the issue asks for."""

from gui.dialogs.about_dialog import AboutDialog, app_version


def test_about_shows_version_licence_and_credits(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.text()

    assert app_version() != "unknown" and app_version() in text
    for credit in ("Licence: MIT", "MNIST", "LeCun", "CC BY-SA 3.0", "Fashion-MNIST",
                   "Zalando Research", "Koki Saitoh", "Deep Learning from Scratch",
                   "PySide6", "LGPL", "pyqtgraph", "NumPy", "BSD"):
        assert credit in text, credit
