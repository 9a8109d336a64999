"""`main.py --download` stopped by SIGTERM or Ctrl+C (SIGINT) mid-file, from a slow local
mirror: it ends within a second, says so in one line, and leaves no partial file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from slow_mirror import SlowMirror

MAIN = Path(__file__).resolve().parent.parent / "main.py"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_cancels_the_download_and_removes_the_part_file(tmp_path, signum):
    cache = tmp_path / "cache"
    env = {**os.environ, "NNDASH_DATA_DIR": str(cache), "NO_PROXY": "127.0.0.1",
           "no_proxy": "127.0.0.1"}
    with SlowMirror() as mirror:
        process = subprocess.Popen(
            [sys.executable, str(MAIN), "--download", "mnist", "--data-dir", str(cache),
             "--mirror", mirror.url("trickle")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            deadline = time.monotonic() + 30
            while not list(cache.rglob("*.part")):  # the transfer is under way
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.02)
            process.send_signal(signum)
            sent = time.monotonic()
            _out, err = process.communicate(timeout=10)
            latency = time.monotonic() - sent
        finally:
            process.kill()
    assert latency < 1.0, f"the download took {latency:.2f} s to stop"
    assert process.returncode == 1
    assert "download cancelled; no partial file was kept" in err and "Traceback" not in err
    assert not [path for path in cache.rglob("*") if path.is_file()]
