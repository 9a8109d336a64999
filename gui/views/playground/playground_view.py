"""The Playground tab: the decision boundary over the plane beside the network, every hidden
unit as a thumbnail, live while the run trains (TensorFlow Playground, with the book's engine).

The grids arrive in the snapshots (``snapshot.playground``, computed on the worker thread
while this tab shows: the window calls ``controller.set_playground``); the view only colours
and paints them. On an image data set it says that it needs a 2-D set and offers them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from engine.config import RunConfig
from engine.data import DATASETS, Dataset, ToySet
from engine.playground import MAX_UNITS_SHOWN, PlaygroundFrame
from engine.trainer import TrainingSnapshot
from gui.style import Style
from gui.views.playground.boundary_plot import BoundaryPlot
from gui.views.playground.network_diagram import NetworkDiagram

TOY_SETS = {name: spec.title for name, spec in DATASETS.items() if isinstance(spec, ToySet)}
WAITING_HINT = ("Press Start (Space) to train: the decision boundary and every unit of the "
                "untrained network below change as it learns.")
READOUT_LINES = 3
NEEDS_2D = ("The Playground draws what the network does at every point of a plane, so it "
            "needs a 2-D data set. Choose one:")


class PlaygroundView(QWidget):
    """Boundary plot, network diagram and teaching toggles; fed by ``show_snapshot``.

    Signals: ``dataset_chosen(name)`` (a 2-D set picked on the notice page) and
    ``new_data_requested()`` (the "New data" button: regenerate with a new seed).
    """

    title = "Playground"
    uses_run_keys = True  # Space, S and R drive the training run here too

    dataset_chosen = Signal(str)
    new_data_requested = Signal()

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.boundary = BoundaryPlot(style)
        self.diagram = NetworkDiagram(style)
        self.frame: PlaygroundFrame | None = None
        self._selected_2d = True
        self._dirty = False
        self._controls_visible = True
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_plane_page())
        self.pages.addWidget(self._build_notice_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._update_page()
        self._reserve_readout_room(style)

    def _build_plane_page(self) -> QWidget:
        self.test_points_box = QCheckBox("Show test points")
        self.test_points_box.setChecked(True)
        self.test_points_box.setToolTip("Rings: the held-out points the network never trains "
                                        "on. Hide them to see the boundary alone.")
        self.discretize_box = QCheckBox("Discretize")
        self.discretize_box.setToolTip("Hard class colours instead of shading by confidence.")
        self.new_data_button = QPushButton("New data")
        self.new_data_button.setToolTip("Draw the data set again from a new seed (the Seed in "
                                        "the Training panel goes up by one) and start over.")
        self.losses_label = QLabel()
        self.losses_label.setToolTip("Cross-entropy of the current network on all training and "
                                     "all test points.")
        self.hint = QLabel(WAITING_HINT)
        self.hint.setWordWrap(True)
        self.unit_readout = QLabel()
        self.unit_readout.setToolTip("The unit or weight under the mouse pointer.")
        self.wide_note = QLabel()
        for label in (self.unit_readout, self.wide_note):
            # a long text wraps within the column instead of widening the window
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout()
        for widget in (self.test_points_box, self.discretize_box, self.new_data_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.losses_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(2, 2, 2, 2)
        self.network_title = network_title = QLabel("<b>Network</b>")
        network_title.setToolTip("Each square is a unit's value over the plane (blue positive, "
                                 "orange negative); lines are weights, thicker when larger.")
        right_layout.addWidget(network_title)
        right_layout.addWidget(self.diagram, 1)
        right_layout.addWidget(self.wide_note)
        right_layout.addWidget(self.unit_readout)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.boundary)
        split.addWidget(right)
        split.setSizes([520, 480])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)
        self.test_points_box.toggled.connect(self.boundary.set_test_points_visible)
        self.discretize_box.toggled.connect(self.boundary.set_discretize)
        self.new_data_button.clicked.connect(self.new_data_requested)
        self.diagram.hovered.connect(self.unit_readout.setText)
        return page

    def _build_notice_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        notice = QLabel(NEEDS_2D)
        notice.setWordWrap(True)
        layout.addStretch(1)
        layout.addWidget(notice)
        buttons = QHBoxLayout()
        self.dataset_buttons: dict[str, QPushButton] = {}
        for name, title in TOY_SETS.items():
            button = QPushButton(title)
            button.setToolTip(DATASETS[name].description)
            button.setProperty("dataset", name)
            button.clicked.connect(self._on_dataset_button)
            buttons.addWidget(button)
            self.dataset_buttons[name] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    # --- the window's calls --------------------------------------------------------------

    def show_selected_dataset(self, name: str | None) -> bool:
        """The data set chosen in the setup panel (None: the user's own folder of images).
        True when a 2-D set was just chosen and the plane has nothing to show yet."""
        newly_2d = name in TOY_SETS and not self._selected_2d
        self._selected_2d = name in TOY_SETS
        self._update_page()
        return newly_2d and self.frame is None

    def prepare(self, config: RunConfig, dataset: Dataset | None = None) -> None:
        """A new run starts: forget the last one's frame, name the classes."""
        self.clear()
        names = dataset.class_names if dataset is not None else DATASETS[config.dataset].class_names
        self.boundary.set_classes(names)
        self.diagram.set_classes(names)

    def show_snapshot(self, snapshot: TrainingSnapshot) -> None:
        if snapshot.playground is not None:
            self.frame = snapshot.playground
            self._dirty = True

    def refresh(self) -> None:
        """Draw the latest frame if it is new and the tab shows (the window's frame timer)."""
        if self._dirty and self.isVisible():
            self._dirty = False
            self._draw(self.frame)
        self.boundary.refresh()

    def clear(self) -> None:
        self.frame = None
        self._dirty = False
        self.boundary.clear()
        self.diagram.clear()
        self.losses_label.clear()
        self.wide_note.clear()
        self._show_wide_note()
        self._show_hint()
        self._update_page()

    def set_controls_visible(self, visible: bool) -> None:
        """Plots only (F10): the teaching toggles, the hint, the network's title, its notes
        and its hover readout hide (they took a quarter of the window); the plane, the
        network and the losses stay."""
        self._controls_visible = visible
        for widget in (self.test_points_box, self.discretize_box, self.new_data_button,
                       self.network_title, self.unit_readout):
            widget.setVisible(visible)
        self._show_hint()
        self._show_wide_note()

    def _show_wide_note(self) -> None:
        self.wide_note.setVisible(self._controls_visible and bool(self.wide_note.text()))

    def _show_hint(self) -> None:
        """The hint until the network trains (over its untrained picture), never in F10."""
        untrained = self.frame is None or self.frame.iteration == 0
        self.hint.setVisible(self._controls_visible and untrained)

    def visible_plots(self) -> list[QWidget]:
        return [self.boundary]

    def apply_style(self, style: Style) -> None:
        self.style = style
        self.boundary.apply_style(style)
        self.diagram.apply_style(style)
        self._reserve_readout_room(style)

    def _reserve_readout_room(self, style: Style) -> None:
        """Room for three lines of hover text, so the diagram does not jump as it changes."""
        self.unit_readout.setFixedHeight(READOUT_LINES * QFontMetrics(style.font()).height())

    # --- drawing -------------------------------------------------------------------------

    def _draw(self, frame: PlaygroundFrame) -> None:
        self._show_hint()
        self._update_page()
        self.boundary.show_frame(frame)
        self.diagram.show_frame(frame)
        self.losses_label.setText(f"Train loss {frame.train_loss:.3f}   Test loss "
                                  f"{frame.test_loss:.3f}")
        self.losses_label.setToolTip(f"Cross-entropy of the network of iteration "
                                     f"{frame.iteration:,} on all training and all test points.")
        wide = [str(i) for i, size in enumerate(frame.layer_sizes[1:-1], 1)
                if size > MAX_UNITS_SHOWN]
        if len(wide) == 1:
            note = f"Layer {wide[0]} is wider than {MAX_UNITS_SHOWN}: the first "
        else:
            listed = f"{', '.join(wide[:-1])} and {wide[-1]}" if wide else ""
            note = f"Layers {listed} are wider than {MAX_UNITS_SHOWN}: of each, the first "
        self.wide_note.setText(f"{note}{MAX_UNITS_SHOWN} units are shown." if wide else "")
        self._show_wide_note()

    def _update_page(self) -> None:
        # a trained frame stays until the next run; the untrained preview gives way at once
        trained = self.frame is not None and self.frame.iteration > 0
        showing_plane = self._selected_2d or trained
        self.pages.setCurrentIndex(0 if showing_plane else 1)

    @Slot()
    def _on_dataset_button(self) -> None:
        self.dataset_chosen.emit(self.sender().property("dataset"))
