"""The frame every dashboard plot shares: a header (title, hover readout, controls) above a
pyqtgraph view, and the dirty-flag protocol of the redraw timer.

Snapshots arrive up to 20 times a second but the screen is redrawn by one GUI timer at ~30 Hz:
data handlers only store values and call ``mark_dirty()``; ``refresh()`` (called by the timer)
pushes them to pyqtgraph with ``setData`` once, and only when something changed.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Slot
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.style import Style, fix_left_axis_width, style_plot
from gui.widgets.plots.data_height import DataHeightKeeper
from gui.widgets.plots.tick_grid import TickGrid


class PlotPanel(QWidget):
    """Base class: subclasses build their items in ``__init__`` and implement ``_redraw``."""

    show_grid = True

    def __init__(self, title: str, tooltip: str, style: Style,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self._dirty = False
        self._title_text = title
        self._short_title = title  # see set_short_title
        self._detail = ""
        self._title = QLabel(f"<b>{title}</b>")
        self._title.setToolTip(tooltip)
        # as tall as a spin box, so headers with and without controls line up side by side
        self._title.setMinimumHeight(QDoubleSpinBox().sizeHint().height())
        self._notice = QLabel()  # on its own line under the header, wrapped when narrow
        self._notice.setVisible(False)
        self._notice.setWordWrap(True)
        # what the plot shows now may be long: it never widens the window (a narrow panel
        # cuts it short rather than pushing the window off the screen)
        self._title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._title.setWordWrap(True)  # a long detail on two lines rather than cut
        self._title.installEventFilter(self)
        self._readout = QLabel()
        self._readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._readout.setToolTip("Exact values under the mouse pointer.")
        self._header = QHBoxLayout()
        self._header.setContentsMargins(4, 0, 4, 0)
        self._header.addWidget(self._title, 1)
        self._header.addWidget(self._readout)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._layout.setSpacing(2)
        self._layout.addLayout(self._header)
        # the header's controls move here when the title and they do not fit side by side
        self._control_row = QHBoxLayout()
        self._control_row.setContentsMargins(4, 0, 4, 0)
        self._control_row.addStretch(1)
        self._layout.addLayout(self._control_row)
        self._controls_below = False
        self._controls: list[QWidget] = []
        self._layout.addWidget(self._notice)
        self._body: pg.GraphicsView | None = None
        self._grids: dict[pg.PlotItem, TickGrid] = {}
        self._data_keeper: DataHeightKeeper | None = None  # see keep_data_height()

    def add_header_widget(self, widget: QWidget) -> None:
        """Put a control (a spin box, a check box) at the right end of the header."""
        (self._control_row if self._controls_below else self._header).addWidget(widget)
        self._controls.append(widget)
        self._place_controls()

    def set_controls_visible(self, visible: bool) -> None:
        """Show or hide the header's controls (plots only, F10); title and readout stay."""
        for control in self._controls:
            control.setVisible(visible)
        self._place_controls()

    def _place_controls(self) -> None:
        """Controls beside the title while the title's name fits next to them, else on a
        row of their own (large text on a narrow panel cut 'Loss' to 'Los')."""
        shown = [control for control in self._controls if not control.isHidden()]
        title_font = QFont(self.font())
        title_font.setBold(True)
        needed = (QFontMetrics(title_font).horizontalAdvance(self._title_text + "M")
                  + self._readout.sizeHint().width()
                  + sum(control.sizeHint().width() + self._header.spacing() for control in shown)
                  + 2 * self._header.contentsMargins().left() + 4)
        below = bool(shown) and needed > self.width()
        if below == self._controls_below:
            return
        self._controls_below = below
        source, target = ((self._header, self._control_row) if below
                          else (self._control_row, self._header))
        for control in self._controls:
            source.removeWidget(control)
            target.addWidget(control)

    def keep_data_height(self) -> None:
        """From now on the panel's minimum height leaves its data MIN_DATA_HEIGHT
        (gui.widgets.plots.data_height): the view that lays the panel out decides (a grid of many
        small plots could not)."""
        self._data_keeper = DataHeightKeeper(self, self._view_boxes, self._data_height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        if self._data_keeper is None:
            return hint
        return QSize(hint.width(), max(hint.height(), self._data_keeper.minimum_height()))

    def _data_height(self) -> float:
        """The height of the data area: the shortest view box (one row of plots)."""
        return min((box.height() for box in self._view_boxes()), default=0.0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_controls()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._title and event.type() == QEvent.Type.Resize:
            self._show_title()  # the title's room changed (a readout, controls moved)
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._place_controls()
            self._show_title()

    def set_title_detail(self, detail: str) -> None:
        """Say what the plot shows now after its title ('iteration 120')."""
        self._detail = detail
        self._show_title()

    def set_short_title(self, title: str) -> None:
        """A shorter name for the header when the title and its detail would need two
        lines ('Activations · iteration 120'): a line of header is a line less of data."""
        self._short_title = title
        self._show_title()

    def _show_title(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        detail = f"  {self._detail}" if self._detail else ""
        room = self._title.width() - 2 * self._title.margin() - 4
        title = self._title_text
        if (QFontMetrics(bold).horizontalAdvance(title)
                + QFontMetrics(self.font()).horizontalAdvance(detail)) > room:
            title = self._short_title
        self._title.setText(f"<b>{title}</b>{detail}")

    def set_notice(self, text: str) -> None:
        """A warning in the header ('settings changed: press R to apply'), '' for none."""
        self._notice.setText(text)
        self._notice.setVisible(bool(text))

    def notice(self) -> str:
        return self._notice.text()

    def set_body(self, view: pg.GraphicsView, holder: QWidget | None = None) -> None:
        """The pyqtgraph view below the header; it takes all the remaining space, or
        ``holder``, a widget holding the view (an AspectFrame), does."""
        self._body = view
        view.setBackground(self.style.theme.background)
        self._layout.addWidget(holder or view, 1)

    @Slot(str)
    def show_readout(self, text: str) -> None:
        self._readout.setText(text)

    def mark_dirty(self) -> None:
        self._dirty = True

    def refresh(self) -> None:
        """Push stored data to the screen if it changed since the last call (timer-driven)."""
        if self._dirty:
            self._dirty = False
            self._redraw()
            for view_box in self._view_boxes():
                # pyqtgraph fits the range and the view transform while painting, and the
                # curves then ask for a second paint; doing both now draws each update once
                view_box.updateAutoRange()
                view_box.updateMatrix()

    @property
    def grids(self) -> list[TickGrid]:
        """The grid of each plot (none when ``show_grid`` is off)."""
        return list(self._grids.values())

    def _plot_items(self) -> list[pg.PlotItem]:
        """This panel's plots (one, or one per histogram)."""
        raise NotImplementedError

    def _view_boxes(self) -> list[pg.ViewBox]:
        return [item.getViewBox() for item in self._plot_items()]

    def apply_style(self, style: Style) -> None:
        """Background, axes and grid of every plot in ``style``, with the left axis as wide
        as its widest labels once (a live plot's axis that resizes relayouts every update);
        subclasses recolour their own items."""
        self.style = style
        self._body.setBackground(style.theme.background)
        self._notice.setStyleSheet(f"color: {style.theme.warning}; font-weight: bold")
        for item in self._plot_items():
            self._style_item(item, style)
        self.mark_dirty()

    def _style_item(self, item: pg.PlotItem, style: Style) -> None:
        """Axes and grid of one plot in ``style`` (also for a plot added after the others)."""
        style_plot(item, style)
        fix_left_axis_width(item, style)
        if self.show_grid:
            if item not in self._grids:
                self._grids[item] = TickGrid(item)
            self._grids[item].apply_style(style)
        if self._data_keeper is not None:
            self._data_keeper.watch()  # a plot added since (a deeper network's histograms)

    def clear(self) -> None:
        """Forget the data of the current run."""
        raise NotImplementedError

    def _redraw(self) -> None:
        raise NotImplementedError
