"""File > Load configuration reads the file off the GUI thread (a 200 MB file took 0.75 s on
it before), and a newer load replaces one still being read."""

from __future__ import annotations

import threading

from test_gui_file_actions import CUSTOM, ScriptedPrompts

from engine.config import RunConfig
from gui.actions.file_actions import FileActions
from gui.panels.setup_panel import SetupPanel


def test_loading_returns_at_once_and_the_newest_file_wins(qtbot, tmp_path, monkeypatch):
    panel = SetupPanel()
    qtbot.addWidget(panel)
    slow, fast = tmp_path / "slow.json", tmp_path / "fast.json"
    RunConfig().save(slow)
    CUSTOM.save(fast)
    release = threading.Event()
    real_load = RunConfig.load

    def load(path):
        if path == slow:
            release.wait(10)  # a file on a slow disk, or a huge one
        return real_load(path)

    monkeypatch.setattr(RunConfig, "load", staticmethod(load))
    prompts = ScriptedPrompts(slow)
    actions = FileActions(panel, panel.run_config, None, prompts)
    loaded = []
    actions.config_loaded.connect(loaded.append)

    first = actions.load_config()
    assert first.is_running() and loaded == []  # the GUI thread did not wait for the file
    prompts.path = fast
    with qtbot.waitSignal(actions.config_loaded, timeout=5000):
        actions.load_config()
    release.set()
    qtbot.waitUntil(lambda: not first.is_running())
    qtbot.wait(100)
    assert loaded == [CUSTOM]  # the slow, older file never arrives
    assert prompts.errors == []
