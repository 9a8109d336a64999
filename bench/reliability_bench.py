"""Reliability figures for issue 7 (prints figures, asserts nothing):

1. the monkey (tests/monkey.py) over SEEDS seeds x ACTIONS actions: handler times and each
   action's GUI-thread stall (its handler or a 10 ms QTimer probe's longest gap after it):
   median, p99 and max per seed and over all, and every action whose stall passed 100 ms, with
   the GUI thread's CPU time in that stall (wall time beyond it is the machine's load);
2. CLOSES closes of the window at random moments of a run, each in its own process
   (tests/close_during_run.py): clean exits, non-zero exits, hangs;
3. download cancel latency against a local slow mirror (tests/slow_mirror.py): the engine's
   cancel during a trickle, a silent mirror and a mid-file stall, and SIGTERM to
   `main.py --download`.

    PYTHONPATH=$PWD python bench/reliability_bench.py [--seeds 10] [--actions 200] [--closes 50]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
sys.path[:0] = [str(ROOT), str(TESTS)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

HANG_S = 30.0
STALL_MS = 100.0  # the limit for a GUI-thread handler


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def free_window(window) -> None:
    """Delete a closed window now, as gui/app.py does. A deleteLater() the event loop never
    reached kept every seed's window (1,300 widgets) alive: each text-size change of a later
    seed then restyled the earlier windows too, and the figures grew seed by seed."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def monkey_figures(seeds: int, actions: int) -> None:
    from monkey import Monkey
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from gui.run.controller import wait_for_retired_runs
    from gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    print(f"== monkey: {seeds} seeds x {actions} actions (1366x768 offscreen)")
    print("seed  actions  errors  handler ms: p50   p95   p99   max   stall ms: p50  p99  max"
          "  (CPU ms of the max)")
    handlers, stalls, errors = [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NNDASH_HISTORY_DIR"] = f"{folder}/history"  # the monkey clears histories
        for seed in range(seeds):
            settings = Settings(QSettings(f"{folder}/{seed}.ini", QSettings.Format.IniFormat))
            window = MainWindow(settings=settings)
            window.resize(1366, 768)
            window.show()
            app.processEvents()
            report = Monkey(window, seed).run(actions)
            window.close()
            wait_for_retired_runs(HANG_S)
            free_window(window)
            del window
            gc.collect()  # its pyqtgraph items' Python side sits in reference cycles
            app.processEvents()
            handlers += report.handler_ms
            stalls += [(*stall, seed) for stall in report.stalls]
            errors += len(report.errors)
            h, walls = report.handler_ms, [wall for wall, _cpu, _action in report.stalls]
            print(f"{seed:>4}  {report.actions:>7}  {len(report.errors):>6}  "
                  f"{percentile(h, 50):>14.1f} {percentile(h, 95):>5.0f} {percentile(h, 99):>5.0f} "
                  f"{max(h):>5.0f}   {percentile(walls, 50):>9.0f} {percentile(walls, 99):>4.0f} "
                  f"{max(walls):>4.0f}  ({report.longest_stall[1]:.0f})")
            for error in report.errors[:1]:
                print(error)
    walls = [wall for wall, *_ in stalls]
    over = sorted((stall for stall in stalls if stall[0] > STALL_MS), reverse=True)
    print(f"all   {len(handlers):>7}  {errors:>6}  {percentile(handlers, 50):>14.1f} "
          f"{percentile(handlers, 95):>5.0f} {percentile(handlers, 99):>5.0f} "
          f"{max(handlers):>5.0f}   {percentile(walls, 50):>9.0f} {percentile(walls, 99):>4.0f} "
          f"{max(walls):>4.0f}")
    cpus = [cpu for _wall, cpu, *_ in stalls]
    print(f"GUI-thread CPU in each action's stall: p50 {percentile(cpus, 50):.0f} ms, p99 "
          f"{percentile(cpus, 99):.0f} ms, max {max(cpus):.0f} ms (wall time beyond it: load)")
    handlers_over = sum(ms > STALL_MS for ms in handlers)
    print(f"handlers over {STALL_MS:.0f} ms: {handlers_over} of {len(handlers)}; stalls over "
          f"{STALL_MS:.0f} ms: {len(over)} of {len(stalls)} ({100 * len(over) / len(stalls):.2f}%)"
          f", of which {sum(cpu > STALL_MS for _w, cpu, *_ in over)} with over "
          f"{STALL_MS:.0f} ms of GUI-thread CPU")
    for wall, cpu, action, seed in over:
        print(f"  {wall:6.0f} ms ({cpu:4.0f} ms CPU)  seed {seed}: {action}")


def close_figures(closes: int) -> None:
    print(f"\n== {closes} closes at random moments of a run, each in a subprocess")
    rng = random.Random(0)
    script = TESTS / "close_during_run.py"
    clean = nonzero = hangs = 0
    close_times = []
    for number in range(closes):
        delay = rng.uniform(0.05, 3.0)
        widths = ["2048,2048,2048"] if number % 5 == 4 else []  # now and then mid-build
        with tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "NNDASH_TEST_SETTINGS": folder}
            try:
                done = subprocess.run([sys.executable, str(script), f"{delay:.3f}", *widths],
                                      capture_output=True, text=True, timeout=HANG_S + delay,
                                      env=env, cwd=folder)
            except subprocess.TimeoutExpired:
                hangs += 1
                print(f"  #{number}: hang (close at {delay:.2f} s {widths})")
                continue
        if "closed in" in done.stdout:
            closed_in = float(done.stdout.split("closed in ")[1])
            close_times.append(closed_in)
        bad = done.returncode != 0 or "Destroyed while thread" in done.stderr or (
            "Traceback" in done.stderr)
        if bad:
            nonzero += 1
            print(f"  #{number}: exit {done.returncode} at {delay:.2f} s {widths}: "
                  f"{done.stderr.strip().splitlines()[-1:]}")
        else:
            clean += 1
    print(f"clean {clean}, non-zero {nonzero}, hang {hangs}; window.close() took median "
          f"{1000 * statistics.median(close_times):.0f} ms, max {1000 * max(close_times):.0f} ms")


