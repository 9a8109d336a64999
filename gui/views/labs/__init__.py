"""The Labs tab: chapters 3 to 5 of the book, live (functions, derivatives, the gradient,
the computational graph, the gradient check)."""
