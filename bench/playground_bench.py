"""Benchmark of the Playground, offscreen: prints figures, asserts nothing.

(a) grid cost per frame at 100x100: decision_grid, neuron_grids (at the thumbnails' 32x32)
    and the whole PlaygroundFrame, for an 8-8 and a 64-64-64 network (target: decision_grid
    of the 8-8 network well under 5 ms);
(b) training throughput with the Playground tab showing, as a ratio to the headless engine
    in the same process (target >= 0.85), and with the Training tab for comparison; the runs
    alternate so a busy machine hurts all alike.

Run: python -m bench.playground_bench [--rounds 3] [--epochs 150]   (from the repository root)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as main.py does

from PySide6.QtCore import QEventLoop  # noqa: E402 - after the BLAS setting

from bench.gui_bench import full_speed_settings  # noqa: E402
from engine.config import NetworkConfig, RunConfig, TrainConfig  # noqa: E402
from engine.data import load_dataset  # noqa: E402
from engine.network import MultiLayerNet  # noqa: E402
from engine.playground import (  # noqa: E402
    THUMBNAIL_RESOLUTION,
    decision_grid,
    neuron_grids,
    playground_frame,
)
from engine.trainer import build_trainer  # noqa: E402
from gui.app import create_app  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402

EXTENT = (-1.2, 1.2, -1.2, 1.2)


def milliseconds(function, repeat: int = 7, number: int = 20) -> float:
    """Best-of-``repeat`` mean time of one call, in ms."""
    return 1000 * min(timeit.repeat(function, repeat=repeat, number=number)) / number


def grid_costs() -> None:
    data = load_dataset("spiral")
    for hidden in ((8, 8), (64, 64, 64)):
        net = MultiLayerNet(2, list(hidden), 3, activation="tanh", seed=0)
        boundary = milliseconds(lambda net=net: decision_grid(net, EXTENT, 100))
        units = milliseconds(lambda net=net: neuron_grids(net, EXTENT, THUMBNAIL_RESOLUTION))
        units_full = milliseconds(lambda net=net: neuron_grids(net, EXTENT, 100))
        frame = milliseconds(lambda net=net: playground_frame(net, data))
        name = "-".join(map(str, hidden))
        print(f"(a) {name:>8}: decision_grid 100x100 {boundary:.2f} ms, neuron_grids "
              f"{THUMBNAIL_RESOLUTION}x{THUMBNAIL_RESOLUTION} {units:.2f} ms (100x100 "
              f"{units_full:.2f} ms), whole frame {frame:.2f} ms")


def headless_seconds(config: RunConfig) -> float:
    trainer = build_trainer(config)
    started = time.perf_counter()
    trainer.run()
    return time.perf_counter() - started


def dashboard_seconds(config: RunConfig, folder: str, tab: str) -> tuple[float, int, float]:
    """Wall time of the run in the open dashboard showing ``tab`` (first snapshot to the
    end), how many Playground frames arrived, and the GUI thread's CPU share meanwhile."""
    settings = full_speed_settings(Path(folder) / "bench.ini")
    window = MainWindow(config, settings=settings)
    window.resize(1366, 768)
    window.tabs.select(tab)
    window.show()
    marks: dict[str, float] = {}
    frames = []
    loop = QEventLoop()

    def on_snapshot(snapshot) -> None:
        if "first" not in marks:
            marks["first"], marks["first_cpu"] = time.perf_counter(), time.thread_time()
        if snapshot.playground is not None:
            frames.append(snapshot.iteration)

    def on_finished(_snapshot) -> None:
        marks["end"], marks["end_cpu"] = time.perf_counter(), time.thread_time()
        loop.quit()

    window.controller.snapshot_received.connect(on_snapshot)
    window.controller.run_finished.connect(on_finished)
    window.controller.run_failed.connect(loop.quit)
    window.start()
    loop.exec()
    window.close()
    seconds = marks["end"] - marks["first"]
    return seconds, len(frames), (marks["end_cpu"] - marks["first_cpu"]) / seconds


def throughput(rounds: int, epochs: int, hidden: tuple[int, ...]) -> None:
    config = RunConfig(dataset="spiral",
                       network=NetworkConfig(hidden_sizes=hidden, activation="tanh"),
                       train=TrainConfig(epochs=epochs, batch_size=20, lr=0.01))
    headless, training, playground, frames, busy = [], [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            headless.append(headless_seconds(config))
            training.append(dashboard_seconds(config, folder, "training")[0])
            seconds, count, share = dashboard_seconds(config, folder, "playground")
            playground.append(seconds)
            frames.append(count / seconds)
            busy.append(share)
    base = statistics.median(headless)
    name = "-".join(map(str, hidden))
    print(f"(b) {name:>8}, {epochs} epochs of spiral: headless {base:.2f} s; Training tab "
          f"{statistics.median(training):.2f} s (ratio {base / statistics.median(training):.2f})"
          f"; Playground tab {statistics.median(playground):.2f} s (ratio "
          f"{base / statistics.median(playground):.2f}, target >= 0.85), "
          f"{statistics.median(frames):.1f} frames/s, GUI thread busy "
          f"{100 * statistics.median(busy):.0f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=150)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_app()
    grid_costs()
    for hidden in ((8, 8), (64, 64, 64)):
        throughput(args.rounds, args.epochs, hidden)
    return 0


if __name__ == "__main__":
    sys.exit(main())
