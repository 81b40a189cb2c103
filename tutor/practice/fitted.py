"""The fitted parameters an answer uses, cached per process instead of read per answer.

`tutor mastery fit` writes BKT parameters per topic (``bkt_params``) and the live engine's
parameters per content version (``engine_params``); an answer needs both. ``FittedCache`` keeps
them in memory with a stamp of what it read (the content version, and the count and newest
``fitted_at`` of both tables): at most every ``check_seconds`` it reads the stamp again, one small
query, and reloads when the stamp moved. So a fit or a content change, made by any process, is
used by every app server within ``check_seconds``, the interval after which the catalog too
notices a content change (``tutor.curriculum.catalog.CatalogCache``). A fit or a content change
committed by this process is used at once (``fits_changed``, ``content_changed``). With 0 it
checks on every answer.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tutor.curriculum.catalog import content_changes
from tutor.practice import live_state
from tutor.practice.evidence import Fitted, ParamsTable, params_rows
from tutor.store.db import after_commit
from tutor.store.models import ContentState, EngineFit, FittedParams

_STAMP = select(
    select(ContentState.version).where(ContentState.id == 1).scalar_subquery(),
    select(func.count()).select_from(FittedParams).scalar_subquery(),
    select(func.max(FittedParams.fitted_at)).scalar_subquery(),
    select(func.count()).select_from(EngineFit).scalar_subquery(),
    select(func.max(EngineFit.fitted_at)).scalar_subquery(),
)


class _FitChanges:
    """How many fits this process has committed."""

    def __init__(self) -> None:
        self.count = 0

    def committed(self) -> None:
        self.count += 1


fit_changes = _FitChanges()


def fits_changed(session: Session) -> None:
    """Call when the session writes fitted parameters: once it commits, this process's caches
    read them again at their next use."""
    after_commit(session, fit_changes.committed)


def _changes() -> tuple[int, int]:
    return fit_changes.count, content_changes.count


def read_fitted(session: Session) -> Fitted:
    """Every topic's fitted BKT parameters and the live engine's, read now."""
    return Fitted(ParamsTable(params_rows(session, None)), live_state.engine_params(session))


class FittedCache:
    """One process's fitted parameters, checked against the database at most every
    ``check_seconds`` (see the module's docstring)."""

    def __init__(self, check_seconds: float = 0.0) -> None:
        self.check_seconds = check_seconds
        self._fitted: Fitted | None = None
        self._stamp: tuple[Any, ...] | None = None
        self._checked_at = -math.inf
        self._changes_seen = (-1, -1)
        self._lock = threading.Lock()

    def get(self, session: Session) -> Fitted:
        now, changes, fitted = time.monotonic(), _changes(), self._fitted
        if (
            fitted is not None
            and changes == self._changes_seen
            and now - self._checked_at < self.check_seconds
        ):
            return fitted
        stamp = tuple(session.execute(_STAMP).one())
        with self._lock:
            if self._fitted is None or stamp != self._stamp:
                self._fitted, self._stamp = read_fitted(session), stamp
            self._checked_at, self._changes_seen = now, changes
            return self._fitted
