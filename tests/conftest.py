"""Shared test setup: headless Qt and small fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
