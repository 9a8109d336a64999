"""Bundled files (icons, fonts, the embedded MNIST sample) and the one way to find them."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, from source, an installed wheel or a PyInstaller bundle.

    Frozen builds unpack data under ``sys._MEIPASS``; everywhere else the files sit beside
    this module.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_root) / "resources" if frozen_root else Path(__file__).resolve().parent
    return base.joinpath(*parts)
