"""Who a request acts for: the signed-in user's learner, else the anonymous learner behind the
cookie, made on first need (and counted by the new-learner rate limit)."""

from __future__ import annotations

from typing import Literal, overload

from flask import g, session

from tutor.accounts import learners
from tutor.store.models import Learner
from tutor.web.auth import current_user
from tutor.web.ratelimits import count_new_learner
from tutor.web.requests import db

LEARNER_KEY = "learner"


@overload
def current_learner(create: Literal[True]) -> Learner: ...
@overload
def current_learner(create: bool = False) -> Learner | None: ...


def current_learner(create: bool = False) -> Learner | None:
    """The signed-in user's learner, else the anonymous one behind the cookie,
    made on first need."""
    if "learner" in g and (g.learner is not None or not create):
        return g.learner
    user = current_user()
    if user is not None:
        g.learner = db().get(Learner, user.learner_id)
        return g.learner
    public_id = session.get(LEARNER_KEY)
    learner = learners.find_learner(db(), public_id) if public_id else None
    if learner is None and create:
        count_new_learner()
        learner = learners.new_learner(db())
        session[LEARNER_KEY] = learner.public_id
        session.permanent = True
    g.learner = learner
    return learner
