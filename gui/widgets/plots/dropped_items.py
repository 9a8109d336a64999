"""Dropping pyqtgraph items so that Qt, not Python's garbage collector, deletes them.

An item taken out of a plot or a layout is owned by its Python wrapper alone, usually inside a
reference cycle (curves, hover readouts and their signals point at each other). The cyclic
collector then frees it whenever it happens to run, in any order with its children: that
crashed the process now and then when a network's histogram plots were rebuilt. ``deleteLater``
hands the deletion to Qt's event loop, children first, and the wrapper left for the collector
refers to an object that is already gone.
"""

from __future__ import annotations

import pyqtgraph as pg


def remove_item(plot: pg.PlotItem, item: pg.GraphicsObject) -> None:
    """Take ``item`` (a curve, a marker) out of ``plot`` and have Qt delete it."""
    plot.removeItem(item)
    item.deleteLater()


def clear_layout(view: pg.GraphicsLayoutWidget) -> None:
    """Empty ``view``'s layout (``view.clear()``) and have Qt delete every item it held."""
    items = list(view.ci.items)
    view.clear()
    for item in items:
        item.deleteLater()
