"""Learners: anonymous ones made on first visit, and finding one by its cookie."""

from __future__ import annotations

import secrets

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from tutor.store.models import Learner, User


def new_learner(session: Session) -> Learner:
    learner = Learner(public_id=secrets.token_urlsafe(24))
    session.add(learner)
    session.flush()
    return learner


def find_learner(session: Session, public_id: str | None) -> Learner | None:
    """The anonymous learner an anonymous cookie names. A learner that an account has taken over
    is never found this way: only a signed-in session reaches it."""
    if not isinstance(public_id, str) or not public_id or len(public_id) > 64:
        return None
    return session.scalar(
        select(Learner).where(
            Learner.public_id == public_id, ~exists().where(User.learner_id == Learner.id)
        )
    )
