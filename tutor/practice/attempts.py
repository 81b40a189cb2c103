"""Use cases on the learner model. They receive a session and only flush; the caller commits."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tutor.content import Topic
from tutor.curriculum.catalog import Catalog
from tutor.engine.mastery import DEFAULT_PARAMS, is_mastered
from tutor.errors import Conflict
from tutor.graph import KnowledgeGraph
from tutor.practice.evidence import Fitted, apply_attempt, lock_for_attempt
from tutor.questions import CompiledTemplate, Grade, Variant
from tutor.store.db import dialect_insert
from tutor.store.models import (
    PRACTICE,
    AnsweredVariant,
    Attempt,
    Goal,
    Learner,
    Mastery,
    utcnow,
)

RECENT_VARIANTS_AVOIDED = 5
SEED_CANDIDATES = 20


def current_seed(
    session: Session | None, learner: Learner | None, template: CompiledTemplate
) -> int:
    """The seed of the variant this learner is shown now: stable until they answer it.

    Among a few deterministic candidates, the first whose parameters differ from the learner's
    recent variants of the template is taken, so practice does not repeat a question while the
    template has room for others.
    """
    recent: list[int] = []
    if learner is not None and session is not None:  # no learner yet: no session needed
        recent = list(
            session.scalars(
                select(Attempt.seed)
                .where(
                    Attempt.learner_id == learner.id,
                    Attempt.topic_id == template.topic_id,
                    Attempt.template_id == template.id,
                    Attempt.part == 0,
                )
                .order_by(Attempt.id.desc())
            )
        )
    who = learner.public_id if learner else "anonymous"
    avoid = {template.signature(seed) for seed in recent[:RECENT_VARIANTS_AVOIDED]}
    candidates = (
        _seed_of(f"{who}/{template.topic_id}/{template.id}/{len(recent)}/{k}")
        for k in range(SEED_CANDIDATES)
    )
    first = next(candidates)
    if not avoid or template.signature(first) not in avoid:
        return first  # drawn lazily: a new learner's first candidate is always free
    return next((seed for seed in candidates if template.signature(seed) not in avoid), first)


def _seed_of(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") & 0x7FFFFFFF


@dataclass(frozen=True)
class RecordedAttempt:
    """An attempt as recording it left it: its row's id and the topic's estimate after it."""

    attempt_id: int
    p_known: float
    duplicate: bool


class AlreadyAnswered(Conflict):
    """This learner has answered this variant in practice before: it counts once."""

    def __init__(self, variant: Variant) -> None:
        super().__init__(
            f"You have answered this question ({variant.template_id}, seed {variant.seed}) "
            "already; each question counts once. Ask for the next one."
        )


def record_answer(
    session: Session,
    learner: Learner,
    variant: Variant,
    grades: list[Grade],
    responses: list[str],
    idempotency_key: str | None = None,
    graph: KnowledgeGraph | None = None,
    duration_ms: int | None = None,
    fitted: Fitted | None = None,
) -> list[RecordedAttempt]:
    """Record a practice answer (one attempt a part, each with the answer's ``duration_ms``),
    once per variant and learner.

    The answer is one observation of the topic, right when every part is: the parts of one
    question are answered from one state of knowledge at one moment, so they are not separate
    evidence (a guess that gets one part right is no more likely to get the next). Placement and
    "I know this" checks count a question the same way, and so does the attempt log the engine
    is fitted on (``question_answers``).

    A retry with the same idempotency key returns the first answer's attempts. Any other second
    answer to the variant raises AlreadyAnswered: the first answer's feedback shows the right
    answer, so only the first may move mastery.
    """
    key = idempotency_key or None
    if not _claim_variant(session, learner, variant):
        # Answered before: a retry (of a first try committed, even meanwhile) gets that answer.
        if key is not None and _attempt_with_key(session, learner, key, 0) is not None:
            return [
                _duplicate(session, _attempt_with_key(session, learner, key, i))
                for i in range(len(grades))
            ]
        raise AlreadyAnswered(variant)
    recorded = _record(
        session, learner, variant, grades, responses, key, duration_ms, graph, fitted
    )
    if recorded[0].duplicate:  # the key was used before, for another question: this one counts not
        session.execute(
            delete(AnsweredVariant).where(
                AnsweredVariant.learner_id == learner.id,
                AnsweredVariant.topic_id == variant.topic_id,
                AnsweredVariant.template_id == variant.template_id,
                AnsweredVariant.template_revision == variant.revision,
                AnsweredVariant.seed == variant.seed,
            )
        )
    return recorded


def _claim_variant(session: Session, learner: Learner, variant: Variant) -> bool:
    """Insert the (learner, variant) row; False when it was there already."""
    return (
        session.connection()
        .execute(
            _insert_claim(session.get_bind().dialect.name),
            {
                "learner_id": learner.id,
                "topic_id": variant.topic_id,
                "template_id": variant.template_id,
                "template_revision": variant.revision,
                "seed": variant.seed,
                "created_at": utcnow(),
            },
        )
        .first()
        is not None
    )


@functools.cache
def _insert_claim(dialect_name: str) -> Any:
    # SQLAlchemy Core on the table, built once per dialect: no ORM machinery for one row.
    table = AnsweredVariant.__table__
    return dialect_insert(dialect_name, table).on_conflict_do_nothing().returning(table.c.seed)


def record_attempt(
    session: Session,
    learner: Learner,
    variant: Variant,
    grade: Grade,
    response: str,
    idempotency_key: str | None = None,
    duration_ms: int | None = None,
    graph: KnowledgeGraph | None = None,
    fitted: Fitted | None = None,
) -> RecordedAttempt:
    """Append the answer to a one-part question and update mastery (``record_answer`` without
    the once-per-variant claim); a repeated idempotency key returns the first one."""
    key = idempotency_key or None
    recorded = _record(
        session, learner, variant, [grade], [response], key, duration_ms, graph, fitted
    )
    return recorded[0]


def _record(
    session: Session,
    learner: Learner,
    variant: Variant,
    grades: list[Grade],
    responses: list[str],
    idempotency_key: str | None,
    duration_ms: int | None,
    graph: KnowledgeGraph | None,
    fitted: Fitted | None,
) -> list[RecordedAttempt]:
    """Append one attempt row a part and fold the answer into mastery as one observation.

    With the graph, the evidence also flows to prerequisites (see ``tutor.practice.evidence``).
    The mastery rows the answer changes are locked before its attempts are appended, so the
    attempts of one learner on one topic get their ids in the order their updates were applied:
    replaying the log by id gives the stored mastery, however many workers answered at once.
    The attempts go in with ON CONFLICT DO NOTHING on their idempotency key: a retry, even one
    racing the first request, inserts nothing and reports the stored attempts. ``fitted`` gives
    the fitted parameters when the caller has them cached (``tutor.practice.fitted``).
    """
    now = utcnow()
    rows = [
        attempt_values(
            learner,
            variant,
            grade,
            response,
            part,
            PRACTICE,
            duration_ms=duration_ms,
            idempotency_key=idempotency_key,
            created_at=now,
        )
        for part, (grade, response) in enumerate(zip(grades, responses, strict=True))
    ]
    correct = all(g.correct for g in grades)
    mistake = next((r["mistake_prerequisite"] for r in rows if r["mistake_prerequisite"]), None)
    locked = lock_for_attempt(
        session, learner.id, variant.topic_id, correct, mistake, graph, now, fitted
    )
    attempt_ids = [_insert_attempt_row(session, values) for values in rows]
    if None in attempt_ids:  # the key is taken: this is a retry
        return [
            _duplicate(session, _attempt_with_key(session, learner, idempotency_key or "", part))
            for part in range(len(rows))
        ]
    result = apply_attempt(  # writes the changed rows and the engine state
        session,
        learner.id,
        variant.topic_id,
        correct,
        mistake,
        graph,
        now,
        locked,
        variant.template_id,
        duration_ms,
    )
    return [RecordedAttempt(i, result.p_known, False) for i in attempt_ids if i is not None]


Asked = TypeVar("Asked")


def question_answers(
    rows: Iterable[tuple[int, int, Asked, bool, datetime]],
) -> list[tuple[int, Asked, bool, datetime]]:
    """Attempt rows (learner, part, topic, correct, created at), in id order, as the
    observations mastery was updated with: one per answered question (learner, topic, correct,
    created at), right when every part is. The parts of one answer follow its first part among
    the learner's rows, as ``record_answer`` appends them under the learner's lock. The topic
    may be anything that names what was asked (a topic and template, say); it is passed
    through."""
    answers: list[tuple[int, Asked, bool, datetime]] = []
    last: dict[int, int] = {}  # learner -> index in answers of their latest first part
    for learner_id, part, topic_id, correct, at in rows:
        if part and learner_id in last:
            i = last[learner_id]
            answers[i] = (*answers[i][:2], answers[i][2] and bool(correct), answers[i][3])
            continue
        last[learner_id] = len(answers)
        answers.append((learner_id, topic_id, bool(correct), at))
    return answers


def attempt_values(
    learner: Learner,
    variant: Variant,
    grade: Grade,
    response: str,
    part: int,
    source: str,
    **more: Any,
) -> dict[str, Any]:
    """The columns of one part's attempt row, as every kind of answer logs it."""
    return {
        "learner_id": learner.id,
        "topic_id": variant.topic_id,
        "template_id": variant.template_id,
        "template_revision": variant.revision,
        "seed": variant.seed,
        "part": part,
        "response": response,
        "correct": grade.correct,
        "score": grade.verdict.score,
        "note": grade.note,
        "feedback": grade.feedback,
        "mistake_prerequisite": grade.mistake.prerequisite if grade.mistake else None,
        "parameters": logged_parameters(variant.values),
        "source": source,
        **more,
    }


def logged_parameters(values: Mapping[str, Any]) -> dict[str, str]:
    """A variant's parameter values as attempts keep them: an object of strings."""
    return {name: str(value) for name, value in values.items()}


def _insert_attempt_row(session: Session, values: dict[str, Any]) -> int | None:
    """The attempt's id, inserted; None when its idempotency key is taken."""
    return (
        session.connection()
        .execute(_insert_attempt(session.get_bind().dialect.name), values)
        .scalar_one_or_none()
    )


@functools.cache
def _insert_attempt(dialect_name: str) -> Any:
    # SQLAlchemy Core on the table, built once per dialect so that it is compiled once: an ORM
    # insert returning the entity would build an object nobody reads.
    table = Attempt.__table__
    statement = dialect_insert(dialect_name, table)
    return statement.on_conflict_do_nothing(
        index_elements=[table.c.learner_id, table.c.idempotency_key, table.c.part]
    ).returning(table.c.id)


def _attempt_with_key(session: Session, learner: Learner, key: str, part: int) -> Attempt | None:
    return session.scalar(
        select(Attempt).where(
            Attempt.learner_id == learner.id, Attempt.idempotency_key == key, Attempt.part == part
        )
    )


def _duplicate(session: Session, existing: Attempt | None) -> RecordedAttempt:
    if existing is None:  # the key's owner was rolled back after all: the client should retry
        raise IntegrityError("idempotency key in use by an unfinished request", None, Exception())
    mastery = session.get(Mastery, (existing.learner_id, existing.topic_id))
    return RecordedAttempt(existing.id, mastery.p_known if mastery else DEFAULT_PARAMS.p_init, True)


def mastery_map(session: Session, learner: Learner | None) -> dict[str, Mastery]:
    if learner is None:
        return {}
    rows = session.scalars(select(Mastery).where(Mastery.learner_id == learner.id))
    return {m.topic_id: m for m in rows}


def mastered_topics(session: Session, learner: Learner | None) -> set[str]:
    return {
        tid
        for tid, m in mastery_map(session, learner).items()
        if is_mastered(m.p_known, m.claimed_known)
    }


def set_goal(session: Session, catalog: Catalog, learner: Learner, topic_id: str) -> Goal:
    catalog.topic(topic_id)
    goal = session.scalar(
        select(Goal).where(Goal.learner_id == learner.id, Goal.topic_id == topic_id)
    )
    if goal is None:
        goal = Goal(learner_id=learner.id, topic_id=topic_id)
        session.add(goal)
        session.flush()
    return goal


def clear_goal(session: Session, learner: Learner, topic_id: str) -> bool:
    goal = session.scalar(
        select(Goal).where(Goal.learner_id == learner.id, Goal.topic_id == topic_id)
    )
    if goal is None:
        return False
    session.delete(goal)
    session.flush()
    return True


def goals(session: Session, learner: Learner | None) -> list[Goal]:
    if learner is None:
        return []
    return list(
        session.scalars(select(Goal).where(Goal.learner_id == learner.id).order_by(Goal.created_at))
    )


def recent_attempts(session: Session, learner: Learner | None, limit: int = 10) -> list[Attempt]:
    if learner is None:
        return []
    return list(
        session.scalars(
            select(Attempt)
            .where(Attempt.learner_id == learner.id)
            .order_by(Attempt.id.desc())
            .limit(limit)
        )
    )


def next_template(session: Session | None, learner: Learner | None, topic: Topic) -> str:
    """The id of the topic's template this learner has answered least (the first on a tie), so
    practice rotates through all of them, whichever client asks. No learner, no session."""
    counts = (
        attempt_counts(session, learner, topic.id)
        if learner is not None and session is not None
        else {}
    )
    return min(topic.templates, key=lambda t: counts.get(t.id, 0)).id


def attempt_counts(session: Session, learner: Learner | None, topic_id: str) -> dict[str, int]:
    if learner is None:
        return {}
    rows = session.execute(
        select(Attempt.template_id, func.count())
        .where(Attempt.learner_id == learner.id, Attempt.topic_id == topic_id, Attempt.part == 0)
        .group_by(Attempt.template_id)
    )
    return dict(rows.all())
