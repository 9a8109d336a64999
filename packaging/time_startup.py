"""Time from launching nndash to its main window on screen, on a private Xvfb display.

    python packaging/time_startup.py [--display :N] [--no-wm]            the bundle
    python packaging/time_startup.py [--display :N] [--no-wm] python main.py   from source

Starts Xvfb (on a free display, or :N) with a window manager (openbox, when installed; as on a
desktop, the window is then mapped through the manager), launches the command three times with
a throwaway HOME (no stored settings), polls the X server every 10 ms until a viewable window
titled "nndash..." exists, and prints each time, the median and the CPU time the app had used
by then (on a busy machine the wall time grows, the CPU time much less). Needs Xvfb and xwininfo
(packages xvfb, x11-utils), and openbox for the window manager.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3
TIMEOUT_S = 30.0
POLL_S = 0.01
WINDOW = re.compile(r'^\s*(0x[0-9a-f]+) "nndash', re.MULTILINE)


def start_xvfb(display: str | None) -> tuple[subprocess.Popen, str]:
    """An Xvfb server on ``display`` (or the first free one), and that display's name (":N")."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", *([display] if display else []), "-displayfd", str(write_end),
         "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    deadline = time.perf_counter() + 10
    while number and time.perf_counter() < deadline:  # the server answers (not a dying one)
        if subprocess.run(["xwininfo", "-display", f":{number}", "-root"],
                          capture_output=True).returncode == 0 and server.poll() is None:
            return server, ":" + number
        time.sleep(0.05)
    server.terminate()
    raise RuntimeError(f"Xvfb could not start on {display or 'a free display'}")


def start_window_manager(display: str) -> subprocess.Popen | None:
    """openbox on ``display``, once it has taken the screen; None when it is not installed."""
    if shutil.which("openbox") is None:
        return None
    manager = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=display),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:  # the manager owns the screen: _NET_SUPPORTING_WM_CHECK
        root = subprocess.run(["xprop", "-display", display, "-root", "_NET_SUPPORTING_WM_CHECK"],
                              capture_output=True, text=True).stdout
        if "window id" in root:
            return manager
        time.sleep(0.05)
    return manager


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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_to_window(command: list[str], display: str) -> tuple[float, float]:
    """Seconds from starting ``command`` to its window being viewable, and the CPU seconds
    it had used by then (what a busy machine does not inflate)."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home, DISPLAY=display,
                   QT_QPA_PLATFORM="xcb")
        log = Path(home) / "stderr.log"
        started = time.perf_counter()
        with log.open("w") as stderr:
            app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            while not window_is_viewable(display):
                if app.poll() is not None:
                    last = log.read_text(errors="replace").strip().splitlines()[-3:]
                    raise RuntimeError(f"{command[0]} exited with {app.returncode} before a "
                                       f"window: {' / '.join(last) or 'no message'}")
                if time.perf_counter() - started > TIMEOUT_S:
                    raise RuntimeError(f"no window after {TIMEOUT_S:.0f} s")
                time.sleep(POLL_S)
            return time.perf_counter() - started, cpu_seconds(app.pid)
        finally:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", help="the Xvfb display to use, e.g. :12 (default: a free one)")
    parser.add_argument("--no-wm", action="store_true", help="no window manager")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command or ["dist/nndash/nndash"]
    try:
        server, display = start_xvfb(args.display)
    except RuntimeError as error:
        print(f"time_startup: {error}", file=sys.stderr)
        return 1
    manager = None if args.no_wm else start_window_manager(display)
    try:
        seconds = [time_to_window(command, display) for _ in range(RUNS)]
    except RuntimeError as error:
        print(f"time_startup: {error}", file=sys.stderr)
        return 1
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                process.wait()
    runs = ", ".join(f"{wall:.2f}" for wall, _ in seconds)
    wm = "openbox" if manager else "no window manager"
    cpu = statistics.median(cpu for _, cpu in seconds)
    print(f"start to window ({wm}): median {statistics.median(w for w, _ in seconds):.2f} s "
          f"(runs: {runs} s); CPU time used by then: median {cpu:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
