"""The optimizer-path tab: the book's figure 6-8, live. Several optimizers descend the selected
surface f(x, y) from a start point the user moves with the mouse.

Paths are recomputed with ``engine.paths.optimizer_path`` whenever a setting changes: short
ones at once, long ones (up to 2,000 steps each) off the GUI thread by a ``PathComputer``,
the newest request winning. The animation is a QTimer on the GUI thread that only reveals
more of the already computed paths.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.optimizers import OPTIMIZERS
from engine.surfaces import BOOK_LEARNING_RATES, SURFACES
from gui.style import PATH_LOOKS, Style
from gui.views.paths.path_computer import PathComputer, PathRequest
from gui.views.paths.paths_controls import PathsControls
from gui.views.paths.surface_3d import SurfaceViews
from gui.views.paths.surface_plot import SurfacePlot
from gui.widgets.forms.fitted_scroll_area import FittedScrollArea
from gui.widgets.key_actions import add_key_actions

PATH_COLOURS: dict[str, str] = {name: look.dark for name, look in PATH_LOOKS.items()}
"""Okabe-Ito colours on the dark surface (gui.style.PATH_LOOKS has the light theme's too)."""

CONTROLS_SHARE = 0.45
"""The controls column never takes more of the view's width than this: the plot keeps the
rest (they scroll sideways in the rare case they need more)."""

STATUS_LINES = 3
"""The result line is given the lines its longest text needs, at most this many (unless a
path diverged), so a changing value never resizes the plot."""

CONTROLS_MINIMUM_HEIGHT = 200
"""Below this the controls scroll."""

FRAME_INTERVAL_MS = 20
"""The animation never redraws more often than this, however fast it is set."""


def rounded(value: float) -> str:
    """A value as people read it: three significant digits without an exponent, '0' for
    what is 0 to four decimals (SGD reaching f = 7.89e-31 has simply reached the minimum)."""
    if not math.isfinite(value):
        return "∞" if value > 0 else ("-∞" if value < 0 else "undefined")
    if abs(value) < 5e-5:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    decimals = min(4, max(0, 2 - math.floor(math.log10(abs(value)))))
    return f"{value:.{decimals}f}"


class OptimizerPathsView(QWidget):
    """Surface heatmap with one animated path per checked optimizer, and its controls.

    For tests and the main window: ``set_surface(name)``, ``set_start((x, y))``, ``paths()``,
    ``step()``, ``play()``, ``pause()``, ``toggle_play()``, ``reset()`` (also on the keys Space,
    S or Right, and R while the view is shown), and the widgets ``checkboxes``,
    ``lr_spins``, ``steps_spin``, ``gradient_combo``, ``surface_combo``, ``plot``.
    """

    title = "Optimizer paths"
    uses_run_keys = False  # Space, S and R drive the path animation instead
    uses_setup = False  # the MNIST setup, the run tool bar and the run status do not apply

    def __init__(self, parent: QWidget | None = None, *, style: Style | None = None) -> None:
        super().__init__(parent)
        self._style = style or Style()
        self.controls = PathsControls(PATH_COLOURS, checked=BOOK_LEARNING_RATES)
        self.plot = SurfacePlot(self._style)
        self.surface_views = SurfaceViews(self.plot, self._style)
        self.checkboxes = self.controls.optimizer_checks
        self.lr_spins = self.controls.lr_spins
        self.steps_spin = self.controls.steps_spin
        self.gradient_combo = self.controls.gradient_combo
        self.surface_combo = self.controls.surface_combo
        self._paths: dict[str, np.ndarray] = {}
        self._shown = 0  # how many steps of each path are revealed
        self._start = (0.0, 0.0)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._advance)
        self.path_computer = PathComputer(self)
        self.path_computer.computed.connect(self._show_paths)
        self._build_layout()
        self._connect()
        self._add_key_actions()
        self.set_surface("book")

    def _build_layout(self) -> None:
        self.controls_area = FittedScrollArea(self.controls, CONTROLS_MINIMUM_HEIGHT)
        self.controls_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.readout = QLabel()
        self.readout.setToolTip("x, y and f(x, y) under the mouse pointer.")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.status.setToolTip("Where each path ended, and which ones diverged.")
        for label in (self.readout, self.status):  # text never widens the view
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.status.installEventFilter(self)  # its lines follow its own, final, width
        right = QVBoxLayout()
        right.addWidget(self.surface_views, 1)
        right.addWidget(self.surface_views.toggle)
        right.addWidget(self.readout)
        right.addWidget(self.status)
        right.setSpacing(0)  # the labels' own line spacing parts them from the plot
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)  # the tab's frame is margin enough
        layout.addWidget(self.controls_area)
        layout.addLayout(right, 1)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """Fixed heights for the readout and result lines, for the current font and width:
        hovering or a wrapped line must not resize the plot, and the result line takes the
        lines its longest text for the checked optimizers needs (STATUS_LINES at most unless
        a path diverged), not a fixed three."""
        metrics = QFontMetrics(self._style.font())
        self.readout.setFixedHeight(metrics.lineSpacing() + 2)
        width = max(self.status.width(), 1)
        longest = self._summary_template()
        lines = max(self._wrapped_lines(metrics, longest, width), 1)
        lines = min(lines, STATUS_LINES)
        lines = max(lines, self._wrapped_lines(metrics, self.status.text(), width))
        self.status.setFixedHeight(lines * metrics.lineSpacing() + 2)

    @staticmethod
    def _wrapped_lines(metrics: QFontMetrics, text: str, width: int) -> int:
        if not text:
            return 0
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        box = metrics.boundingRect(0, 0, width, 100_000, flags, text)
        return math.ceil(box.height() / metrics.lineSpacing())

    def _summary_template(self) -> str:
        """The result line at its widest for the checked optimizers and steps (every value
        0.0000; a wider one, as a divergence's hint, gets its lines anyway)."""
        names = [OPTIMIZERS[name].__name__ for name in self.controls.checked_learning_rates()]
        parts = [f"{label} f = 0.0000".replace(" ", "\u00a0") for label in names]
        return f"After {self.steps_spin.value()} steps: " + ", ".join(parts)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """The plot keeps at least 1 - CONTROLS_SHARE of the width at every size and font."""
        self.controls_area.setMaximumWidth(int(CONTROLS_SHARE * event.size().width()))
        super().resizeEvent(event)
        self._fit_labels()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.status and event.type() == QEvent.Type.Resize:
            self._fit_labels()
        return super().eventFilter(watched, event)

    def _connect(self) -> None:
        controls = self.controls
        controls.surface_combo.currentIndexChanged.connect(self._on_surface_chosen)
        for check in controls.optimizer_checks.values():
            check.toggled.connect(self._recompute)
        for spin in controls.lr_spins.values():
            spin.valueChanged.connect(self._recompute)
        controls.steps_spin.valueChanged.connect(self._recompute)
        controls.gradient_combo.currentIndexChanged.connect(self._recompute)
        controls.default_start_button.clicked.connect(self._on_default_start)
        controls.play_button.toggled.connect(self._on_play_toggled)
        controls.step_button.clicked.connect(self.step)
        controls.reset_button.clicked.connect(self.reset)
        controls.speed_spin.valueChanged.connect(self._on_speed_changed)
        self.plot.start_requested.connect(self._on_start_requested)
        self.plot.hovered.connect(self.readout.setText)

    def _add_key_actions(self) -> None:
        """Space plays or pauses, S or Right steps, R resets the animation - only while this
        view is on screen (a hidden widget's shortcuts do not fire); the window switches its
        training keys off meanwhile, so the same keys never drive an invisible run."""
        add_key_actions(self, [([Qt.Key.Key_Space], self.toggle_play),
                               ([Qt.Key.Key_S, Qt.Key.Key_Right], self.step),
                               ([Qt.Key.Key_R], self.reset)])

    # --- public API -------------------------------------------------------------------------

    def set_surface(self, name: str) -> None:
        """Show surface ``name`` with its default start, suggested learning rates and steps."""
        index = self.surface_combo.findData(name)
        if index < 0:
            raise ValueError(f"unknown surface {name!r}; valid: {', '.join(SURFACES)}")
        if index == self.surface_combo.currentIndex():
            self._load_surface(name)
        else:
            self.surface_combo.setCurrentIndex(index)  # _on_surface_chosen loads it

    def set_start(self, point: tuple[float, float]) -> None:
        """Move the start point and recompute every path from there."""
        self._start = (float(point[0]), float(point[1]))
        self.controls.show_start(self._start)
        self.plot.set_start(self._start)
        self._recompute()

    def start(self) -> tuple[float, float]:
        return self._start

    def paths(self) -> dict[str, np.ndarray]:
        """The complete computed path (steps + 1, 2) of every checked optimizer, NaN rows after
        a divergence; the plot shows the first ``shown_steps() + 1`` finite points of each."""
        return {name: path.copy() for name, path in self._paths.items()}

    def shown_steps(self) -> int:
        return self._shown

    def is_playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        """Animate from the current step (from the start again if the paths are complete)."""
        if self._shown >= self.steps_spin.value():
            self._shown = 0
            self._draw()
        self._on_speed_changed(self.controls.speed_spin.value())
        self._timer.start()
        self.controls.show_playing(True)

    def toggle_play(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def pause(self) -> None:
        self._timer.stop()
        self.controls.show_playing(False)

    def step(self) -> None:
        """Reveal one more update of every path (from the start again once complete)."""
        self.pause()
        if self._shown >= self.steps_spin.value():
            self._shown = 0
        self._shown += 1
        self._draw()

    def reset(self) -> None:
        """Show only the start point, ready to play or step."""
        self.pause()
        self._shown = 0
        self._draw()

    def set_controls_visible(self, visible: bool) -> None:
        """Plots only (F10): the control column, the 3-D switch and the hover readout hide
        and the surface takes the room; Space, S and R still play, step and reset the paths."""
        for control in (self.controls_area, self.surface_views.toggle, self.readout):
            control.setVisible(visible)

    def visible_plots(self) -> list[QWidget]:
        """The plots File > Export and Copy plot take from this tab."""
        return [self.plot]

    def apply_style(self, style: Style) -> None:
        self._style = style
        self.plot.apply_style(style)
        self.surface_views.apply_style(style)
        self.controls.show_colours(self._colours())
        self._fit_labels()
        self._draw()

    def _colours(self) -> dict[str, str]:
        """Each optimizer's path colour in the current theme."""
        return {name: look.colour(self._style.theme) for name, look in PATH_LOOKS.items()}

    # --- behaviour --------------------------------------------------------------------------

    def _load_surface(self, name: str) -> None:
        surface = SURFACES[name]
        self.controls.show_surface(surface)
        self.plot.set_surface(surface)
        self.surface_views.set_surface(surface)
        self.set_start(surface.start)

    @Slot(int)
    def _on_surface_chosen(self, _index: int) -> None:
        self._load_surface(self.controls.surface_name())

    @Slot()
    def _on_default_start(self) -> None:
        self.set_start(SURFACES[self.controls.surface_name()].start)

    @Slot(float, float)
    def _on_start_requested(self, x: float, y: float) -> None:
        self.set_start((x, y))

    @Slot()
    def _recompute(self) -> None:
        """Recompute every checked path (long ones arrive later, in ``_show_paths``)."""
        request = PathRequest(SURFACES[self.controls.surface_name()],
                              self.controls.checked_learning_rates(), self._start,
                              self.steps_spin.value(), self.controls.gradient_method())
        paths = self.path_computer.request(request)
        if paths is not None:
            self._show_paths(paths)

    @Slot(object)
    def _show_paths(self, paths: dict[str, np.ndarray]) -> None:
        """Show new paths; when not playing, complete at once."""
        self._paths = paths
        steps = self.steps_spin.value()
        self._shown = min(self._shown, steps) if self.is_playing() else steps
        self.plot.fit_view(self._paths)
        self._draw()

    def _draw(self) -> None:
        revealed = {}
        for name, path in self._paths.items():
            points = path[: self._shown + 1]
            revealed[name] = points[np.isfinite(points).all(axis=1)]
        labels = {name: f"{OPTIMIZERS[name].__name__}  (lr {self.lr_spins[name].text()})"
                  for name in self._paths}
        self.plot.set_paths(revealed, self._colours(), labels)
        self.surface_views.set_paths(revealed, self._colours())
        self.status.setText(self._summary(revealed))
        self._fit_labels()

    def _summary(self, revealed: dict[str, np.ndarray]) -> str:
        """'after k steps: SGD f = 0.0133, ...' plus a hint for every diverged path."""
        surface = SURFACES[self.controls.surface_name()]
        parts, diverged = [], []
        for name, points in revealed.items():
            label = OPTIMIZERS[name].__name__
            if len(points) < min(self._shown + 1, len(self._paths[name])):
                diverged.append(f"{label} diverged after {len(points) - 1} steps")
            # No-break spaces keep each "name f = value" on one line when the text wraps.
            value = rounded(float(surface.f(*points[-1])))
            parts.append(f"{label} f = {value}".replace(" ", "\u00a0"))
        text = f"After {self._shown} steps: " + ", ".join(parts) if parts else ""
        if diverged:
            text += ". " + "; ".join(diverged) + ": lower its learning rate."
        return text

    @Slot(bool)
    def _on_play_toggled(self, playing: bool) -> None:
        if playing:
            self.play()
        else:
            self.pause()

    @Slot(int)
    def _on_speed_changed(self, steps_per_second: int) -> None:
        self._timer.setInterval(max(FRAME_INTERVAL_MS, round(1000 / steps_per_second)))

    @Slot()
    def _advance(self) -> None:
        speed = self.controls.speed_spin.value()
        per_frame = max(1, round(speed * self._timer.interval() / 1000))
        self._shown = min(self._shown + per_frame, self.steps_spin.value())
        if self._shown >= self.steps_spin.value():
            self.pause()
        self._draw()