def download_figures(trials: int) -> None:
    from slow_mirror import SUMS, SlowMirror

    from engine.download import DownloadCancelled, download_dataset

    print(f"\n== download cancel latency ({trials} trials each, cancel 0.1-0.5 s in)")
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        os.environ.pop(name, None)
    rng = random.Random(1)
    with SlowMirror() as mirror, tempfile.TemporaryDirectory() as folder:
        for kind in ("trickle", "silent", "stall"):
            latencies, leftovers = [], 0
            for _ in range(trials):
                cancel, fired = threading.Event(), []
                timer = threading.Timer(rng.uniform(0.1, 0.5), _fire, (cancel, fired))
                timer.start()
                try:
                    download_dataset("mnist", folder, mirrors=[mirror.url(kind)],
                                     checksums=SUMS, cancel=cancel, timeout=30)
                except DownloadCancelled:
                    latencies.append(time.monotonic() - fired[0])
                leftovers += len(list(Path(folder).rglob("*.part")))
            print(f"{kind:>8}: median {1000 * statistics.median(latencies):.0f} ms, "
                  f"max {1000 * max(latencies):.0f} ms, .part files left {leftovers}")
        sigterm_figures(mirror, trials, folder)


def _fire(cancel: threading.Event, fired: list[float]) -> None:
    fired.append(time.monotonic())
    cancel.set()


def sigterm_figures(mirror, trials: int, folder: str) -> None:
    latencies, leftovers, codes = [], 0, []
    cache = Path(folder) / "cli"
    for _ in range(trials):
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--download", "mnist", "--data-dir",
             str(cache), "--mirror", mirror.url("trickle")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "NO_PROXY": "127.0.0.1"})
        while not list(cache.rglob("*.part")) and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        codes.append(process.wait(HANG_S))
        latencies.append(time.monotonic() - sent)
        leftovers += len(list(cache.rglob("*.part")))
    print(f" SIGTERM: median {1000 * statistics.median(latencies):.0f} ms, "
          f"max {1000 * max(latencies):.0f} ms to exit (process end included), exit codes "
          f"{sorted(set(codes))}, .part files left {leftovers}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--closes", type=int, default=50)
    parser.add_argument("--download-trials", type=int, default=10)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    if args.seeds:
        monkey_figures(args.seeds, args.actions)
    if args.closes:
        close_figures(args.closes)
    if args.download_trials:
        download_figures(args.download_trials)


if __name__ == "__main__":
    main()
