"""Lab 4, chapter 5.1-5.4: the shopping example as a computational graph. The forward values
flow left to right; each press of Backward moves the derivatives one node further right to
left, as in the book's figures 5-16 and 5-17. The prices and counts are editable.
"""

from __future__ import annotations

from dataclasses import replace

import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.graph import SHOPPING_GRAPHS, ComputationalGraph
from gui.actions.export import Table
from gui.style import Style
from gui.views.labs.lab_plot import SERIES_COLOURS, LabPlot, plot_with_controls
from gui.widgets.key_actions import add_key_actions

BACKWARD_COLOUR = SERIES_COLOURS[4]  # the book draws the backward pass in red
NODE_COLOUR = SERIES_COLOURS[1]
GRAPH_TITLES = {"apples": "Apples (figure 5-16)",
                "apples-oranges": "Apples, oranges (5-17)"}
INPUT_LABEL_AT = 0.35  # along an input's wire: where the wires into a node are still apart
PIXELS_PER_UNIT_AT_SCALE_1 = 75  # a canvas this dense draws the figure at font scale 1
SMALLEST_FIGURE_SCALE = 0.5


def number(value: float) -> str:
    """220.00000000000003 -> '220', 2.2 -> '2.2': the book prints rounded values."""
    return f"{value:.6g}"


