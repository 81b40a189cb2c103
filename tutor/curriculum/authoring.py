"""Educators' edits: create and edit topics, prerequisites and templates, with revisions.

Every save is checked the way an import is: the edited topic together with every other live
topic must validate (structure, levels, graph, templates), and each template the edit touches
must pass its self-tests. Only then is a new revision written and the content version bumped,
so every app process serves the edit at its next request. A refused edit writes nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tutor.content import ContentErrors, Prerequisite, Template, Topic, parse_topic
from tutor.content.loader import TOPIC_ID
from tutor.curriculum import topic_text
from tutor.curriculum.catalog import UnknownTemplate, UnknownTopic, content_version, live_sources
from tutor.curriculum.files import ContentRejected, bump_version, validate_topics
from tutor.errors import Conflict, NotFound
from tutor.questions import CompiledTemplate, TemplateError, Variant, self_test_template
from tutor.store.models import TopicRevision

SELF_TEST_SEEDS = 20
MAX_MESSAGE = 500


class StaleEdit(ContentRejected, Conflict):
    """The topic moved on since the author opened it; saving would undo someone's edit."""


@dataclass(frozen=True)
class SelfTestResult:
    template_id: str
    seeds: int
    failures: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class SaveResult:
    topic_id: str
    revision: int
    content_version: int
    changed: bool
    self_tests: list[SelfTestResult] = field(default_factory=list)


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    author: str | None
    message: str | None
    created_at: datetime
    deleted: bool


def current_source(session: Session, topic_id: str) -> tuple[int, str]:
    """(revision, file text) of the topic's live revision."""
    found = live_sources(session).get(topic_id)
    if found is None:
        raise UnknownTopic(topic_id)
    return found


@lru_cache(maxsize=2048)
def _parsed(text: str, source: str) -> Topic:
    """Stored topics parse the same every time; a save re-reads all of them to check the graph."""
    return parse_topic(text, source)


def _changed_templates(new: Topic, old: Topic | None) -> list[str]:
    before = {t.id: t.spec for t in old.templates} if old else {}
    return [t.id for t in new.templates if before.get(t.id) != t.spec]


def run_self_tests(
    topic: Topic, template_ids: Sequence[str], seeds: int = SELF_TEST_SEEDS
) -> list[SelfTestResult]:
    return [
        SelfTestResult(tid, seeds, tuple(str(f) for f in self_test_template(topic, tid, seeds)))
        for tid in template_ids
    ]


def _save(
    session: Session,
    topic_id: str,
    text: str,
    author: str,
    message: str,
    base_revision: int | None = None,
    creating: bool = False,
) -> SaveResult:
    current = live_sources(session)
    if creating and topic_id in current:
        raise ContentRejected([f"a topic with id {topic_id!r} already exists"])
    if not creating and topic_id not in current:
        raise UnknownTopic(topic_id)
    old_revision, old_text = current.get(topic_id, (0, ""))
    if base_revision is not None and base_revision != old_revision:
        stale = (
            f"{topic_id} is at revision {old_revision}, not {base_revision}: "
            "someone saved it meanwhile; reload and edit again"
        )
        raise StaleEdit([stale])
    source = f"{topic_id}.md"
    try:
        topic = parse_topic(text, source)
    except ContentErrors as exc:
        raise ContentRejected([str(e) for e in exc.errors]) from None
    others = [_parsed(t, f"{tid}.md") for tid, (_, t) in current.items() if tid != topic_id]
    problems = validate_topics([topic, *others], [], compile_only={topic_id})
    if problems:
        raise ContentRejected(problems)
    old = parse_topic(old_text, source) if old_text else None
    tests = run_self_tests(topic, _changed_templates(topic, old))
    failures = [f for result in tests for f in result.failures]
    if failures:
        raise ContentRejected(["self-tests failed: " + f for f in failures])
    if text == old_text:
        return SaveResult(topic_id, old_revision, content_version(session), False, tests)
    latest = (
        session.scalar(
            select(func.max(TopicRevision.revision)).where(TopicRevision.topic_id == topic_id)
        )
        or 0
    )
    session.add(
        TopicRevision(
            topic_id=topic_id,
            revision=latest + 1,
            source=text,
            author=author,
            message=(message.strip() or "edited")[:MAX_MESSAGE],
        )
    )
    version = bump_version(session)
    return SaveResult(topic_id, latest + 1, version, True, tests)


def _edit_text(edit: Callable[..., str], *args: object) -> str:
    try:
        return edit(*args)
    except topic_text.TextEditError as exc:
        raise ContentRejected([str(exc)]) from None


