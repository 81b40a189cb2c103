"""Content in the database: import from files (validated, all or nothing) and export back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.content import ContentError, Topic, check_levels, parse_sources, parse_topic
from tutor.curriculum.catalog import content_changed, live_sources
from tutor.errors import Invalid
from tutor.graph import GraphError, KnowledgeGraph
from tutor.questions import CompiledTemplate, TemplateError
from tutor.store.models import ContentState, TopicRevision, utcnow


class ContentRejected(Invalid):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def validate_topics(
    topics: list[Topic], errors: list[ContentError], compile_only: set[str] | None = None
) -> list[str]:
    """Every problem that keeps this set of topics from being served, as readable lines.

    ``compile_only`` limits the template checks to those topics (the ones an edit touched; the
    others were checked when they were stored): compiling every template takes about a second.
    """
    problems = [str(e) for e in errors] + [str(e) for e in check_levels(topics)]
    try:
        KnowledgeGraph.from_topics(topics)
    except GraphError as exc:
        problems += [p.message for p in exc.problems if p.severity == "error"]
    for topic in topics:
        if compile_only is not None and topic.id not in compile_only:
            continue
        for template in topic.templates:
            try:
                CompiledTemplate(topic.id, template)
            except TemplateError as exc:
                problems += [f"{topic.source_path}:{template.line}: {p}" for p in exc.problems]
    return problems


def bump_version(session: Session) -> int:
    state = session.get(ContentState, 1, with_for_update=True)
    if state is None:
        state = ContentState(id=1, version=0)
        session.add(state)
    state.version += 1
    state.updated_at = utcnow()
    session.flush()
    content_changed(session)
    return state.version


def import_sources(
    session: Session, sources: dict[str, str], author: str | None = None
) -> ImportReport:
    """Store every file whose text differs from its topic's newest revision.

    The whole set, together with the topics already in the database, must validate; otherwise
    nothing is written.
    """
    topics, errors = parse_sources(sources)
    current = live_sources(session)
    incoming = {t.id for t in topics}
    text_by_id = {t.id: sources[t.source_path] for t in topics}

    others = [
        parse_topic(text, f"{tid}.md") for tid, (_, text) in current.items() if tid not in incoming
    ]
    problems = validate_topics(topics + others, errors)
    if problems:
        raise ContentRejected(problems)
    report = ImportReport()
    for topic_id, text in text_by_id.items():
        if topic_id in current and current[topic_id][1] == text:
            report.unchanged.append(topic_id)
            continue
        latest = (
            session.scalar(
                select(TopicRevision.revision)
                .where(TopicRevision.topic_id == topic_id)
                .order_by(TopicRevision.revision.desc())
                .limit(1)
            )
            or 0
        )
        session.add(
            TopicRevision(
                topic_id=topic_id,
                revision=latest + 1,
                source=text,
                author=author,
                message="imported from files",
            )
        )
        (report.updated if topic_id in current else report.added).append(topic_id)
    if report.added or report.updated:
        bump_version(session)
    return report


def export_directory(session: Session, directory: Path) -> list[Path]:
    """Write every live topic to ``directory/<id>.md`` exactly as stored."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for topic_id, (_, text) in sorted(live_sources(session).items()):
        path = directory / f"{topic_id}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
