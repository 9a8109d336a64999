"""The monkey test of issue 7: a few hundred seeded random UI actions per seed (toolbar,
keys, tabs, valid and invalid text in every field, combos, check boxes, clicks and drags on
the paths plot) must raise no Python exception anywhere, and never freeze the window.

The bound on the handlers is generous on purpose: this machine is shared and noisy (a 150 ms
handler can take 400 ms here). It catches the freezes issue 7 found (Reset or Step waiting for
a loading run, a close waiting 47 s for a network being built). The 10 ms probe's longest
stall is reported but not asserted: it also sees pyqtgraph repaints, and one rare state of a
log-scale axis was seen to paint for seconds (see bench/reliability_bench.py, which prints the
distribution over 10 seeds).
"""

from __future__ import annotations

import pytest
from monkey import Monkey

from gui.main_window import MainWindow

SEEDS = (1, 2)
ACTIONS = 150
FREEZE_MS = 5000


@pytest.mark.parametrize("seed", SEEDS)
def test_random_ui_actions_raise_nothing_and_never_freeze(qtbot, gui_settings, seed):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)

    report = Monkey(window, seed).run(ACTIONS)

    assert report.errors == [], report.errors[0]
    assert report.actions >= ACTIONS // 3  # a time budget: a loaded machine gets fewer done
    assert report.max_handler_ms < FREEZE_MS, report.slowest
    print(f"seed {seed}: slowest handlers {report.slowest}; longest probe stall "
          f"{report.probe_ms:.0f} ms after {report.probe_after}")
    window.close()  # with a run perhaps still building: must not hang or abort
    assert not window.isVisible()
