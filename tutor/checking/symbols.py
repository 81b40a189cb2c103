"""Real symbols, made once per name.

SymPy works out a symbol's assumptions (real implies finite, commutative, ...) every time it
builds one its own cache no longer holds; the same few names (x, t, n, theta) recur in every
question, so they are kept here, bounded, whatever happens to SymPy's cache.
"""

from __future__ import annotations

from functools import lru_cache

import sympy


@lru_cache(maxsize=4096)
def real_symbol(name: str) -> sympy.Symbol:
    """The real SymPy symbol called `name` (the same object on every call)."""
    return sympy.Symbol(name, real=True)
