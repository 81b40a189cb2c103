"""A deadline shared by the steps of one check; slow steps run guarded with what remains."""

from __future__ import annotations

import time
from typing import Any

from tutor.checking import guard
from tutor.checking.guard import BudgetExceeded


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise BudgetExceeded()

    def run(self, op: str, *args: Any) -> Any:
        """Run an exact SymPy operation in a worker; None if the worker failed (not timed out)."""
        self.check()
        try:
            result, waited = guard.run_timed(op, args, self.remaining())
        except guard.WorkerFailed:
            return None
        self.deadline += waited
        return result
