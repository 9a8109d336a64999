"""The 3-D surface on the Optimizer paths tab: disabled with a reason where OpenGL is missing
(the tests' offscreen platform), drawn and turned by the mouse in a real X server (Xvfb)."""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui.views.paths.paths_view import OptimizerPathsView
from gui.views.paths.surface_3d import opengl_problem

ROOT = Path(__file__).resolve().parent.parent

XVFB_SCRIPT = r'''
import numpy as np
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication([])
from gui.views.paths.paths_view import OptimizerPathsView
from gui.views.paths.surface_3d import opengl_problem

def wait(ms):
    timer = QTimer(); timer.setSingleShot(True); timer.start(ms)
    while timer.isActive():
        app.processEvents()

import sys
assert opengl_problem() is None, opengl_problem()
assert "OpenGL" not in sys.modules, "PyOpenGL is imported only when 3-D is first shown"
view = OptimizerPathsView()
view.resize(1200, 700)
view.show()
wait(200)
views = view.surface_views
assert views.toggle.isEnabled()
box = QPoint(8, views.toggle.height() // 2)  # on the box, not the empty row beside it
QTest.mouseClick(views.toggle, Qt.MouseButton.LeftButton, pos=box)
wait(500)
gl_view = views.view_3d
assert views.currentWidget() is gl_view and gl_view.isVisible()
checked = set(view.controls.checked_learning_rates())
assert set(gl_view.paths) == checked, (set(gl_view.paths), checked)
# the SGD line has one vertex per step shown, lying on the mesh (heights in [0, 5] + lift)
sgd = gl_view.paths["sgd"].pos
assert len(sgd) == len(view.paths()["sgd"]), (len(sgd), len(view.paths()["sgd"]))
assert (sgd[:, 2] > 0).all() and (sgd[:, 2] < 5.1).all()
image = gl_view.view.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB32)
pixels = np.frombuffer(image.constBits(), np.uint32, image.width() * image.height())
colours = len(np.unique(pixels))
assert colours > 200, colours  # a shaded mesh, not a blank background
before = gl_view.view.opts["azimuth"]
centre = gl_view.view.rect().center()
QTest.mousePress(gl_view.view, Qt.MouseButton.LeftButton, pos=centre)
for step in range(1, 6):
    QTest.mouseMove(gl_view.view, centre + QPoint(30 * step, 0))
    wait(10)
QTest.mouseRelease(gl_view.view, Qt.MouseButton.LeftButton, pos=centre + QPoint(150, 0))
assert gl_view.view.opts["azimuth"] != before, "a drag turns the surface"
view.set_surface("rosenbrock")
wait(100)
assert len(gl_view.paths["sgd"].pos) > 0
QTest.mouseClick(views.toggle, Qt.MouseButton.LeftButton, pos=box)
assert views.currentWidget() is view.plot
print("3-D OK", colours)
'''


def test_offscreen_keeps_the_2d_view_and_says_why(qtbot):
    view = OptimizerPathsView()
    qtbot.addWidget(view)
    toggle = view.surface_views.toggle
    assert opengl_problem() is not None
    assert not toggle.isEnabled()
    reason = toggle.toolTip()
    assert "offscreen" in reason or "PyOpenGL" in reason
    view.surface_views.show_3d(True)  # even when asked directly
    assert view.surface_views.currentWidget() is view.plot
    view.set_surface("himmelblau")  # paths still reach the 2-D plot
    assert set(view.plot.curves) == set(view.paths())


@pytest.mark.skipif(shutil.which("xvfb-run") is None,
                    reason="xvfb-run is not installed (apt-get install xvfb)")
@pytest.mark.skipif(importlib.util.find_spec("OpenGL") is None,
                    reason="PyOpenGL is not installed here (pip install -e . installs it)")
def test_3d_surface_draws_and_turns_under_xvfb(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT),
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-c", XVFB_SCRIPT],
        capture_output=True, text=True, timeout=240, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "3-D OK" in done.stdout


def test_the_bundle_keeps_what_the_3d_view_imports():
    """The spec must not exclude PyOpenGL, pyqtgraph.opengl or Qt's OpenGL modules."""
    spec = (ROOT / "packaging" / "nndash.spec").read_text()
    tree = ast.parse(spec)
    (excluded,) = [ast.literal_eval(node.value) for node in tree.body
                   if isinstance(node, ast.Assign)
                   and getattr(node.targets[0], "id", "") == "EXCLUDED_MODULES"]
    needed = ("OpenGL", "pyqtgraph.opengl", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets")
    assert not [name for name in excluded if name.startswith(needed) or
                any(need.startswith(name + ".") for need in needed)]
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"PyOpenGL' in pyproject
