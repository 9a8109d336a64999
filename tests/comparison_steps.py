"""What a lecturer does to build a comparison by hand, for the Compare and Runs tab tests."""


def add_two_seeds(window, epochs: int, seed: int, *, dataset: str | None = "spiral",
                  batch_size: int | None = None) -> None:
    """Put the setup in the hand-built comparison twice: as it is, then with ``seed``
    (``dataset`` None: the data set the window has selected, e.g. an opened folder)."""
    if dataset is not None:
        window.setup.data.set_dataset(dataset)
    window.setup.training.epochs_box.setValue(epochs)
    if batch_size is not None:
        window.setup.training.batch_box.setValue(batch_size)
    window.add_to_comparison()
    window.setup.training.seed_box.setValue(seed)
    window.add_to_comparison()
