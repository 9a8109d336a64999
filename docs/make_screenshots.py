"""Regenerate the README's pictures at a lecture-hall projector's size (1366x768): the window
as it opens and trains, presentation mode (F11), plots only (F10 on top of F11), the
Optimizer paths tab and the Playground on the spiral set.

    python3 docs/make_screenshots.py        (from the repository, after pip install -e .)

It trains the default run to its end with throwaway settings, then presses the keys a
lecturer would and saves docs/*.png. With a display in $DISPLAY (the pictures in docs/ came
from ``Xvfb :5 -screen 0 1366x768x24`` with ``openbox`` as window manager) the window opens
maximized there, framed by a real window manager; without one, on an offscreen screen of
that size.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

SIZE = (1366, 768)
DOCS = Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        if os.environ.get("DISPLAY") and "QT_QPA_PLATFORM" not in os.environ:
            shoot(folder)
            return
        screen = {"screens": [{"name": "projector", "x": 0, "y": 0, "width": SIZE[0],
                               "height": SIZE[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                               "dpr": 1}]}
        config = Path(folder) / "screen.json"
        config.write_text(json.dumps(screen))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        shoot(folder)


def shoot(folder: str) -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from gui.app import create_app
    from gui.main_window import MainWindow
    from gui.settings import Settings

    app = create_app()
    settings = Settings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings,  # a fresh install: the lecture pace
                        history_path=str(Path(folder) / "history.json"))
    window.showMaximized()
    app.processEvents()

    def train() -> None:
        window.start()
        deadline = time.perf_counter() + 120
        while (window.controller.is_active() or window.controller.latest is None) \
                and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.01)

    train()

    def save(name: str) -> None:
        settled = time.perf_counter() + 1.0  # a window manager resizes asynchronously
        while time.perf_counter() < settled:
            app.processEvents()
            time.sleep(0.01)
        window.refresh_frame()
        app.processEvents()
        window.grab().save(str(DOCS / name))
        print(f"saved docs/{name}")

    save("screenshot.png")
    QTest.keyClick(window, Qt.Key.Key_F11)
    save("presentation.png")
    QTest.keyClick(window, Qt.Key.Key_F10)
    save("plots-only.png")
    QTest.keyClick(window, Qt.Key.Key_F10)
    QTest.keyClick(window, Qt.Key.Key_F11)
    window.tabs.select("paths")
    save("screenshot-paths.png")
    window.tabs.select("playground")  # a tanh 8-8 network learns the spiral in ~2 s
    window.playground.dataset_buttons["spiral"].click()
    window.setup.network.hidden_edit.setText("8, 8")
    window.setup.network.activation_combo.setCurrentText("tanh")
    window.setup.training.epochs_box.setValue(300)
    window.setup.training.set_pace("full speed")
    train()
    save("screenshot-playground.png")
    window.close()


if __name__ == "__main__":
    main()
