"""The Runs tab: the history of finished runs."""
