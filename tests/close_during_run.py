"""Open the dashboard (offscreen), start a run, close the window after a delay, exit with
app.exec()'s code. Usage: close_during_run.py SECONDS [WIDTHS] (e.g. 0.3 4096,4096,4096).

Prints 'closed in S' on stdout: the seconds window.close() took. The test suite and
bench/reliability_bench.py run it in a subprocess to close at chosen moments of a run.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402 - after the environment
from PySide6.QtWidgets import QApplication  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.settings import Settings  # noqa: E402


def main() -> int:
    delay = float(sys.argv[1])
    config = RunConfig()
    if len(sys.argv) > 2:
        widths = tuple(int(width) for width in sys.argv[2].split(","))
        config = replace(config, network=replace(config.network, hidden_sizes=widths))
    app = QApplication(sys.argv[:1])
    folder = os.environ.get("NNDASH_TEST_SETTINGS", os.getcwd())
    settings = Settings(QSettings(str(Path(folder) / "nndash.ini"), QSettings.Format.IniFormat))
    window = MainWindow(config, settings=settings)
    window.show()

    def close() -> None:
        started = time.perf_counter()
        window.close()
        print(f"closed in {time.perf_counter() - started:.3f}", flush=True)

    QTimer.singleShot(0, window.start)
    QTimer.singleShot(round(1000 * delay), close)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
