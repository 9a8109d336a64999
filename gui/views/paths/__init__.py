"""The Optimizer paths tab: the book's optimizers stepping on 2-D surfaces f(x, y)."""
