"""`python main.py --screenshot PNG --tab NAME` for every tab the window has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

from gui.main_window import MainWindow

MAIN = Path(__file__).resolve().parent.parent / "main.py"


def pixels(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull(), path
    return np.frombuffer(image.constBits(), np.uint32,
                         image.width() * image.height()).reshape(image.height(), -1).copy()


def test_screenshot_of_every_tab(qtbot, gui_settings, tmp_path):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    keys = window.tabs.keys()
    assert {"training", "paths", "labs"} <= set(keys)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}
    pictures = {}
    for key in keys:
        picture = tmp_path / f"{key}.png"
        done = subprocess.run([sys.executable, str(MAIN), "--screenshot", str(picture),
                               "--tab", key, "--train-seconds", "0.5"],
                              capture_output=True, text=True, timeout=300, env=env)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        pictures[key] = pixels(picture)
        height, width = pictures[key].shape
        assert width >= 1280 and height >= 720
    # each tab shows something else: the pictures differ pairwise, in more than the tab bar
    for index, first in enumerate(keys):
        for second in keys[index + 1:]:
            differing = np.count_nonzero(pictures[first] != pictures[second])
            assert differing > 0.1 * pictures[first].size, (first, second)
