"""File > Export on the Labs tab: every page writes a PNG and a CSV per plot, named after the
page and the plot, and the CSV's numbers are the book's formulas computed here."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from labs_helpers import labs_view  # noqa: F401 - the fixture 'labs'
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from test_gui_menus import FolderPrompts

from engine.gradient_check import check_network, gradient_check
from gui.actions.export import EXPORT_SCALE, export_plots

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

STEMS = {
    "Activations": ["labs-activations"],
    "Softmax and losses": ["labs-softmax", "labs-losses"],
    "Derivatives": ["labs-derivative-tangent", "labs-derivative-error"],
    "Gradient": ["labs-gradient-field", "labs-gradient-descent"],
    "Computational graph": ["labs-computational-graph"],
    "Layer chain": ["labs-layer-chain"],
    "Gradient check": ["labs-gradient-check"],
}


def _never(path):
    raise AssertionError(f"asked to overwrite {path}, but nothing existed")


def exported(labs, title: str, folder) -> dict[str, list[dict[str, str]]]:
    """Show the page, export the tab's plots into a fresh ``folder``; check the files and
    the PNGs; return each CSV's rows as dicts, by stem."""
    labs.show_page(title)
    folder.mkdir()
    plots = labs.visible_plots()
    result = export_plots(plots, folder, _never)
    stems = STEMS[title]
    assert sorted(p.name for p in result.written) == sorted(
        f"{stem}.{ext}" for stem in stems for ext in ("png", "csv"))
    for stem, plot in zip(stems, plots, strict=True):
        image = QImage(str(folder / f"{stem}.png"))
        assert (image.width(), image.height()) == (EXPORT_SCALE * plot.width(),
                                                   EXPORT_SCALE * plot.height())
        colours = {image.pixel(x, y) for x in range(0, image.width(), 9)
                   for y in range(0, image.height(), 9)}
        assert len(colours) > 10, f"{stem}.png is blank"
    tables = {}
    for stem in stems:
        with (folder / f"{stem}.csv").open(newline="") as file:
            tables[stem] = list(csv.DictReader(file))
    return tables


def column(rows: list[dict[str, str]], name: str) -> np.ndarray:
    return np.array([float(row[name]) for row in rows])


def test_activations_csv_holds_the_four_functions_and_their_slopes(labs, tmp_path):
    rows = exported(labs, "Activations", tmp_path / "a")["labs-activations"]
    x = column(rows, "x")
    assert x[0] == -5 and x[-1] == 5 and len(x) > 100
    sigmoid = 1 / (1 + np.exp(-x))
    assert column(rows, "sigmoid") == pytest.approx(sigmoid, rel=1e-7)
    assert column(rows, "sigmoid_derivative") == pytest.approx(sigmoid * (1 - sigmoid),
                                                               rel=1e-7)
    assert column(rows, "relu") == pytest.approx(np.maximum(0, x), abs=1e-12)
    assert column(rows, "tanh_derivative") == pytest.approx(1 - np.tanh(x) ** 2, abs=1e-9)
    assert column(rows, "step") == pytest.approx((x > 0).astype(float))
    assert not column(rows, "step_derivative").any()


def test_softmax_and_losses_csvs_follow_the_temperature(labs, tmp_path):
    page = labs.show_page("Softmax and losses")
    page.temperature_slider.setValue(40)  # T = 2
    tables = exported(labs, "Softmax and losses", tmp_path / "s")
    softmax = tables["labs-softmax"]
    scores = column(softmax, "score")
    assert scores == pytest.approx([0.3, 2.9, 4.0])
    assert column(softmax, "temperature") == pytest.approx([2.0] * 3)
    e = np.exp(scores / 2)
    assert column(softmax, "probability") == pytest.approx(e / e.sum(), rel=1e-7)
    losses = tables["labs-losses"]
    p = column(losses, "target_probability")
    assert p[0] == pytest.approx(0.01) and p[-1] == 1.0
    assert column(losses, "cross_entropy") == pytest.approx(-np.log(p + 1e-7), rel=1e-7)
    rest = (1 - p) / 2  # three classes: the other two share what the target lacks
    assert column(losses, "mean_squared_error") == pytest.approx(
        0.5 * ((1 - p) ** 2 + 2 * rest**2), rel=1e-6, abs=1e-12)


