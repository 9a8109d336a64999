"""Two-variable functions f(x, y) with analytic gradients, for drawing optimizer paths.

Every ``f`` and ``grad`` works elementwise on scalars or on meshgrids of any shape:
``surface.f(X, Y) -> Z`` and ``surface.grad(X, Y) -> (dfdx, dfdy)``, each with the shape of X.
``SURFACES`` is the registry the GUI's surface list is filled from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

BOOK_LEARNING_RATES: dict[str, float] = {"sgd": 0.95, "momentum": 0.1, "adagrad": 1.5, "adam": 0.3}
"""The learning rates of the book's optimizer comparison on x**2/20 + y**2 (figure 6-8)."""

Function = Callable[[np.ndarray, np.ndarray], np.ndarray]
Gradient = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True, eq=False)
class Surface:
    """A function to descend, with what a plot of it needs.

    ``start`` is the default starting point, ``x_range``/``y_range`` the view, ``minima`` the
    known minima to mark, ``learning_rates`` a suggested lr per optimizer name that gives a
    readable path in ``steps`` steps, ``log_scale`` whether shading and contour levels should be
    logarithmic (non-negative functions with a deep, flat valley).
    """

    title: str
    formula: str
    f: Function
    grad: Gradient
    start: tuple[float, float]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    minima: tuple[tuple[float, float], ...] = ()
    learning_rates: Mapping[str, float] = field(default_factory=dict)
    steps: int = 30
    log_scale: bool = True
    description: str = ""

    def grid(
        self,
        resolution: int = 200,
        x_range: tuple[float, float] | None = None,
        y_range: tuple[float, float] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sample f over the view (or the given ranges): xs (resolution,), ys (resolution,),
        z (resolution, resolution) with z[i, j] = f(xs[j], ys[i]) (rows follow y)."""
        xs = np.linspace(*(x_range or self.x_range), resolution)
        ys = np.linspace(*(y_range or self.y_range), resolution)
        X, Y = np.meshgrid(xs, ys)
        return xs, ys, self.f(X, Y)

    def shade(self, z: np.ndarray) -> np.ndarray:
        """Values to colour a heatmap by: log10(1 + z - min z) on a log-scale surface, else z."""
        if self.log_scale:
            return np.log10(1.0 + z - z.min())
        return z

    def contour_levels(self, z: np.ndarray, count: int = 12) -> np.ndarray:
        """``count`` contour levels over the range of ``z``, spaced like ``shade`` (geometric
        above the minimum on a log-scale surface, so the flat valley still gets its lines);
        none when z is constant."""
        low, high = float(z.min()), float(z.max())
        if high <= low:
            return np.empty(0)
        if self.log_scale:
            span = high - low
            return low + np.geomspace(span * 1e-4, span, count + 1)[:-1]
        return np.linspace(low, high, count + 2)[1:-1]


def _book(x, y):
    return x**2 / 20.0 + y**2


def _book_grad(x, y):
    return x / 10.0, 2.0 * y


def _bowl(x, y):
    return x**2 + y**2


def _bowl_grad(x, y):
    return 2.0 * x, 2.0 * y


def _sin_r(x, y):
    return np.sin(np.hypot(x, y))


def _sin_r_grad(x, y):
    # d/dx sin(r) = cos(r) * x / r; at r = 0 the cone's tip has no gradient, we take 0
    # (which is also what a central difference gives there).
    r = np.asarray(np.hypot(x, y), dtype=float)
    slope = np.divide(np.cos(r), r, out=np.zeros_like(r), where=r > 0)
    return slope * x, slope * y


def _rosenbrock(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    ridge = y - x**2
    return -2.0 * (1.0 - x) - 400.0 * x * ridge, 200.0 * ridge


def _himmelblau(x, y):
    return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2


def _himmelblau_grad(x, y):
    a = x**2 + y - 11.0
    b = x + y**2 - 7.0
    return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def _saddle(x, y):
    return x**2 - y**2


def _saddle_grad(x, y):
    return 2.0 * x, -2.0 * y


def _beale_terms(x, y):
    return (1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3)


def _beale(x, y):
    a, b, c = _beale_terms(x, y)
    return a**2 + b**2 + c**2


def _beale_grad(x, y):
    a, b, c = _beale_terms(x, y)
    dfdx = 2.0 * (a * (y - 1.0) + b * (y**2 - 1.0) + c * (y**3 - 1.0))
    dfdy = 2.0 * x * (a + 2.0 * b * y + 3.0 * c * y**2)
    return dfdx, dfdy


def _rotated(x, y):
    # The book's valley turned by 45 degrees: u**2/20 + v**2 with u, v = (x + y, x - y)/sqrt(2).
    return (x + y) ** 2 / 40.0 + (x - y) ** 2 / 2.0


def _rotated_grad(x, y):
    along, across = (x + y) / 20.0, x - y
    return along + across, along - across


SURFACES: dict[str, Surface] = {
    "book": Surface(
        title="Book: x²/20 + y²",
        formula="f(x, y) = x²/20 + y²",
        f=_book, grad=_book_grad,
        start=(-7.0, 2.0), x_range=(-10.0, 10.0), y_range=(-5.0, 5.0), minima=((0.0, 0.0),),
        learning_rates={**BOOK_LEARNING_RATES, "nesterov": 0.1, "rmsprop": 0.3},
        description="The book's figure 6-8: a long flat valley, 20 times steeper in y than in x.",
    ),
    "bowl": Surface(
        title="Bowl: x² + y²",
        formula="f(x, y) = x² + y²",
        f=_bowl, grad=_bowl_grad,
        start=(-3.0, 4.0), x_range=(-5.0, 5.0), y_range=(-5.0, 5.0), minima=((0.0, 0.0),),
        learning_rates={"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 1.5,
                        "rmsprop": 0.3, "adam": 0.5},
        description="The book's function_2: round, every direction equally steep.",
    ),
    "sin-r": Surface(
        title="Ripple: sin(√(x² + y²))",
        formula="f(x, y) = sin(√(x² + y²))",
        f=_sin_r, grad=_sin_r_grad,
        start=(1.5, 1.0), x_range=(-8.0, 8.0), y_range=(-8.0, 8.0),
        learning_rates={"sgd": 0.2, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.5,
                        "rmsprop": 0.05, "adam": 0.2},
        log_scale=False,
        description="Rings of hills and valleys; the minimum is the whole circle r = 3π/2.",
    ),
    "rosenbrock": Surface(
        title="Rosenbrock",
        formula="f(x, y) = (1 − x)² + 100 (y − x²)²",
        f=_rosenbrock, grad=_rosenbrock_grad,
        start=(-1.2, 1.0), x_range=(-2.0, 2.0), y_range=(-1.0, 3.0), minima=((1.0, 1.0),),
        learning_rates={"sgd": 0.002, "momentum": 0.0005, "nesterov": 0.0005, "adagrad": 1.0,
                        "rmsprop": 0.05, "adam": 0.2},
        steps=300,
        description="A curved banana-shaped valley: easy to fall into, slow to follow.",
    ),
    "himmelblau": Surface(
        title="Himmelblau",
        formula="f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
        f=_himmelblau, grad=_himmelblau_grad,
        start=(-0.3, -0.9), x_range=(-5.0, 5.0), y_range=(-5.0, 5.0),
        minima=((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                (3.584428, -1.848126)),
        learning_rates={"sgd": 0.01, "momentum": 0.002, "nesterov": 0.002, "adagrad": 1.0,
                        "rmsprop": 0.2, "adam": 0.3},
        steps=50,
        description="Four equal minima: the starting point decides which one you find.",
    ),
    "saddle": Surface(
        title="Saddle: x² − y²",
        formula="f(x, y) = x² − y²",
        f=_saddle, grad=_saddle_grad,
        start=(-4.0, 0.05), x_range=(-5.0, 5.0), y_range=(-5.0, 5.0),
        learning_rates={"sgd": 0.1, "momentum": 0.02, "nesterov": 0.02, "adagrad": 0.5,
                        "rmsprop": 0.1, "adam": 0.1},
        log_scale=False,
        description="A saddle point at the origin: downhill in y, uphill in x. No minimum.",
    ),
    "beale": Surface(
        title="Beale",
        formula="f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        f=_beale, grad=_beale_grad,
        start=(1.0, 1.75), x_range=(-4.5, 4.5), y_range=(-4.5, 4.5), minima=((3.0, 0.5),),
        learning_rates={"sgd": 0.005, "momentum": 0.0005, "nesterov": 0.0005, "adagrad": 0.5,
                        "rmsprop": 0.05, "adam": 0.1},
        steps=200,
        description="Flat plateaus and steep walls: gradients range over many orders of magnitude.",
    ),
    "rotated": Surface(
        title="Rotated valley",
        formula="f(x, y) = (x + y)²/40 + (x − y)²/2",
        f=_rotated, grad=_rotated_grad,
        start=(-3.536, -6.364), x_range=(-8.0, 8.0), y_range=(-8.0, 8.0), minima=((0.0, 0.0),),
        learning_rates={**BOOK_LEARNING_RATES, "nesterov": 0.1, "rmsprop": 0.3},
        description="The book's valley turned 45°: per-weight methods (AdaGrad, RMSprop, Adam) "
        "lose the advantage they had when the valley followed an axis.",
    ),
}
