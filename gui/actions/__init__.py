"""Menu actions with no layout of their own: files, export, presentation mode."""
