"""Benchmark of lockstep comparisons, offscreen: prints figures, asserts nothing.

(a) a 4-run comparison (the optimizers preset, shortened) against the same 4 runs trained one
    after the other headless: throughput ratio = sum of the 4 separate times / comparison time
    (target >= 0.95; the runs share each gathered batch);
(b) the dashboard training the 4 runs on the Compare tab (the preset shown half a second
    before Space, as a lecturer would), against the headless comparison (target >= 0.85),
    from the first snapshot to the end (data loading excluded), and the GUI
    thread's CPU share meanwhile (what it takes from the trainer: steadier than the ratio on a
    busy machine);
(c) GUI-thread lateness of a 10 ms QTimer while the 4 runs train: p50 and p99 (target p99 <
    50 ms).
Rounds alternate the contenders, so a busy machine hurts all alike.

Run: python -m bench.compare_bench [--rounds 3] [--iterations 400]   (from the repository root)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as main.py: before NumPy is imported

import numpy as np  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from bench.gui_bench import full_speed_settings, time_window_run  # noqa: E402
from engine.compare import Comparison  # noqa: E402
from engine.data import load_dataset  # noqa: E402
from engine.presets import PRESETS  # noqa: E402
from engine.trainer import Trainer  # noqa: E402
from gui.app import create_app  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402

PROBE_MS = 10
SHOWN_MS = 500


def bench_runs(iterations: int):
    return [(label, replace(config, train=replace(config.train, max_iterations=iterations)))
            for label, config in PRESETS["optimizers"].runs()]


def separate_seconds(runs, dataset) -> float:
    """The 4 runs one after the other, each a plain headless Trainer."""
    total = 0.0
    for _, config in runs:
        net = config.network.build(dataset.features, dataset.classes, seed=config.train.seed)
        trainer = Trainer(net, dataset, config.train)
        started = time.perf_counter()
        trainer.run()
        total += time.perf_counter() - started
    return total


def comparison_seconds(runs, dataset) -> float:
    comparison = Comparison(runs, dataset)
    started = time.perf_counter()
    comparison.run()
    return time.perf_counter() - started


def dashboard_seconds(runs, folder: str, *, probe: bool
                      ) -> tuple[float, float, list[float]]:
    """The comparison on the Compare tab: seconds from the first snapshot to the end, the GUI
    thread's CPU share meanwhile and, with ``probe``, the lateness in ms of a 10 ms timer."""
    settings = full_speed_settings(Path(folder) / "bench.ini")
    window = MainWindow(settings=settings, history_path=str(Path(folder) / "history.json"))
    window.resize(1366, 768)
    window.show()
    window.compare_view.load_preset(PRESETS["optimizers"], runs)
    window.tabs.select("compare")
    QTest.qWait(SHOWN_MS)  # the preset is on screen before Space: its grid is built by then
    seconds, cpu_share, lateness = time_window_run(window, probe=probe)
    window.close()
    window.runs_view.wait()
    return seconds, cpu_share, lateness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=400, help="per run")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_app()
    dataset = load_dataset("mnist-sample")
    runs = bench_runs(args.iterations)
    separate, lockstep, dashboard, shares, lateness = [], [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            separate.append(separate_seconds(runs, dataset))
            lockstep.append(comparison_seconds(runs, dataset))
            seconds, share, _ = dashboard_seconds(runs, folder, probe=False)
            dashboard.append(seconds)
            shares.append(share)
        for _ in range(args.rounds):
            lateness.extend(dashboard_seconds(runs, folder, probe=True)[2])
    ratios = [s / c for s, c in zip(separate, lockstep, strict=True)]
    print(f"(a) 4 runs x {args.iterations} iterations: separate {statistics.median(separate):.2f} s"
          f", lockstep {statistics.median(lockstep):.2f} s -> throughput ratio "
          f"{statistics.median(ratios):.2f} per round {[round(r, 2) for r in ratios]} "
          "(target >= 0.95)")
    board = [c / d for c, d in zip(lockstep, dashboard, strict=True)]
    print(f"(b) dashboard {statistics.median(dashboard):.2f} s vs headless comparison -> ratio "
          f"{statistics.median(board):.2f} per round {[round(r, 2) for r in board]} "
          f"(target >= 0.85); GUI thread CPU share {statistics.median(shares):.3f} per round "
          f"{[round(s, 3) for s in shares]}")
    p50, p99 = np.percentile(lateness, [50, 99])
    print(f"(c) GUI latency of a {PROBE_MS} ms timer while 4 runs train: p50 {p50:.1f} ms, "
          f"p99 {p99:.1f} ms over {len(lateness)} ticks (target p99 < 50 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
