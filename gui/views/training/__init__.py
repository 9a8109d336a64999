"""The Training tab: loss, accuracy and per-layer activation histograms of the live run."""
