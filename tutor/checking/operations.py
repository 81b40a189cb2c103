"""What a checking worker can be asked to do: the exact operations, and a whole answer check for
an expression too large for the web process's fast path."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from tutor.checking import exact
from tutor.checking.budget import Budget
from tutor.checking.check import check_with_budget
from tutor.checking.verdict import Verdict


def check(
    response: str, expected: str | sympy.Basic, test: str, options: dict, seconds: float
) -> Verdict:
    return check_with_budget(response, expected, test, options, Budget(seconds))


OPERATIONS: dict[str, Callable] = {**exact.OPERATIONS, "check": check}
