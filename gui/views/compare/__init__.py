"""The Compare tab: several runs of a comparison, overlaid and side by side."""
