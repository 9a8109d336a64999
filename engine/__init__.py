"""The NumPy engine: the book's chapters 3-6 as small modules. Never imports Qt."""

__version__ = "0.1.0"  # nndash's version: pyproject.toml, the About box and --version read it
