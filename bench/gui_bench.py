"""Benchmark of the dashboard, offscreen: prints figures, asserts nothing.

(a) training throughput with the window open and plotting, as a ratio to the headless engine
    in the same process (target >= 0.92); the two alternate so a busy machine hurts both alike;
(b) GUI-thread responsiveness while training: lateness of a 10 ms QTimer probe, p50 and p99
    (target p99 < 50 ms);
(c) time from process start to the window shown, measured on a fresh interpreter
    (target < 1.0 s from source).

Each dashboard run opens a new window and lets it settle for SETTLE_MS (its first paint, the
untrained network's preview) before pressing Start, as a user opens the window once and then
trains: that start-up is (c), not training. Runs are kept in a throwaway run history, never
in the user's.

Run: python -m bench.gui_bench [--rounds 3] [--epochs 20]   (from the repository root, or
     python bench/gui_bench.py after `pip install -e .`)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# BLAS threads as the app sets them (main.py): one unless the user chose otherwise. This must
# run before NumPy is first imported; the start-up child inherits it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from PySide6.QtCore import QEventLoop, QSettings, QTimer

from engine.config import RunConfig
from engine.trainer import build_trainer
from gui.app import create_app
from gui.main_window import MainWindow
from gui.settings import Settings

PROBE_INTERVAL_MS = 10
SETTLE_MS = 1000
REPO = Path(__file__).resolve().parent.parent
STARTUP_SCRIPT = """
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings
from gui.app import create_app
from gui.main_window import MainWindow
from gui.settings import Settings
app = create_app()
settings = Settings(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window = MainWindow(settings=settings)
window.show()
app.processEvents()
print("shown", flush=True)
window.close()
"""


def headless_seconds(config: RunConfig) -> float:
    """Wall time of the whole run in the plain engine (data already cached)."""
    trainer = build_trainer(config)
    started = time.perf_counter()
    trainer.run()
    return time.perf_counter() - started


def full_speed_settings(path: Path) -> Settings:
    """Throwaway settings at full speed: a fresh install trains at the lecture pace, which
    would measure the pace's waits instead of the dashboard's cost."""
    settings = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    settings.set("run/pace", "full speed")
    return settings


def time_window_run(window: MainWindow, *, probe: bool) -> tuple[float, float, list[float]]:
    """Start the window's run and wait for its end: seconds from the first snapshot (the data
    loaded) to the end, the GUI thread's CPU share meanwhile, and, with ``probe``, the
    lateness in ms of a PROBE_INTERVAL_MS timer (the probe is work on the GUI thread too)."""
    marks: dict[str, float] = {}
    lateness: list[float] = []
    loop = QEventLoop()

    def on_snapshot(_snapshot) -> None:
        if "first" not in marks:
            marks["first"], marks["first_cpu"] = time.perf_counter(), time.thread_time()

    def on_finished(_snapshot) -> None:
        marks["end"], marks["end_cpu"] = time.perf_counter(), time.thread_time()
        loop.quit()

    def probe_tick() -> None:
        now = time.perf_counter()
        if "first" in marks and "last_probe" in marks:
            lateness.append(1000 * (now - marks["last_probe"]) - PROBE_INTERVAL_MS)
        marks["last_probe"] = now

    QTimer.singleShot(SETTLE_MS, loop.quit)  # the window paints and previews its network
    loop.exec()
    window.controller.snapshot_received.connect(on_snapshot)
    window.controller.run_finished.connect(on_finished)
    window.controller.run_failed.connect(loop.quit)
    timer = QTimer()
    timer.setInterval(PROBE_INTERVAL_MS)
    timer.timeout.connect(probe_tick)
    if probe:
        timer.start()
    window.start()
    loop.exec()
    timer.stop()
    seconds = marks["end"] - marks["first"]
    return seconds, (marks["end_cpu"] - marks["first_cpu"]) / seconds, lateness


def dashboard_seconds(config: RunConfig, folder: str, *, probe: bool
                      ) -> tuple[float, float, list[float]]:
    """Wall time of the same run in the open dashboard (from its first snapshot, i.e. after
    the data is loaded, to the end), the GUI thread's CPU share meanwhile (what it takes from
    the trainer through the GIL), and, with ``probe``, the lateness of a 10 ms timer in ms
    (the probe is itself work on the GUI thread, so throughput is measured without it)."""
    settings = full_speed_settings(Path(folder) / "bench.ini")
    window = MainWindow(config, settings=settings)
    window.resize(1600, 1000)
    window.show()
    seconds, cpu_share, lateness = time_window_run(window, probe=probe)
    window.close()
    return seconds, cpu_share, lateness


def startup_seconds(folder: str) -> float:
    """Process start to window shown, in a fresh interpreter (imports included)."""
    started = time.perf_counter()
    with subprocess.Popen([sys.executable, "-c", STARTUP_SCRIPT, str(Path(folder) / "s.ini")],
                          cwd=REPO, stdout=subprocess.PIPE, text=True) as child:
        child.stdout.readline()
        shown = time.perf_counter() - started
        child.wait()
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=20,
                        help="per run; short runs measure start-up more than training")
    args = parser.parse_args(argv)
    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']} (as main.py sets it)")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_app()
    config = RunConfig()
    config = replace(config, train=replace(config.train, epochs=args.epochs))
    build_trainer(config)  # load and cache the data set outside the timings
    headless, dashboard, gui_share, lateness = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NNDASH_HISTORY_DIR"] = f"{folder}/history"  # the start-up child's too
        for _ in range(args.rounds):
            headless.append(headless_seconds(config))
            seconds, share, _ = dashboard_seconds(config, folder, probe=False)
            dashboard.append(seconds)
            gui_share.append(share)
        for _ in range(args.rounds):
            lateness.extend(dashboard_seconds(config, folder, probe=True)[2])
        startups = [startup_seconds(folder) for _ in range(args.rounds)]
    ratio = statistics.median(headless) / statistics.median(dashboard)
    print(f"(a) throughput: headless {statistics.median(headless):.2f} s, dashboard "
          f"{statistics.median(dashboard):.2f} s per run -> ratio {ratio:.2f} (target >= 0.92); "
          f"GUI thread busy {100 * statistics.median(gui_share):.0f}% of the time")
    p50, p99 = np.percentile(lateness, [50, 99])
    print(f"(b) GUI latency of a {PROBE_INTERVAL_MS} ms timer while training: p50 {p50:.1f} ms, "
          f"p99 {p99:.1f} ms over {len(lateness)} ticks (target p99 < 50 ms)")
    print(f"(c) start to window shown: median {statistics.median(startups):.2f} s, "
          f"best {min(startups):.2f} s (target < 1.0 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
