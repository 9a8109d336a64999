"""The first start from source: no display or missing X11 libraries get one sentence instead
of Qt's abort, and --help names the program as it was started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import main
from gui import desktop_check
from gui.desktop_check import desktop_problem, missing_libraries

MAIN = Path(__file__).resolve().parent.parent / "main.py"


def test_without_a_display_main_says_so_in_one_sentence_and_exits_non_zero():
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(MAIN)], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1  # not Qt's abort (134)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "desktop session" in lines[0] and "--headless" in lines[0]


def test_offscreen_and_wayland_are_left_to_qt():
    assert desktop_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert desktop_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None


def test_a_missing_xcb_library_is_named_by_its_package(monkeypatch):
    assert missing_libraries({"libnndash-no-such-library.so.9": "libnndash-none9"}) == [
        "libnndash-none9"]
    assert missing_libraries({"libc.so.6": "libc6"}) == []
    monkeypatch.setattr(desktop_check, "missing_libraries", lambda: ["libxcb-cursor0"])
    problem = desktop_problem({"DISPLAY": ":0"})
    assert "sudo apt install libxcb-cursor0" in problem and "--headless" in problem


def test_a_display_nobody_answers_on_is_named(monkeypatch):
    monkeypatch.setattr(desktop_check, "missing_libraries", lambda: [])
    problem = desktop_problem({"DISPLAY": ":987"})  # no X server there
    assert "cannot reach the display :987" in problem and "--headless" in problem


def test_a_frozen_bundle_does_not_look_for_the_libraries_it_carries(monkeypatch):
    monkeypatch.setattr(desktop_check, "missing_libraries", lambda: ["libxcb-cursor0"])
    monkeypatch.setattr(desktop_check, "display_reachable", lambda display: True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop_problem({"DISPLAY": ":0"}) is None


def test_help_names_the_program_as_it_was_started(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/nndash", "--help"])
    assert main.build_parser().format_usage().startswith("usage: nndash ")
    monkeypatch.setattr(sys, "argv", ["main.py"])
    assert main.build_parser().format_usage().startswith("usage: main.py ")
