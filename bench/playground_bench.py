"""Benchmark of the Playground, offscreen: prints figures, asserts nothing.

(a) cost per frame at 100x100, on the worker thread: decision_grid, neuron_grids (100x100,
    and at the thumbnails' resolution) and the whole PlaygroundFrame, for an 8-8 and a
    64-64-64 network (target: decision_grid of the 8-8 network well under 5 ms);
(b) training throughput with the Playground tab showing, as a ratio to the headless engine
    in the same process (target >= 0.85), with the Training tab for comparison. Every run
    trains the same number of mini-batches, chosen so a headless run lasts about --seconds;
    the runs interleave (headless, Training, headless, Playground, headless, ...) and each
    dashboard run is compared with the mean of the headless runs just before and after it,
    so a machine that gets busier or quieter hurts both sides alike. Printed: the median
    ratio and its range over the rounds, the frames per second the tab received, the GUI
    thread's CPU share and its drawing time per frame;
(c) the training thread alone (a TrainingWorker run on this thread, no window): its CPU time
    with Playground frames asked for and without, against headless (frames are bounded to
    PLAYGROUND_SHARE of the worker's time). CPU time does not count the waits for a busy
    machine's cores, so (c) stays meaningful where (b)'s wall times are noisy.

Run: python -m bench.playground_bench [--rounds 3] [--seconds 4]   (from the repository root)
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as main.py does

from PySide6.QtCore import Qt  # noqa: E402 - after the BLAS setting

from bench.gui_bench import full_speed_settings, time_window_run  # noqa: E402
from engine.config import NetworkConfig, RunConfig, TrainConfig  # noqa: E402
from engine.data import load_dataset  # noqa: E402
from engine.network import MultiLayerNet  # noqa: E402
from engine.playground import (  # noqa: E402
    BOUNDARY_RESOLUTION,
    THUMBNAIL_RESOLUTION,
    decision_grid,
    neuron_grids,
    playground_frame,
)
from engine.trainer import build_trainer  # noqa: E402
from gui.app import create_app  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.run.worker import PLAYGROUND_SHARE, TrainingWorker  # noqa: E402

EXTENT = (-1.2, 1.2, -1.2, 1.2)
NETWORKS = ((8, 8), (64, 64, 64))
CALIBRATION_EPOCHS = 20


def milliseconds(function, repeat: int = 7, number: int = 20) -> float:
    """Best-of-``repeat`` mean time of one call, in ms."""
    return 1000 * min(timeit.repeat(function, repeat=repeat, number=number)) / number


def grid_costs() -> None:
    data = load_dataset("spiral")
    n, m = BOUNDARY_RESOLUTION, THUMBNAIL_RESOLUTION
    for hidden in NETWORKS:
        net = MultiLayerNet(2, list(hidden), 3, activation="tanh", seed=0)
        boundary = milliseconds(lambda net=net: decision_grid(net, EXTENT, n))
        units = milliseconds(lambda net=net: neuron_grids(net, EXTENT, n))
        thumbnails = milliseconds(lambda net=net: neuron_grids(net, EXTENT, m))
        frame = milliseconds(lambda net=net: playground_frame(net, data))
        print(f"(a) {_name(hidden):>8}: decision_grid {n}x{n} {boundary:.2f} ms, neuron_grids "
              f"{n}x{n} {units:.2f} ms ({m}x{m} {thumbnails:.2f} ms), whole frame {frame:.2f} ms")


def _name(hidden: tuple[int, ...]) -> str:
    return "-".join(map(str, hidden))


def run_config(hidden: tuple[int, ...], epochs: int) -> RunConfig:
    return RunConfig(dataset="spiral",
                     network=NetworkConfig(hidden_sizes=hidden, activation="tanh"),
                     train=TrainConfig(epochs=epochs, batch_size=20, lr=0.01))


def epochs_for(hidden: tuple[int, ...], seconds: float) -> int:
    """Epochs that take a headless run about ``seconds`` (a fixed count for every run)."""
    short = min(headless_run(run_config(hidden, CALIBRATION_EPOCHS))[0] for _ in range(2))
    return max(CALIBRATION_EPOCHS, math.ceil(CALIBRATION_EPOCHS * seconds / short))


def headless_run(config: RunConfig) -> tuple[float, float]:
    """Wall and CPU seconds of the whole run in the plain engine (data already cached)."""
    trainer = build_trainer(config)
    started, cpu = time.perf_counter(), time.thread_time()
    trainer.run()
    return time.perf_counter() - started, time.thread_time() - cpu


def dashboard_run(config: RunConfig, folder: str, tab: str) -> dict[str, float]:
    """The run in the open dashboard showing ``tab``: ``seconds`` (first snapshot to the
    end), ``worker_cpu`` (the training thread's CPU seconds meanwhile), ``gui_share`` (the GUI
    thread's CPU share), ``fps`` (Playground frames received per second) and ``draw_ms`` (the
    GUI thread's mean time to draw one, 0 when none was drawn)."""
    window = MainWindow(config, settings=full_speed_settings(Path(folder) / "bench.ini"))
    window.resize(1366, 768)
    window.tabs.select(tab)
    window.setup.run_config = lambda: config  # the Epochs box stops at 1,000; these run longer
    window.show()
    view, frames, drawing, worker_cpu = window.playground, [], [], []
    draw = view._draw

    def timed_draw(frame) -> None:
        started = time.perf_counter()
        draw(frame)
        drawing.append(time.perf_counter() - started)

    def count(snapshot) -> None:
        if snapshot.playground is not None:
            frames.append(snapshot.iteration)

    def on_worker_thread(_snapshot) -> None:  # called on the training thread itself
        worker_cpu.append(time.thread_time())

    def probe_worker(_config) -> None:  # the run exists, its thread has not started yet
        worker = window.controller._run.worker
        for signal in (worker.snapshot_ready, worker.finished):
            signal.connect(on_worker_thread, Qt.ConnectionType.DirectConnection)

    view._draw = timed_draw  # the bench's probes; the window is thrown away afterwards
    window.controller.snapshot_received.connect(count)
    window.controller.run_started.connect(probe_worker)
    seconds, share, _ = time_window_run(window, probe=False)
    window.close()
    return {"seconds": seconds, "worker_cpu": worker_cpu[-1] - worker_cpu[0],
            "gui_share": share, "fps": len(frames) / seconds,
            "draw_ms": 1000 * statistics.mean(drawing) if drawing else 0.0}


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}-{max(values):.2f}]"


