"""A preview of the untrained network (gui.run.preview) that a newer request or closing the
window supersedes stops at its next layer or measured batch: each change of the setup asks
for a preview, and a 10x4096 network's took half a minute of a background thread."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import gui.run.preview
from engine.config import RunConfig
from engine.stopping import StopRequestedError, stop_if_asked
from gui.run.preview import NetworkPreviewer

WAIT_S = 20.0


def test_a_superseded_preview_stops_and_the_last_one_stops_on_shutdown(qtbot, monkeypatch):
    started, stopped = [], []
    both_started = threading.Event()

    def endless_build(config, data_dir, dataset, *, should_stop):
        """A build that goes on until it is asked to stop (as a huge network's would)."""
        started.append(config.train.seed)
        if len(started) == 2:
            both_started.set()
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                stop_if_asked(should_stop, "building")
            except StopRequestedError:
                stopped.append(config.train.seed)
                raise
            time.sleep(0.01)
        raise AssertionError("never asked to stop")

    monkeypatch.setattr(gui.run.preview, "build_trainer", endless_build)
    previewer = NetworkPreviewer()
    ready = []
    previewer.ready.connect(ready.append)
    previewer.request(RunConfig())
    qtbot.waitUntil(lambda: started == [0], timeout=5000)
    previewer.request(replace(RunConfig(), train=replace(RunConfig().train, seed=1)))

    qtbot.waitUntil(lambda: stopped == [0], timeout=5000)  # the first, superseded
    assert both_started.wait(5)
    previewer.shutdown(time.monotonic() + 5)  # the window closes: the second stops too
    assert stopped == [0, 1] and ready == []
