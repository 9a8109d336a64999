"""What every plot panel is made of: the panel frame, axes, ticks, legends, hover readouts,
hints and the growing curves' buffers (pyqtgraph helpers with no view of their own)."""
