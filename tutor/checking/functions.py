"""The whitelist of functions: names a learner (or a template author) may call,
and what they build."""

from __future__ import annotations

from collections.abc import Callable

import sympy

LEARNER_FUNCTIONS: dict[str, Callable[..., sympy.Basic]] = {
    "sqrt": sympy.sqrt,
    "cbrt": sympy.cbrt,
    "root": sympy.root,
    "abs": sympy.Abs,
    "exp": sympy.exp,
    "ln": sympy.log,
    "log": sympy.log,
    "factorial": sympy.factorial,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "cosec": sympy.csc,
    "cot": sympy.cot,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "asec": sympy.asec,
    "acsc": sympy.acsc,
    "acot": sympy.acot,
    "arcsin": sympy.asin,
    "arccos": sympy.acos,
    "arctan": sympy.atan,
    "arcsec": sympy.asec,
    "arccsc": sympy.acsc,
    "arccosec": sympy.acsc,
    "arccot": sympy.acot,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "sech": sympy.sech,
    "csch": sympy.csch,
    "coth": sympy.coth,
    "cosech": sympy.csch,
    "asinh": sympy.asinh,
    "acosh": sympy.acosh,
    "atanh": sympy.atanh,
    "acoth": sympy.acoth,
    "arsinh": sympy.asinh,
    "arcosh": sympy.acosh,
    "artanh": sympy.atanh,
    "arcoth": sympy.acoth,
    "arcsinh": sympy.asinh,
    "arccosh": sympy.acosh,
    "arctanh": sympy.atanh,
    "arccoth": sympy.acoth,
    "asech": sympy.asech,
    "acsch": sympy.acsch,
    "arcsech": sympy.asech,
    "arccsch": sympy.acsch,
    "binomial": sympy.binomial,
    "sign": sympy.sign,
    "sgn": sympy.sign,
    "signum": sympy.sign,
    "atan2": sympy.atan2,
    "arctan2": sympy.atan2,
    "floor": sympy.floor,
    "ceiling": sympy.ceiling,
    "ceil": sympy.ceiling,
    "max": sympy.Max,
    "min": sympy.Min,
}
# Authors' versions of these run guarded when their arguments are symbolic (tutor.checking.builder).
AUTHOR_FIRST = frozenset({"floor", "ceiling"})
# How many arguments each function takes (default exactly one).
ARITY: dict[str, tuple[int, int]] = {
    "log": (1, 2),
    "lg": (1, 2),
    "root": (2, 2),
    "diff": (2, 3),
    "integrate": (2, 4),
    "round": (1, 2),
    "min": (1, 20),
    "max": (1, 20),
    "binomial": (2, 2),
    "atan2": (2, 2),
    "arctan2": (2, 2),
    "gcd": (2, 2),
    "lcm": (2, 2),
    "mod": (2, 2),
    "quotient": (2, 2),
}
AUTHOR_OPERATIONS = frozenset(
    {
        "expand",
        "factor",
        "simplify",
        "diff",
        "integrate",
        "round",
        "floor",
        "ceiling",
        "min",
        "max",
        "gcd",
        "lcm",
        "mod",
        "quotient",
    }
)
# sin^-1(x) means the inverse function, not 1/sin(x).
INVERSES = {
    "sin": "asin",
    "cos": "acos",
    "tan": "atan",
    "sec": "asec",
    "csc": "acsc",
    "cosec": "acsc",
    "cot": "acot",
    "sinh": "asinh",
    "cosh": "acosh",
    "tanh": "atanh",
    "coth": "acoth",
}
# Functions written with a power before their argument: sin^2(x), log^2(2n) mean (f(x))^2.
TRIG_POWERABLE = frozenset(INVERSES) | {"sech", "csch", "log", "ln", "lg", "log10"}
CONSTANTS = {
    "pi": sympy.pi,
    "e": sympy.E,
    "i": sympy.I,
    "oo": sympy.oo,
    "inf": sympy.oo,
    "infinity": sympy.oo,
}
KEYWORDS = frozenset({"and", "or", "not"})
# Names a learner could plausibly mean as a product, used only to suggest a fix.
GREEK_NAMES = frozenset(
    {
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "rho",
        "sigma",
        "tau",
        "phi",
        "chi",
        "psi",
        "omega",
    }
)


# A question's own function names (option functions: [f, g]) travel with its variable names,
# marked so: "f()" declares f as a function of any number of arguments.
DECLARED_FUNCTION = "()"

ALIASES = frozenset({"log10", "lg"})  # logarithms to base 10 unless a base is given


def known_function(name: str, author: bool) -> bool:
    return name in LEARNER_FUNCTIONS or name in ALIASES or (author and name in AUTHOR_OPERATIONS)
