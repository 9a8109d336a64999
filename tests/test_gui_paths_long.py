"""Long optimizer paths (2,000 steps) are computed off the GUI thread, the newest request
winning: a drag of the start point never queues one recompute per mouse move. Before, each
2,000-step recompute ran on the GUI thread (250-420 ms) and a drag queued several."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from test_gui_paths_view import view  # noqa: F401 - the fixture long_view builds on

from engine.surfaces import SURFACES
from gui.views.paths.path_computer import SYNC_PATH_STEPS, PathComputer, PathRequest

BOOK = SURFACES["book"]
LONG = 2000


def book_sgd(start, lr, steps):
    """The book's SGD on f = x**2/20 + y**2 by hand: grad = (x/10, 2y)."""
    point = np.array(start, dtype=float)
    points = [point.copy()]
    for _ in range(steps):
        point -= lr * np.array([point[0] / 10, 2 * point[1]])
        points.append(point.copy())
    return np.array(points)


@pytest.fixture
def long_view(qtbot, view):  # noqa: F811 - pytest's fixture, imported above
    """The paths view with all six optimizers over LONG steps."""
    for check in view.checkboxes.values():
        check.setChecked(True)
    with qtbot.waitSignal(view.path_computer.computed, timeout=10_000):
        view.steps_spin.setValue(LONG)
    return view


def test_a_long_recompute_is_answered_later_and_only_the_newest_is_shown(qtbot, long_view):
    paths_view = long_view
    assert 6 * LONG > SYNC_PATH_STEPS
    shown = []
    paths_view.path_computer.computed.connect(shown.append)
    starts = [(-6.0 + 0.5 * i, 1.5) for i in range(8)]
    for start in starts:  # like a drag: one request per mouse move
        paths_view.set_start(start)
    assert paths_view.path_computer.is_busy()  # nothing computed on the GUI thread yet
    qtbot.waitUntil(lambda: not paths_view.path_computer.is_busy(), timeout=20_000)
    qtbot.wait(50)
    assert len(shown) == 1  # the seven overtaken requests are never drawn
    paths = paths_view.paths()
    assert len(paths) == 6 and all(path.shape == (LONG + 1, 2) for path in paths.values())
    lr = paths_view.lr_spins["sgd"].value()
    np.testing.assert_allclose(paths["sgd"], book_sgd(starts[-1], lr, LONG), atol=1e-9)


def test_dragging_the_start_point_ends_on_the_drop_point(qtbot, long_view):
    paths_view = long_view
    box = paths_view.plot.getPlotItem().getViewBox()
    track = [paths_view.plot.mapFromScene(box.mapViewToScene(QPointF(-6 + 0.5 * i, 1 - 0.1 * i)))
             for i in range(11)]  # ten mouse moves from (-6, 1) to (-1, 0)
    viewport = paths_view.plot.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=track[0])
    for point in track[1:]:
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=track[-1])
    qtbot.waitUntil(lambda: not paths_view.path_computer.is_busy(), timeout=20_000)
    start = paths_view.start()
    assert start == pytest.approx((-1, 0), abs=0.2)
    np.testing.assert_allclose(paths_view.paths()["sgd"][0], start)


def test_short_requests_are_answered_at_once(qtbot):
    computer = PathComputer()
    request = PathRequest(BOOK, {"sgd": 0.95}, (-7.0, 2.0), 30, "analytic")
    with qtbot.assertNotEmitted(computer.computed):
        paths = computer.request(request)
    np.testing.assert_allclose(paths["sgd"], book_sgd((-7, 2), 0.95, 30), atol=1e-12)
    np.testing.assert_allclose(paths["sgd"][-1], (-0.35039, 0.08478), atol=1e-5)  # the book
    assert not computer.is_busy()