class GraphPage(QWidget):
    """For tests: ``graph_combo``, ``input_spins`` (name -> spin box), ``backward_button``,
    ``reset_button``, ``step()`` (backward steps shown), ``edge_texts()`` (name -> (forward
    text, backward text)) and ``graph``."""

    title = "Computational graph"

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.canvas = LabPlot("Forward values above the wires, derivatives below", "", "",
                              style, stem="labs-computational-graph", table=self.table,
                              grid=False)
        item = self.canvas.item
        item.hideAxis("left")
        item.hideAxis("bottom")
        item.getViewBox().setMouseEnabled(False, False)
        item.setAspectLocked(False)
        self.edges = pg.PlotCurveItem(connect="pairs")
        self.nodes = pg.ScatterPlotItem(symbol="o")
        item.addItem(self.edges)
        item.addItem(self.nodes)
        self.graph_combo = QComboBox()
        self.graph_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.graph_combo.setMinimumContentsLength(12)
        for name in SHOPPING_GRAPHS:
            self.graph_combo.addItem(GRAPH_TITLES[name], name)
        self.backward_button = QPushButton("Backward")
        self.backward_button.setToolTip("Pass the derivatives back through one more node "
                                        "(S or Right, also in plots only).")
        self.reset_button = QPushButton("Forward only")
        self.reset_button.setToolTip("Clear the derivatives and start the backward pass again "
                                     "(R).")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.inputs_form = QFormLayout()
        self.input_spins: dict[str, QDoubleSpinBox] = {}
        self.graph: ComputationalGraph = SHOPPING_GRAPHS["apples"]()
        self._step = 0
        self._figure = style  # the style the graph was last drawn in (scaled to the canvas)
        self._texts: list[pg.TextItem] = []
        self._edge_texts: dict[str, tuple[pg.TextItem, pg.TextItem]] = {}
        buttons = QVBoxLayout()  # stacked: a narrow column leaves the graph its room
        buttons.addWidget(self.backward_button)
        buttons.addWidget(self.reset_button)
        self.controls_column = plot_with_controls(
            self, self.canvas, [self.status], [self.graph_combo, self.inputs_form, buttons],
            (4, 1))
        self.graph_combo.currentIndexChanged.connect(self._on_graph_chosen)
        self.backward_button.clicked.connect(self.backward_step)
        self.reset_button.clicked.connect(self.reset)
        item.getViewBox().sigResized.connect(self._on_canvas_resized)
        self._add_key_actions()
        self._on_graph_chosen()

    def _add_key_actions(self) -> None:
        """S or Right steps backward, R goes back to forward only, as on the paths tab: they
        work in plots only, where the buttons are hidden (and only while the page shows)."""
        add_key_actions(self, [([Qt.Key.Key_S, Qt.Key.Key_Right], self.backward_step),
                               ([Qt.Key.Key_R], self.reset)])

    def plots(self) -> list[LabPlot]:
        return [self.canvas]

    def controls(self) -> list[QWidget]:
        return [self.controls_column]

    def table(self) -> Table:
        """Every wire's forward value and the derivative of the price shown below it (empty
        until the backward pass reaches it)."""
        values = self.graph.values()
        grads = self.graph.backward_steps()[self._step - 1] if self._step else {}
        rows = [(name, quantity.label, values[name], grads.get(name, ""))
                for name, quantity in self.graph.quantities.items()]
        return Table(("quantity", "label", "forward", "d_price_d_quantity"), rows)

    def step(self) -> int:
        return self._step

    def edge_texts(self) -> dict[str, tuple[str, str]]:
        return {name: (above.toPlainText(), below.toPlainText())
                for name, (above, below) in self._edge_texts.items()}

    @Slot()
    def backward_step(self) -> None:
        self._step = min(self._step + 1, self._steps())
        self._show_numbers()

    @Slot()
    def reset(self) -> None:
        self._step = 0
        self._show_numbers()

    def _steps(self) -> int:
        """Presses to the end: the output's 1, then one per operation."""
        return len(self.graph.operations) + 1

    def apply_style(self, style: Style) -> None:
        self.style = style
        self.canvas.apply_style(style)
        self._draw_graph()

    @Slot()
    def _on_graph_chosen(self) -> None:
        self.graph = SHOPPING_GRAPHS[self.graph_combo.currentData()]()
        while self.inputs_form.rowCount():
            self.inputs_form.removeRow(0)
        self.input_spins = {}
        for name, value in self.graph.inputs.items():
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 100_000.0)
            spin.setDecimals(2)
            spin.setValue(value)
            spin.setToolTip(f"The input '{self.graph.quantities[name].label}'.")
            spin.valueChanged.connect(self._on_input_edited)
            self.inputs_form.addRow(self.graph.quantities[name].label, spin)
            self.input_spins[name] = spin
        self._step = 0
        self._draw_graph()

    @Slot()
    def _on_input_edited(self) -> None:
        for name, spin in self.input_spins.items():
            self.graph.set_input(name, spin.value())
        self._show_numbers()

    def _wires(self) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
        """Each quantity's wire from where it comes from to the node that takes it, in plot
        coordinates (rows grow downward on the page, so y is minus the row)."""
        start = {name: q.position for name, q in self.graph.quantities.items() if q.position}
        end = {self.graph.output: self.graph.output_position}
        for operation in self.graph.operations:
            start[operation.output] = operation.position
            for name in operation.inputs:
                end[name] = operation.position
        return {name: ((start[name][0], -start[name][1]), (end[name][0], -end[name][1]))
                for name in self.graph.quantities}

    def _ranges(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The plot's x and y ranges: the graph with room for the input labels on the left
        and 'price' on the right."""
        inputs = [q.position for q in self.graph.quantities.values() if q.position]
        left = min(column for column, _ in inputs)
        bottom = max(row for _, row in inputs)
        return (left - 1.4, self.graph.output_position[0] + 1.2), (-bottom - 0.5, 0.5)

    def _figure_style(self) -> Style:
        """The dashboard's style, scaled down to a small canvas (a projector's large font
        beside the controls) so the numbers keep their room between the nodes."""
        (x0, x1), (y0, y1) = self._ranges()
        view_box = self.canvas.item.getViewBox()
        per_unit = min(view_box.width() / (x1 - x0), view_box.height() / (y1 - y0))
        if per_unit <= 0:  # not laid out yet
            return self.style
        fitting = max(per_unit / PIXELS_PER_UNIT_AT_SCALE_1, SMALLEST_FIGURE_SCALE)
        return replace(self.style, font_scale=min(self.style.font_scale, fitting))

    @Slot()
    def _on_canvas_resized(self) -> None:
        if abs(self._figure_style().font_scale - self._figure.font_scale) > 0.02:
            self._draw_graph()

    def _draw_graph(self) -> None:
        style, item = self._figure_style(), self.canvas.item
        self._figure = style
        for text in self._texts:
            item.removeItem(text)
        self._texts, self._edge_texts = [], {}
        wires = self._wires()
        xs, ys = [], []
        for (x0, y0), (x1, y1) in wires.values():
            xs += [x0, x1]
            ys += [y0, y1]
        self.edges.setData(xs, ys, pen=style.pen(style.theme.foreground, 2.0))
        positions = [(op.position[0], -op.position[1]) for op in self.graph.operations]
        self.nodes.setData(pos=positions, size=style.point_size(3.2), brush=NODE_COLOUR,
                           pen=style.pen(style.theme.foreground, 1.5))
        for operation, (x, y) in zip(self.graph.operations, positions, strict=True):
            self._add_text(operation.symbol, (x, y), "#000000", (0.5, 0.5), 1.6)
        for name, ((x0, y0), (x1, y1)) in wires.items():
            quantity = self.graph.quantities[name]
            if quantity.position is not None:
                self._add_text(quantity.label, (x0, y0), style.theme.foreground, (1.05, 0.5))
            at = INPUT_LABEL_AT if quantity.position is not None else 0.5
            middle = (x0 + (x1 - x0) * at, y0 + (y1 - y0) * at)
            above = self._add_text("", middle, style.theme.foreground, (0.5, 1.0))
            below = self._add_text("", middle, BACKWARD_COLOUR, (0.5, 0.0))
            self._edge_texts[name] = (above, below)
        end = self.graph.output_position
        self._add_text("price", (end[0], -end[1]), style.theme.foreground, (-0.05, 0.5))
        x_range, y_range = self._ranges()
        item.setRange(xRange=x_range, yRange=y_range, padding=0)
        self._show_numbers()

    def _add_text(self, text: str, position: tuple[float, float], colour: str,
                  anchor: tuple[float, float], relative: float = 1.1) -> pg.TextItem:
        item = pg.TextItem(text, color=colour, anchor=anchor)
        item.setFont(self._figure.font(relative, bold=True))
        item.setPos(*position)
        self.canvas.item.addItem(item)
        self._texts.append(item)
        return item

    def _show_numbers(self) -> None:
        values = self.graph.values()
        grads = self.graph.backward_steps()[self._step - 1] if self._step else {}
        for name, (above, below) in self._edge_texts.items():
            above.setText(number(values[name]))
            below.setText(number(grads[name]) if name in grads else "")
        total = self._steps()
        self.backward_button.setEnabled(self._step < total)
        if self._step == 0:
            text = (f"Forward: price = {number(values[self.graph.output])}. "
                    "Press Backward (or S) to pass d price / d price = 1 back, one node per press.")
        elif self._step < total:
            text = (f"Backward, step {self._step} of {total}: each node multiplies the "
                    "derivative from its right by its local derivative (× swaps its inputs, "
                    "+ passes it on).")
        else:
            named = ", ".join(f"d price / d {self.graph.quantities[n].label} = {number(g)}"
                              for n, g in grads.items() if n in self.graph.inputs)
            text = f"Backward done: {named}."
        self.status.setText(text)
