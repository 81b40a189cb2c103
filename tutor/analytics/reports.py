"""What the attempt log says about topics and templates, for educators.

The unit is a submission: one answered question. A multi-part question is logged as one row per
part; its parts are folded into the submission that began with part 0, and the submission is
passed when every part is correct. A learner's first submission of a variant (template revision
and seed) is their first attempt at it. Each submission's parameter values are read from its
first row; rows logged before values were kept have their variant drawn again from (template,
revision, seed), which determines it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.content import ContentErrors, parse_topic
from tutor.questions import CompiledTemplate, TemplateError
from tutor.store.models import Attempt, TopicRevision

PASS_RATE_THRESHOLD = 0.5
MIN_SUBMISSIONS_TO_FLAG = 5
TOP = 5


@dataclass
class Submission:
    learner_id: int
    template_id: str
    revision: int
    seed: int
    correct: bool
    duration_ms: int | None
    rows: list[Attempt] = field(default_factory=list)
    parameters: dict[str, str] | None = None  # as logged, or None on older rows


@dataclass(frozen=True)
class ValueStats:
    value: str
    submissions: int
    passed: int

    @property
    def pass_rate(self) -> float:
        return self.passed / self.submissions


@dataclass
class Stats:
    """Figures over a set of submissions (one template's, or a whole topic's)."""

    submissions: int
    learners: int
    first_attempts: int
    first_attempt_pass_rate: float | None
    median_ms: float | None
    notes: list[tuple[str, int]]
    wrong_answers: list[tuple[str, int]]
    # Time on question (shown to answered), for the submissions that report it: right answers
    # that take long, or wrong ones that come fast, tell an educator where learners stall or guess.
    timed: int = 0
    median_right_ms: float | None = None
    median_wrong_ms: float | None = None


@dataclass
class TemplateStats:
    topic_id: str
    template_id: str
    stats: Stats
    flagged: bool
    parameters: dict[str, list[ValueStats]] = field(default_factory=dict)


@dataclass
class TopicStats:
    topic_id: str
    stats: Stats
    templates: list[TemplateStats]
    threshold: float
    min_submissions: int = MIN_SUBMISSIONS_TO_FLAG

    @property
    def flagged_count(self) -> int:
        return sum(t.flagged for t in self.templates)


def submissions(
    session: Session, topic_id: str, template_id: str | None = None
) -> list[Submission]:
    query = select(Attempt).where(Attempt.topic_id == topic_id).order_by(Attempt.id)
    if template_id is not None:
        query = query.where(Attempt.template_id == template_id)
    return fold(session.scalars(query))


def fold(rows: Iterable[Attempt]) -> list[Submission]:
    """Attempt rows in log order to submissions: later parts join the part 0 before them."""
    result: list[Submission] = []
    open_: dict[tuple[int, str, int, int], Submission] = {}
    for row in rows:
        key = (row.learner_id, row.template_id, row.template_revision, row.seed)
        if row.part == 0 or key not in open_:
            open_[key] = Submission(
                row.learner_id,
                row.template_id,
                row.template_revision,
                row.seed,
                row.correct,
                row.duration_ms,
                parameters=row.parameters,
            )
            result.append(open_[key])
        else:
            open_[key].correct = open_[key].correct and row.correct
        open_[key].rows.append(row)
    return result


def summarize(subs: list[Submission]) -> Stats:
    seen: set[tuple[int, str, int, int]] = set()
    firsts: list[bool] = []
    for sub in subs:
        key = (sub.learner_id, sub.template_id, sub.revision, sub.seed)
        if key not in seen:
            seen.add(key)
            firsts.append(sub.correct)
    durations = [s.duration_ms for s in subs if s.duration_ms is not None]
    right = [s.duration_ms for s in subs if s.duration_ms is not None and s.correct]
    wrong = [s.duration_ms for s in subs if s.duration_ms is not None and not s.correct]
    rows = [row for s in subs for row in s.rows]
    return Stats(
        submissions=len(subs),
        learners=len({s.learner_id for s in subs}),
        first_attempts=len(firsts),
        first_attempt_pass_rate=sum(firsts) / len(firsts) if firsts else None,
        median_ms=float(statistics.median(durations)) if durations else None,
        notes=Counter(r.note for r in rows if r.note).most_common(TOP),
        wrong_answers=Counter(r.response.strip() for r in rows if not r.correct).most_common(TOP),
        timed=len(durations),
        median_right_ms=float(statistics.median(right)) if right else None,
        median_wrong_ms=float(statistics.median(wrong)) if wrong else None,
    )


def flagged(stats: Stats, threshold: float = PASS_RATE_THRESHOLD) -> bool:
    return (
        stats.first_attempts >= MIN_SUBMISSIONS_TO_FLAG
        and stats.first_attempt_pass_rate is not None
        and stats.first_attempt_pass_rate < threshold
    )


class _Templates:
    """Compiled templates at past revisions, read from the stored topic text."""

    def __init__(self, session: Session, topic_id: str) -> None:
        self.session = session
        self.topic_id = topic_id
        self._cache: dict[tuple[str, int], CompiledTemplate | None] = {}

    def get(self, template_id: str, revision: int) -> CompiledTemplate | None:
        key = (template_id, revision)
        if key not in self._cache:
            self._cache[key] = self._compile(template_id, revision)
        return self._cache[key]

    def _compile(self, template_id: str, revision: int) -> CompiledTemplate | None:
        source = self.session.scalar(
            select(TopicRevision.source).where(
                TopicRevision.topic_id == self.topic_id, TopicRevision.revision == revision
            )
        )
        try:
            template = (
                parse_topic(source, f"{self.topic_id}.md").template(template_id) if source else None
            )
            return CompiledTemplate(self.topic_id, template, revision) if template else None
        except (ContentErrors, TemplateError):
            return None


_RATIO = re.compile(r"^-?\d+/\d+$")


def shown_value(text: str) -> str:
    """A logged value as the learner saw it: decimals are kept as exact ratios (a drawn 1.1 is
    logged as 11/10), so a ratio with a finite decimal is written back as that decimal."""
    if not _RATIO.match(text):
        return text
    ratio = Fraction(text)
    denominator = ratio.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    if denominator != 1:
        return text  # 1/3 has no finite decimal: the ratio is the exact value
    return f"{(Decimal(ratio.numerator) / Decimal(ratio.denominator)).normalize():f}"


def _sort_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(Fraction(value)), value)
    except (ValueError, ZeroDivisionError):
        return (1, 0.0, value)


def _values(compiled: CompiledTemplate | None, seed: int) -> dict[str, object] | None:
    """The variant's parameter values
    (drawn again: a learner retrying a variant repeats its seed)."""
    if compiled is None:
        return None
    try:
        return dict(compiled.draw_values(seed)[0])
    except TemplateError:
        return None


def _logged_values(parameters: dict[str, str] | None) -> dict[str, object] | None:
    return dict(parameters) if isinstance(parameters, dict) and parameters else None


def parameter_difficulty(
    subs: list[Submission], templates: _Templates
) -> dict[str, list[ValueStats]]:
    """Per parameter, per value: submissions and how many passed."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    drawn: dict[tuple[str, int, int], dict[str, object] | None] = {}
    for sub in subs:
        values = _logged_values(sub.parameters)
        if values is None:
            key = (sub.template_id, sub.revision, sub.seed)
            if key not in drawn:
                drawn[key] = _values(templates.get(sub.template_id, sub.revision), sub.seed)
            values = drawn[key]
        if values is None:
            continue
        for name, value in values.items():
            tally = counts[name][shown_value(str(value))]
            tally[0] += 1
            tally[1] += int(sub.correct)
    return {
        name: [
            ValueStats(v, n, p)
            for v, (n, p) in sorted(by_value.items(), key=lambda i: _sort_key(i[0]))
        ]
        for name, by_value in counts.items()
    }


