"""Threads and lifecycles: the training controller and its worker, background jobs, inference."""
