"""The content a process serves: topics, their graph and compiled templates, per content version.

Each process keeps one Catalog in memory and rebuilds it when the content version in the
database moves, so an edit made through any app server is served by all of them at their next
request, without a restart.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tutor.content import Topic, parse_topic
from tutor.errors import NotFound
from tutor.graph import KnowledgeGraph
from tutor.questions import CompiledTemplate, Variant
from tutor.store.db import after_commit
from tutor.store.models import ContentState, TopicRevision


class UnknownTopic(NotFound):
    def __init__(self, topic_id: str) -> None:
        super().__init__(topic_id)
        self.topic_id = topic_id

    def __str__(self) -> str:
        return f"unknown topic {self.topic_id!r}"


class UnknownTemplate(NotFound):
    def __str__(self) -> str:
        return f"unknown question template {self.args[0]!r}"


@dataclass
class Catalog:
    version: int
    topics: dict[str, Topic]
    revisions: dict[str, int]
    graph: KnowledgeGraph
    _compiled: dict[tuple[str, str], CompiledTemplate] = field(default_factory=dict)
    _variants: OrderedDict[tuple[str, str, int], Variant] = field(default_factory=OrderedDict)
    _variants_lock: threading.Lock = field(default_factory=threading.Lock)

    def topic(self, topic_id: str) -> Topic:
        try:
            return self.topics[topic_id]
        except KeyError:
            raise UnknownTopic(topic_id) from None

    def template(self, topic_id: str, template_id: str) -> CompiledTemplate:
        key = (topic_id, template_id)
        compiled = self._compiled.get(key)
        if compiled is None:
            topic = self.topic(topic_id)
            template = topic.template(template_id)
            if template is None:
                raise UnknownTemplate(f"{topic_id}/{template_id}")
            compiled = CompiledTemplate(topic_id, template, self.revisions[topic_id])
            self._compiled[key] = compiled
        return compiled

    def variant(self, topic_id: str, template_id: str, seed: int) -> Variant:
        """The variant for ``seed``, kept for the next request: the question page and the answer
        to it draw the same variant, and drawing one evaluates every parameter and answer."""
        key = (topic_id, template_id, seed)
        with self._variants_lock:
            cached = self._variants.get(key)
            if cached is not None:
                self._variants.move_to_end(key)
                return cached
        variant = self.template(topic_id, template_id).variant(seed)
        with self._variants_lock:
            self._variants[key] = variant
            if len(self._variants) > VARIANTS_KEPT:
                self._variants.popitem(last=False)
        return variant


VARIANTS_KEPT = 4096


def build_catalog(version: int, sources: dict[str, tuple[int, str]]) -> Catalog:
    """``sources`` maps topic id to (revision, file text)."""
    topics = {tid: parse_topic(text, f"{tid}.md") for tid, (_, text) in sources.items()}
    graph = KnowledgeGraph.from_topics(topics.values())
    return Catalog(version, topics, {tid: rev for tid, (rev, _) in sources.items()}, graph)


def content_version(session: Session) -> int:
    return session.scalar(select(ContentState.version).where(ContentState.id == 1)) or 0


def live_sources(session: Session) -> dict[str, tuple[int, str]]:
    """The newest revision of every topic that is not deleted."""
    newest = (
        select(TopicRevision.topic_id, func.max(TopicRevision.revision).label("revision"))
        .group_by(TopicRevision.topic_id)
        .subquery()
    )
    rows = session.execute(
        select(TopicRevision.topic_id, TopicRevision.revision, TopicRevision.source)
        .join(
            newest,
            (TopicRevision.topic_id == newest.c.topic_id)
            & (TopicRevision.revision == newest.c.revision),
        )
        .where(TopicRevision.deleted.is_(False))
    )
    return {topic_id: (revision, source) for topic_id, revision, source in rows}


_SHARED: dict[str, CatalogCache] = {}
_SHARED_LOCK = threading.Lock()


def shared_catalog_cache(database_url: str, check_seconds: float = 0.0) -> CatalogCache:
    """The process's one cache for a database, shared by every app built on it."""
    with _SHARED_LOCK:
        cache = _SHARED.setdefault(database_url, CatalogCache(check_seconds))
        cache.check_seconds = min(cache.check_seconds, check_seconds)  # the most careful app wins
        return cache


class _ContentChanges:
    """How many content changes this process has committed: each one makes every cache look
    at the database's content version again at its next use, whatever its check interval."""

    def __init__(self) -> None:
        self.count = 0

    def committed(self) -> None:
        self.count += 1


content_changes = _ContentChanges()


def content_changed(session: Session) -> None:
    """Call when the session bumps the content version: once it commits, this process's catalog
    caches reload at their next use (other processes notice within their check interval)."""
    after_commit(session, content_changes.committed)


class CatalogCache:
    """One Catalog per process, rebuilt when the database's content version changes.

    Asking the database for its version costs a query; with ``check_seconds`` > 0 the version
    is asked at most that often, so a content change made by another process is served here
    within ``check_seconds``. A change committed by this process is served at once (see
    ``content_changed``). With 0 every ``get`` asks.
    """

    def __init__(self, check_seconds: float = 0.0) -> None:
        self.check_seconds = check_seconds
        self._catalog: Catalog | None = None
        self._checked_at = -math.inf
        self._changes_seen = -1
        self._lock = threading.Lock()

    def fresh(self) -> Catalog | None:
        """The catalog if its version was checked recently enough, else None (call ``get``)."""
        catalog = self._catalog
        if (
            catalog is not None
            and content_changes.count == self._changes_seen
            and time.monotonic() - self._checked_at < self.check_seconds
        ):
            return catalog
        return None

    def get(self, session: Session) -> Catalog:
        catalog, now, changes = self.fresh(), time.monotonic(), content_changes.count
        if catalog is not None:
            return catalog
        catalog = self._catalog
        version = content_version(session)
        if catalog is None or catalog.version != version:
            with self._lock:
                if self._catalog is None or self._catalog.version != version:
                    self._catalog = build_catalog(version, live_sources(session))
                catalog = self._catalog
        self._checked_at, self._changes_seen = now, changes
        return catalog
