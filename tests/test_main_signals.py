"""Ctrl+C and SIGTERM quit the window as File > Quit does; the last configuration comes back.

Each test starts the real dashboard (offscreen) in a subprocess with a private settings folder,
waits for the file it creates once its window is up, then signals it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from engine.config import NetworkConfig, RunConfig, TrainConfig

MAIN = Path(__file__).resolve().parent.parent / "main.py"
SAVED = RunConfig(dataset="spiral", network=NetworkConfig(hidden_sizes=(24, 12)),
                  train=TrainConfig(epochs=9, batch_size=30, optimizer="sgd", lr=0.2))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def settings_file(home: Path) -> Path:
    """Where QSettings('nndash', 'nndash') lives on Linux: $XDG_CONFIG_HOME/nndash/nndash.conf."""
    return home / "config" / "nndash" / "nndash.conf"


def saved_value(home: Path, key: str):
    return QSettings(str(settings_file(home)), QSettings.Format.IniFormat).value(key)


def start_window(home: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    ready = home / "ready"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / "config"), "NNDASH_READY_FILE": str(ready)}
    process = subprocess.Popen([sys.executable, str(MAIN), *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the window did not come up: {process.communicate()[1]}")
        time.sleep(0.05)
    return process, ready


def save_config(home: Path, config: RunConfig) -> None:
    settings_file(home).parent.mkdir(parents=True)
    store = QSettings(str(settings_file(home)), QSettings.Format.IniFormat)
    store.setValue("run/config", config.to_json())
    store.sync()


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_quits_cleanly_and_saves_the_settings(tmp_path, number):
    process, _ = start_window(tmp_path)
    process.send_signal(number)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert saved_value(tmp_path, "window/geometry")  # the layout was saved, as on Quit
    assert RunConfig.from_json(saved_value(tmp_path, "run/config")).dataset == "mnist-sample"


def test_the_window_opens_on_the_last_configuration(tmp_path):
    save_config(tmp_path, SAVED)
    process, _ = start_window(tmp_path)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    # the window showed the saved configuration, so closing it saved the same one back
    assert RunConfig.from_json(saved_value(tmp_path, "run/config")) == SAVED


def test_options_override_the_last_configuration(tmp_path):
    save_config(tmp_path, SAVED)
    process, _ = start_window(tmp_path, "--epochs", "3", "--hidden", "7")
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    config = json.loads(saved_value(tmp_path, "run/config"))
    assert config["dataset"] == "spiral" and config["train"]["optimizer"] == "sgd"
    assert config["train"]["epochs"] == 3 and config["network"]["hidden_sizes"] == [7]


@pytest.mark.parametrize("raw", ["nan", "inf", "-5", "1e308", "1000"])
def test_a_corrupted_font_scale_neither_stops_the_start_nor_stays(tmp_path, raw):
    settings_file(tmp_path).parent.mkdir(parents=True)
    settings_file(tmp_path).write_text(f"[ui]\nfont_scale={raw}\n")
    process, _ = start_window(tmp_path)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert saved_value(tmp_path, "ui/font_scale") in (None, "1", "1.0", 1.0)
