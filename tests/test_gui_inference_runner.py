"""Measuring a loaded network never waits on the GUI thread: a second Load weights while the
first is still measured replaces it, and only the newest network's score is reported."""

from __future__ import annotations

import threading

import gui.run.inference
from engine.data import load_dataset
from engine.network import MultiLayerNet
from gui.panels.data_panel import DataPanel
from gui.run.inference import InferenceRunner


def test_a_new_measurement_replaces_a_running_one(qtbot, monkeypatch):
    panel = DataPanel()
    qtbot.addWidget(panel)
    release = threading.Event()
    calls = []

    def load(name, data_dir=None):
        calls.append(name)
        if len(calls) == 1:
            release.wait(10)  # the first measurement is still loading its data set
        return load_dataset(name, data_dir=data_dir)

    monkeypatch.setattr(gui.run.inference, "load_dataset", load)
    runner = InferenceRunner(panel, panel)
    reports = []
    runner.report.connect(reports.append)
    features = load_dataset(panel.dataset).features
    first = MultiLayerNet(features, [7], 10, seed=0)
    second = MultiLayerNet(features, [9], 10, seed=0)

    runner.measure(first)  # returns at once although the load blocks
    with qtbot.waitSignal(runner.report, timeout=10_000):
        runner.measure(second)
    release.set()
    qtbot.wait(300)
    assert len(reports) == 1 and f"{features}-9-10" in reports[0]