def template_stats(
    session: Session, topic_id: str, template_id: str, threshold: float = PASS_RATE_THRESHOLD
) -> TemplateStats:
    subs = submissions(session, topic_id, template_id)
    stats = summarize(subs)
    return TemplateStats(
        topic_id,
        template_id,
        stats,
        flagged(stats, threshold),
        parameter_difficulty(subs, _Templates(session, topic_id)),
    )


def topic_stats(
    session: Session, topic_id: str, template_ids: list[str], threshold: float = PASS_RATE_THRESHOLD
) -> TopicStats:
    """The topic's figures, and each template's
    (those in ``template_ids`` and any with attempts)."""
    subs = submissions(session, topic_id)
    by_template: dict[str, list[Submission]] = {tid: [] for tid in template_ids}
    for sub in subs:
        by_template.setdefault(sub.template_id, []).append(sub)
    templates = []
    for tid, own in by_template.items():
        stats = summarize(own)
        templates.append(TemplateStats(topic_id, tid, stats, flagged(stats, threshold)))
    return TopicStats(topic_id, summarize(subs), templates, threshold)


def responses(session: Session, topic_id: str, template_id: str, limit: int = 200) -> list[Attempt]:
    """The newest responses given to one template."""
    return list(
        session.scalars(
            select(Attempt)
            .where(Attempt.topic_id == topic_id, Attempt.template_id == template_id)
            .order_by(Attempt.id.desc())
            .limit(limit)
        )
    )