def create_topic(session: Session, text: str, author: str, message: str = "created") -> SaveResult:
    """Create a topic from its whole file text; its id comes from the front matter."""
    try:
        topic_id = parse_topic(text, "new-topic").id
    except ContentErrors as exc:
        raise ContentRejected([str(e) for e in exc.errors]) from None
    return _save(session, topic_id, text, author, message, creating=True)


def new_topic_text(topic_id: str, title: str, level: str) -> str:
    if not TOPIC_ID.match(topic_id):
        raise ContentRejected(["the id must be lowercase letters and digits joined by '-'"])
    try:
        return topic_text.new_topic_text(topic_id, title, level)
    except ContentErrors as exc:
        raise ContentRejected([str(e) for e in exc.errors]) from None


def save_topic(
    session: Session,
    topic_id: str,
    text: str,
    author: str,
    message: str,
    base_revision: int | None = None,
) -> SaveResult:
    """Replace the topic's whole file text (front matter and sections)."""
    return _save(session, topic_id, text, author, message, base_revision)


def set_prerequisites(
    session: Session,
    topic_id: str,
    prerequisites: Sequence[Prerequisite],
    author: str,
    message: str = "",
    base_revision: int | None = None,
) -> SaveResult:
    """Replace the prerequisite list; a change that closes a cycle is refused, naming it."""
    _, text = current_source(session, topic_id)
    new_text = _edit_text(topic_text.put_prerequisites, text, prerequisites)
    return _save(
        session, topic_id, new_text, author, message or "prerequisites edited", base_revision
    )


def put_template(
    session: Session,
    topic_id: str,
    template_id: str | None,
    source: str,
    author: str,
    message: str = "",
    base_revision: int | None = None,
) -> SaveResult:
    """Replace template ``template_id`` with the YAML ``source``, or add it when None."""
    _, text = current_source(session, topic_id)
    new_text = _edit_text(topic_text.put_template, text, template_id, source)
    new_id = _edit_text(topic_text.template_id_of, source)
    verb = "added" if template_id is None else "edited"
    return _save(
        session, topic_id, new_text, author, message or f"template {new_id} {verb}", base_revision
    )


def template_source(session: Session, topic_id: str, template_id: str) -> tuple[int, str]:
    revision, text = current_source(session, topic_id)
    if template_id not in topic_text.template_ids(text):
        raise UnknownTemplate(f"{topic_id}/{template_id}")
    return revision, _edit_text(topic_text.template_source, text, template_id)


def history(session: Session, topic_id: str) -> list[RevisionInfo]:
    rows = session.scalars(
        select(TopicRevision)
        .where(TopicRevision.topic_id == topic_id)
        .order_by(TopicRevision.revision.desc())
    ).all()
    if not rows:
        raise UnknownTopic(topic_id)
    return [RevisionInfo(r.revision, r.author, r.message, r.created_at, r.deleted) for r in rows]


def revision_source(session: Session, topic_id: str, revision: int) -> str:
    source = session.scalar(
        select(TopicRevision.source).where(
            TopicRevision.topic_id == topic_id, TopicRevision.revision == revision
        )
    )
    if source is None:
        raise NotFound(f"{topic_id} has no revision {revision}")
    return source


def diff(session: Session, topic_id: str, old: int, new: int) -> str:
    """A unified diff from revision ``old`` to revision ``new``."""
    before = revision_source(session, topic_id, old).splitlines(keepends=True)
    after = revision_source(session, topic_id, new).splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(before, after, f"{topic_id}.md@{old}", f"{topic_id}.md@{new}")
    )


def revert(
    session: Session, topic_id: str, revision: int, author: str, message: str = ""
) -> SaveResult:
    """A new revision whose text equals revision ``revision``'s."""
    text = revision_source(session, topic_id, revision)
    return _save(session, topic_id, text, author, message or f"reverted to revision {revision}")


@dataclass(frozen=True)
class TemplatePreview:
    variants: list[Variant]
    problems: list[str]


def preview_template(topic_id: str, source: str, seeds: Sequence[int]) -> TemplatePreview:
    """Variants of a template that is being written, before it is saved."""
    try:
        spec = topic_text.yaml_mapping(source)
        compiled = CompiledTemplate(topic_id, Template(str(spec.get("id", "draft")), spec))
        return TemplatePreview([compiled.variant(seed) for seed in seeds], [])
    except topic_text.TextEditError as exc:
        return TemplatePreview([], [str(exc)])
    except TemplateError as exc:
        return TemplatePreview([], list(exc.problems))