def function_1(x):
    return 0.01 * x**2 + 0.1 * x


def test_derivative_csvs_hold_the_tangent_and_the_error_for_every_h(labs, tmp_path):
    tables = exported(labs, "Derivatives", tmp_path / "d")
    tangent = tables["labs-derivative-tangent"]
    x = column(tangent, "x")
    assert column(tangent, "f") == pytest.approx(function_1(x), rel=1e-7, abs=1e-9)
    # the book's figure 4-7: the tangent at 5 has slope 0.2 through (5, f(5))
    assert column(tangent, "tangent") == pytest.approx(function_1(5.0) + 0.2 * (x - 5),
                                                       abs=1e-7)
    errors = tables["labs-derivative-error"]
    h = column(errors, "h")
    near_1e_2 = int(np.argmin(np.abs(np.log10(h) + 2)))
    step = h[near_1e_2]
    forward = (function_1(5.0 + step) - function_1(5.0)) / step
    assert float(errors[near_1e_2]["forward_float64"]) == pytest.approx(abs(forward - 0.2),
                                                                        rel=1e-6)
    # h = 1e-20 is below float32's spacing near 5: x + h == x, the difference is 0
    assert h[0] == pytest.approx(1e-20)
    assert float(errors[0]["forward_float32"]) == pytest.approx(0.2, rel=1e-7)


def test_derivative_error_csv_follows_the_chosen_function(labs, tmp_path):
    page = labs.show_page("Derivatives")
    page.function_combo.setCurrentIndex(page.function_combo.findData("sin"))
    x = float(page.x_line.value())
    errors = exported(labs, "Derivatives", tmp_path / "d")["labs-derivative-error"]
    h = column(errors, "h")
    near_1e_2 = int(np.argmin(np.abs(np.log10(h) + 2)))
    step = h[near_1e_2]
    central = (math.sin(x + step) - math.sin(x - step)) / (2 * step)
    assert float(errors[near_1e_2]["central_float64"]) == pytest.approx(
        abs(central - math.cos(x)), rel=1e-5)


def test_gradient_csvs_hold_the_field_and_the_descent(labs, tmp_path):
    page = labs.show_page("Gradient")
    page.set_start((2.0, -1.0))
    page.lr_spin.setValue(0.2)
    page.steps_spin.setValue(6)
    tables = exported(labs, "Gradient", tmp_path / "g")
    field = tables["labs-gradient-field"]
    assert len(field) == 18 * 18  # the book's grid, -2 to 2.25 by 0.25
    x0, x1 = column(field, "x0"), column(field, "x1")
    assert column(field, "minus_df_dx0") == pytest.approx(-2 * x0, abs=1e-6)
    assert column(field, "minus_df_dx1") == pytest.approx(-2 * x1, abs=1e-6)
    descent = tables["labs-gradient-descent"]
    steps = column(descent, "step")
    assert list(steps) == list(range(7))
    shrink = (1 - 2 * 0.2) ** steps  # x <- x - lr * 2x
    assert column(descent, "x0") == pytest.approx(2.0 * shrink, abs=1e-6)
    assert column(descent, "x1") == pytest.approx(-1.0 * shrink, abs=1e-6)
    assert column(descent, "f") == pytest.approx(5.0 * shrink**2, abs=1e-6)