def throughput(rounds: int, seconds: float, hidden: tuple[int, ...]) -> None:
    epochs = epochs_for(hidden, seconds)
    config = run_config(hidden, epochs)
    headless = [headless_run(config)]
    runs: dict[str, list[dict[str, float]]] = {"training": [], "playground": []}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NNDASH_HISTORY_DIR"] = f"{folder}/history"  # never the user's history
        for _ in range(rounds):
            for tab, results in runs.items():
                result = dashboard_run(config, folder, tab)
                headless.append(headless_run(config))
                wall, cpu = (statistics.mean(run[i] for run in headless[-2:]) for i in (0, 1))
                result["ratio"] = wall / result["seconds"]
                result["cpu_ratio"] = cpu / result["worker_cpu"]
                results.append(result)
    walls = [run[0] for run in headless]
    print(f"(b) {_name(hidden):>8}, {epochs} epochs of spiral (batch 20): headless "
          f"{_spread(walls)} s over {len(walls)} runs")
    for tab, results in runs.items():
        def column(key: str, results=results) -> list[float]:
            return [result[key] for result in results]

        target = ", target >= 0.85" if tab == "playground" else ""
        frames = (f"; {statistics.median(column('fps')):.1f} frames/s, drawn in "
                  f"{statistics.median(column('draw_ms')):.1f} ms each"
                  if tab == "playground" else "")
        print(f"    {tab:>10} tab: {statistics.median(column('seconds')):.2f} s, throughput "
              f"ratio {_spread(column('ratio'))}{target}; the training thread's CPU per run "
              f"against headless {_spread(column('cpu_ratio'))}; GUI thread busy "
              f"{100 * statistics.median(column('gui_share')):.0f}%{frames}")


def worker_cpu(config: RunConfig, playground: bool) -> tuple[float, int]:
    """CPU seconds of a TrainingWorker's whole run on this thread and the frames it made."""
    worker = TrainingWorker(config)
    worker.set_playground(playground)
    frames = []
    worker.snapshot_ready.connect(lambda snapshot: frames.append(snapshot.playground))
    started = time.thread_time()
    worker.run()
    return time.thread_time() - started, sum(frame is not None for frame in frames)


def worker_overhead(rounds: int, seconds: float, hidden: tuple[int, ...]) -> None:
    config = run_config(hidden, epochs_for(hidden, seconds))
    headless, plain, framed, frames = [], [], [], []
    for _ in range(rounds):
        headless.append(headless_run(config)[1])
        plain.append(worker_cpu(config, playground=False)[0])
        cpu, count = worker_cpu(config, playground=True)
        framed.append(cpu)
        frames.append(count)
    base = statistics.median(headless)
    print(f"(c) {_name(hidden):>8}: training thread CPU against headless {base:.2f} s: worker "
          f"{base / statistics.median(plain):.2f}, worker with Playground frames "
          f"{base / statistics.median(framed):.2f} ({statistics.median(frames):.0f} frames a "
          f"run, PLAYGROUND_SHARE {PLAYGROUND_SHARE:.0%})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0,
                        help="about how long each headless run trains")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_app()
    grid_costs()
    for hidden in NETWORKS:
        throughput(args.rounds, args.seconds, hidden)
    for hidden in NETWORKS:
        worker_overhead(args.rounds, args.seconds, hidden)
    return 0


if __name__ == "__main__":
    sys.exit(main())
