"""The NumPy engine: the book's chapters 3-6 as small modules. Never imports Qt."""
