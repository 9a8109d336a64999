"""Plots only (F10) on the Labs tab: on every page the controls and the notes hide and the
plots take most of the page; F10 again brings them back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.views.labs.lab_plot import LabPlot

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def drawing_area(page) -> int:
    """Pixels of the page given to its plots' drawings (the chain's boxes, a LabPlot's
    graphics view)."""
    widgets = [plot.plot if isinstance(plot, LabPlot) else plot for plot in page.plots()]
    return sum(widget.width() * widget.height() for widget in widgets)


def share(page) -> float:
    """The part of the page the plots draw on."""
    return drawing_area(page) / (page.width() * page.height())


def notes_shown(page) -> list[bool]:
    return [plot.note.isVisible() for plot in page.plots() if isinstance(plot, LabPlot)]


@pytest.fixture
def labs(qtbot, window):
    window.resize(1366, 768)
    window.tabs.select("labs")
    qtbot.wait(50)
    view = window.tabs.currentWidget()
    yield view
    gradient_check = view.pages()[-1]
    qtbot.waitUntil(lambda: not gradient_check.is_running(), timeout=10_000)


def test_f10_hides_every_pages_controls_and_the_plots_grow(qtbot, window, labs):
    gradient_check = labs.pages()[-1]
    for page in labs.pages():
        labs.show_page(page.title)
        qtbot.waitUntil(lambda page=page: drawing_area(page) > 0)
        # the gradient check's table, when it arrives, takes room from the plot
        qtbot.waitUntil(lambda: not gradient_check.is_running(), timeout=10_000)
        qtbot.wait(20)
        before_area, before_share = drawing_area(page), share(page)
        assert all(widget.isVisible() for widget in page.controls()), page.title
        notes_before = notes_shown(page)

        QTest.keyClick(window, Qt.Key.Key_F10)
        assert window.plots_only
        assert not any(widget.isVisible() for widget in page.controls()), page.title
        assert not any(notes_shown(page)), page.title
        qtbot.waitUntil(lambda page=page, before=before_share: share(page) > before + 0.02)
        # (the tab shows no setup dock or run tool bar already: the menus and the page's
        # controls are what F10 frees)
        assert drawing_area(page) > 1.05 * before_area, page.title
        assert share(page) > 0.6, (page.title, share(page))  # most of the page

        QTest.keyClick(window, Qt.Key.Key_F10)
        assert not window.plots_only
        assert all(widget.isVisible() for widget in page.controls()), page.title
        assert notes_shown(page) == notes_before
        qtbot.waitUntil(lambda page=page, before=before_share:
                        abs(share(page) - before) < 0.01)
    assert labs.page_list.isVisible()  # the labs stay one click apart


def test_a_note_set_in_plots_only_waits_for_f10_to_end(qtbot, window, labs):
    page = labs.show_page("Gradient")
    QTest.keyClick(window, Qt.Key.Key_F10)
    labs.apply_style(window.presentation.style())  # a restyle writes the notes again
    assert not page.descent_plot.note.isVisible()
    QTest.keyClick(window, Qt.Key.Key_F10)
    assert page.descent_plot.note.isVisible()


def test_the_graph_steps_by_key_when_its_buttons_are_hidden(qtbot, window, labs):
    page = labs.show_page("Computational graph")
    QTest.keyClick(window, Qt.Key.Key_F10)
    assert not page.backward_button.isVisible()
    QTest.keyClick(window, Qt.Key.Key_S)
    QTest.keyClick(window, Qt.Key.Key_Right)
    assert page.step() == 2
    assert page.edge_texts()["tax"][1] == "200"  # d price / d tax = 100 x 2
    QTest.keyClick(window, Qt.Key.Key_R)
    assert page.step() == 0 and page.edge_texts()["tax"][1] == ""
    QTest.keyClick(window, Qt.Key.Key_F10)