def test_graph_csv_holds_the_values_and_the_derivatives_shown(labs, tmp_path):
    page = labs.show_page("Computational graph")
    page.input_spins["apple_num"].setValue(3)
    QTest.mouseClick(page.backward_button, Qt.MouseButton.LeftButton)
    early = exported(labs, "Computational graph", tmp_path / "early")
    rows = {row["quantity"]: row for row in early["labs-computational-graph"]}
    assert rows["price"]["d_price_d_quantity"] == "1"
    assert rows["apple"]["d_price_d_quantity"] == ""  # not reached yet
    while page.backward_button.isEnabled():
        QTest.mouseClick(page.backward_button, Qt.MouseButton.LeftButton)
    done = exported(labs, "Computational graph", tmp_path / "done")
    rows = {row["quantity"]: row for row in done["labs-computational-graph"]}
    apple, count, tax = 100.0, 3.0, 1.1
    assert float(rows["price"]["forward"]) == pytest.approx(apple * count * tax)
    assert float(rows["apple"]["d_price_d_quantity"]) == pytest.approx(count * tax)
    assert float(rows["apple_num"]["d_price_d_quantity"]) == pytest.approx(apple * tax)
    assert float(rows["tax"]["d_price_d_quantity"]) == pytest.approx(apple * count)


def test_layer_chain_csv_holds_every_number_of_the_boxes(labs, tmp_path):
    page = labs.show_page("Layer chain")
    page.x_spins[1].setValue(-0.4)
    page.target_spin.setValue(1)
    rows = exported(labs, "Layer chain", tmp_path / "c")["labs-layer-chain"]

    def values(name):
        return np.array([float(r["value"]) for r in rows if r["quantity"] == name])

    x, W, b = values("x"), values("W").reshape(2, 3), values("b")
    assert x == pytest.approx([0.6, -0.4])
    a = x @ W + b
    z = 1 / (1 + np.exp(-a))
    y = np.exp(z) / np.exp(z).sum()
    assert values("a") == pytest.approx(a, rel=1e-7)
    assert values("z") == pytest.approx(z, rel=1e-7)
    assert values("loss") == pytest.approx([-np.log(y[1])], rel=1e-6)
    t = np.array([0.0, 1.0, 0.0])
    assert values("dz") == pytest.approx(y - t, rel=1e-6, abs=1e-9)
    assert values("da") == pytest.approx((y - t) * z * (1 - z), rel=1e-6, abs=1e-9)


def test_gradient_check_csv_holds_each_arrays_error(qtbot, labs, tmp_path):
    page = labs.show_page("Gradient check")
    qtbot.waitUntil(lambda: page.result() is not None and not page.is_running(),
                    timeout=10_000)
    rows = exported(labs, "Gradient check", tmp_path / "g")["labs-gradient-check"]
    again = gradient_check(check_network((100, 100)))  # the setup panel's default network
    assert [row["array"] for row in rows] == [p.name for p in again.parameters]
    assert [row["shape"] for row in rows] == ["8x10", "10", "10x10", "10", "10x4", "4"]
    assert column(rows, "relative_error") == pytest.approx(
        [p.relative_error for p in again.parameters], rel=1e-6)
    assert (column(rows, "relative_error") < 1e-6).all()
    assert (column(rows, "numerical_ms") > 0).all()


def test_file_export_on_the_labs_tab_writes_the_page_on_screen(window, tmp_path):
    window.tabs.select("labs")
    labs = window.tabs.currentWidget()
    labs.show_page("Derivatives")
    folder = tmp_path / "slides"
    folder.mkdir()
    window.export_actions.prompts = FolderPrompts(folder)
    window.export_actions.export()
    assert sorted(p.name for p in folder.iterdir()) == [
        "labs-derivative-error.csv", "labs-derivative-error.png",
        "labs-derivative-tangent.csv", "labs-derivative-tangent.png"]
    assert "Exported 4 files" in window.banner.text
    window.export_actions._fill_copy_menu()  # what File > Copy plot lists now
    assert [a.text() for a in window.export_actions.copy_menu.actions()] == [
        "f(x) and its tangent from the numerical derivative",
        "Error of the difference quotient against h"]
