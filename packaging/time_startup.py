"""Time from launching nndash to its main window on screen, on a private Xvfb display.

    python packaging/time_startup.py                    the bundle, dist/nndash/nndash
    python packaging/time_startup.py python main.py     the same from source

Starts Xvfb on a free display, launches the command three times with a throwaway HOME (no
stored settings), polls the X server every 10 ms until a viewable window titled "nndash..."
exists, and prints each time and the median. Needs Xvfb and xwininfo (packages xvfb, x11-utils).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 3
TIMEOUT_S = 30.0
POLL_S = 0.01
WINDOW = re.compile(r'^\s*(0x[0-9a-f]+) "nndash', re.MULTILINE)


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb server on the first free display, and that display's name (":N")."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        return server, ":" + pipe.readline().strip()


def window_is_viewable(display: str) -> bool:
    """Whether a top-level window titled "nndash..." is mapped and viewable."""
    tree = subprocess.run(["xwininfo", "-display", display, "-root", "-tree"],
                          capture_output=True, text=True).stdout
    for window_id in WINDOW.findall(tree):
        info = subprocess.run(["xwininfo", "-display", display, "-id", window_id],
                              capture_output=True, text=True).stdout
        if "IsViewable" in info:
            return True
    return False


def time_to_window(command: list[str], display: str) -> float:
    """Seconds from starting ``command`` to its window being viewable."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home, DISPLAY=display,
                   QT_QPA_PLATFORM="xcb")
        started = time.perf_counter()
        app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        try:
            while not window_is_viewable(display):
                if app.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited with {app.returncode} before a window")
                if time.perf_counter() - started > TIMEOUT_S:
                    raise RuntimeError(f"no window after {TIMEOUT_S:.0f} s")
                time.sleep(POLL_S)
            return time.perf_counter() - started
        finally:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()


def main(argv: list[str]) -> int:
    command = argv or ["dist/nndash/nndash"]
    server, display = start_xvfb()
    try:
        seconds = [time_to_window(command, display) for _ in range(RUNS)]
    except RuntimeError as error:
        print(f"time_startup: {error}", file=sys.stderr)
        return 1
    finally:
        server.terminate()
        server.wait()
    runs = ", ".join(f"{value:.2f}" for value in seconds)
    print(f"start to window: median {statistics.median(seconds):.2f} s (runs: {runs} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
