"""Plots, one file each."""
