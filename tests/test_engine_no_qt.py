"""The engine must stay usable without Qt: importing every engine module loads no Qt binding."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import engine

QT_PREFIXES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "pyqtgraph", "shiboken6")


def engine_modules() -> list[str]:
    return [f"engine.{module.name}" for module in pkgutil.iter_modules(engine.__path__)]


def test_engine_has_the_core_modules():
    assert {"engine.functions", "engine.numerical", "engine.layers", "engine.network"} <= set(
        engine_modules()
    )


def test_importing_the_engine_loads_no_qt():
    # A fresh interpreter: this test process may already have Qt from the GUI tests.
    imports = "; ".join(f"import {name}" for name in ["engine", *engine_modules()])
    check = (
        f"{imports}; import sys; "
        f"loaded = sorted(m for m in sys.modules if m.startswith({QT_PREFIXES!r})); "
        "assert not loaded, loaded"
    )
    project_root = Path(engine.__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=project_root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
