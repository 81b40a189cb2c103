"""Bearer tokens this process has looked up lately, so an API request costs no query to say who
is asking.

An entry holds what ``users.use_token`` found (the user, the user's learner, the token's scopes
and expiry) for at most ``seconds``. Safety:

- a token revoked, or a role changed, by this process drops every entry as soon as that change
  commits (``users.accounts_changed``), so it takes effect at the next request;
- one changed by another process takes effect here within ``seconds`` (the Settings'
  ``token_cache_seconds``, 2 s by default; 0 looks every token up on every request);
- expiry is checked on every use against the stored time, not when the entry was made;
- an unknown token is never remembered: each try of a wrong secret costs its query.

Users and learners come back attached to the caller's session (``merge(load=False)``: no
query), so requests never share ORM objects.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session, make_transient_to_detached

from tutor.accounts import users
from tutor.accounts.users import account_changes
from tutor.engine.reviews import as_utc
from tutor.store.models import Learner, User, utcnow

MAX_ENTRIES = 10_000
T = TypeVar("T", User, Learner)


@dataclass(frozen=True)
class _Entry:
    user: User
    learner: Learner | None
    scopes: frozenset[str]
    expires_at: datetime | None
    stored_at: float
    changes: int


@dataclass(frozen=True)
class CachedUse:
    """A token use, with the user's learner (None if it has none)."""

    user: User
    learner: Learner | None
    scopes: frozenset[str]
    expired: bool


def _snapshot(row: T) -> T:
    """A copy of the row's columns that belongs to no session: the row itself belongs to the
    request that read it, whose rollback would expire it under the feet of other requests."""
    mapper = inspect(row).mapper
    copy = mapper.class_(**{attr.key: getattr(row, attr.key) for attr in mapper.column_attrs})
    make_transient_to_detached(copy)
    return copy


class TokenCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def use(self, session: Session, secret: str) -> CachedUse | None:
        """Who the token speaks for, or None for an unknown or revoked one."""
        key = hashlib.sha256(secret.encode()).hexdigest()
        entry = self._entries.get(key)
        now = time.monotonic()
        if (
            entry is None
            or entry.changes != account_changes.count
            or now - entry.stored_at >= self.seconds
        ):
            entry = self._look_up(session, secret, key, now)
            if entry is None:
                return None
        user = session.merge(entry.user, load=False)
        learner = session.merge(entry.learner, load=False) if entry.learner is not None else None
        expired = entry.expires_at is not None and as_utc(entry.expires_at) <= utcnow()
        return CachedUse(user, learner, entry.scopes, expired)

    def _look_up(self, session: Session, secret: str, key: str, now: float) -> _Entry | None:
        changes = account_changes.count  # read before the query: a change meanwhile is not missed
        found = users.use_token(session, secret)
        if found is None:
            with self._lock:
                self._entries.pop(key, None)
            return None
        learner = (
            session.get(Learner, found.user.learner_id)
            if found.user.learner_id is not None
            else None
        )
        entry = _Entry(
            _snapshot(found.user),
            _snapshot(learner) if learner is not None else None,
            found.scopes,
            found.expires_at,
            now,
            changes,
        )
        if self.seconds > 0:
            with self._lock:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries.clear()
                self._entries[key] = entry
        return entry
