"""Questions about the form of an expression as written (the parser's evaluate=False trees).

In these trees a leading minus is Mul(-1, term), a division is Mul(numerator, Pow(den, -1)) and
nothing is simplified, so 2(x+1) and 2x+2 stay different.
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy

Node = tuple


def evaluate_tree(expr: sympy.Basic) -> sympy.Basic:
    """The ordinary (evaluated) SymPy object for a tree built with evaluate=False."""
    if not expr.args or expr.is_Atom:
        return expr
    return expr.func(*(evaluate_tree(a) for a in expr.args))


def degree_bound(expr: sympy.Basic, other: float = float("inf")) -> float:
    """An upper bound on the polynomial degree, found without expanding anything. Parts that
    are not polynomial (sin(x), sqrt(x)) count as `other`: as generators, pass 1."""
    if expr.is_Symbol:
        return 1
    if not expr.free_symbols:
        return 0
    if expr.is_Add:
        return max(degree_bound(a, other) for a in expr.args)
    if expr.is_Mul:
        return sum(degree_bound(a, other) for a in expr.args)
    if expr.is_Pow and expr.exp.is_Integer:
        return abs(int(expr.exp)) * degree_bound(expr.base, other)
    return other


def walk(expr: sympy.Basic) -> Iterator[sympy.Basic]:
    yield expr
    for arg in expr.args:
        yield from walk(arg)


def is_sign_marker(expr: sympy.Basic) -> bool:
    return expr == sympy.S.NegativeOne


def product_factors(expr: sympy.Basic) -> list[sympy.Basic]:
    """Factors of a product as written, flattening nested products and dropping signs."""
    if expr.is_Mul:
        factors: list[sympy.Basic] = []
        for arg in expr.args:
            factors.extend(product_factors(arg))
        return factors
    return [expr]


def is_rational_sum(expr: sympy.Basic) -> bool:
    """A sum of plain numbers such as (3+4), which any simplifier would just add up."""
    return expr.is_Add and all(evaluate_tree(a).is_Rational for a in expr.args)


# canonical form up to commutativity and associativity ------------------------------
def canonical(expr: sympy.Basic) -> Node:
    """A hashable form equal for trees that differ only by the order of + * and, or, =."""
    if expr.is_Number:
        if expr.is_negative:
            return ("neg", canonical(-expr))
        return ("num", type(expr).__name__, str(expr))
    if expr.is_Symbol:
        return ("sym", expr.name)
    if expr.is_Atom:
        return ("atom", str(expr))
    if expr.is_Add:
        return ("add",) + tuple(sorted(canonical(a) for a in _flatten(expr, sympy.Add)))
    if expr.is_Mul:
        return _canonical_product(expr)
    if not expr.is_Pow and isinstance(expr, sympy.exp):
        return ("pow", ("atom", "E"), canonical(expr.args[0]))
    if isinstance(expr, (sympy.Eq, sympy.Ne)):
        return (type(expr).__name__,) + tuple(sorted(canonical(a) for a in expr.args))
    if isinstance(expr, (sympy.And, sympy.Or)):
        return (type(expr).__name__,) + tuple(
            sorted(canonical(a) for a in _flatten(expr, expr.func))
        )
    name = "pow" if expr.is_Pow else type(expr).__name__
    return (name,) + tuple(canonical(a) for a in expr.args)


def _flatten(expr: sympy.Basic, kind: type) -> list[sympy.Basic]:
    items: list[sympy.Basic] = []
    for arg in expr.args:
        items.extend(_flatten(arg, kind) if isinstance(arg, kind) else [arg])
    return items


def _canonical_product(expr: sympy.Basic) -> Node:
    """Signs come out of products: x*(-y), -x*y and -(x*y) are one form; (-x)*(-x) is not x*x."""
    negations, parts = 0, []
    for factor in product_factors(expr):
        if is_sign_marker(factor):
            negations += 1
            continue
        node = canonical(factor)
        while node[0] == "neg":
            negations += 1
            node = node[1]
        parts.append(node)
    node = ("mul",) + tuple(sorted(parts)) if len(parts) != 1 else parts[0]
    for _ in range(negations):
        node = ("neg", node)
    return node
