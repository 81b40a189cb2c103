"""A response log as arrays, read from CSV, and the sequence arithmetic every model needs.

Rows are kept sorted by learner and, within a learner, in time order; ``prior_sum`` and friends
then give, for every row, what happened *before* it in the same group (learner, or learner and
skill), which is all a model may look at when it predicts that row.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from tutor.engine.tracing.live import SEPARATOR

REQUIRED_COLUMNS = ("learner", "skill", "correct")
_TRUE = {"1", "1.0", "true", "t", "yes"}
_FALSE = {"0", "0.0", "false", "f", "no"}


class LogError(ValueError):
    """The file is not a response log of the stated shape; the message says where and why."""


@dataclass(frozen=True)
class ResponseLog:
    """Responses sorted by learner, then time. ``learner``/``skill`` index the name arrays."""

    learner: np.ndarray  # int64 index into learner_names
    skill: np.ndarray  # int64 index into skill_names
    correct: np.ndarray  # int8, 0 or 1
    time: np.ndarray  # float64 seconds, NaN where unknown
    learner_names: np.ndarray
    skill_names: np.ndarray
    # The question (item) each row answers, where the log says: int64 index into item_names.
    item: np.ndarray | None = None
    item_names: np.ndarray | None = None
    # How long each answer took, in seconds, where the log says (NaN where not).
    seconds: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.correct)

    def subset(self, mask: np.ndarray) -> ResponseLog:
        return ResponseLog(
            self.learner[mask],
            self.skill[mask],
            self.correct[mask],
            self.time[mask],
            self.learner_names,
            self.skill_names,
            self.item[mask] if self.item is not None else None,
            self.item_names,
            self.seconds[mask] if self.seconds is not None else None,
        )

    def item_of(self, row: int) -> str | None:
        """The name of the item the row answers; None where the log names none."""
        if self.item is None or self.item_names is None:
            return None
        return str(self.item_names[self.item[row]])

    def seconds_of(self, row: int) -> float | None:
        """How long the row's answer took, in seconds; None where the log does not say."""
        if self.seconds is None or not self.seconds[row] >= 0:
            return None
        return float(self.seconds[row])


def from_columns(
    learners: list[str],
    skills: list[str],
    correct: list[int],
    times: list[float] | None = None,
    order: list[float] | None = None,
    items: list[str] | None = None,
    seconds: list[float] | None = None,
) -> ResponseLog:
    """Build a log from parallel columns given in time order (ties keep their order); ``items``
    names the question each row answers, ``seconds`` how long its answer took, where known.

    Within a learner, rows are sorted by ``times`` where given, then by ``order`` (a row or
    event number), then by their place in the columns."""
    learner_names, learner = np.unique(
        np.asarray(learners, dtype=object).astype(str), return_inverse=True
    )
    skill_names, skill = np.unique(
        np.asarray(skills, dtype=object).astype(str), return_inverse=True
    )
    time = np.asarray(times, dtype=float) if times is not None else np.full(len(correct), np.nan)
    # Rows without a timestamp go before those with one; without any, the order decides.
    sort_time = np.where(np.isnan(time), -np.inf, time)
    if np.isnan(time).all():
        sort_time = np.zeros(len(correct))
    sort_order = np.asarray(order, dtype=float) if order is not None else np.zeros(len(correct))
    sort_order = np.where(np.isnan(sort_order), -np.inf, sort_order)
    rows = np.lexsort((np.arange(len(correct)), sort_order, sort_time, learner))
    item_names, item = (
        np.unique(np.asarray(items, dtype=object).astype(str), return_inverse=True)
        if items is not None
        else (None, None)
    )
    return ResponseLog(
        learner[rows].astype(np.int64),
        skill[rows].astype(np.int64),
        np.asarray(correct, dtype=np.int8)[rows],
        time[rows],
        learner_names,
        skill_names,
        item[rows].astype(np.int64) if item is not None else None,
        item_names,
        np.asarray(seconds, dtype=float)[rows] if seconds is not None else None,
    )


# The names a log's columns go by (compared as ``_normal`` makes them): ours first, then
# ASSISTments' (user_id, skill_id, correct, order_id, start_time), PSLC DataShop's exports
# (OLI and Cognitive Tutor logs: "Anon Student Id", "KC (model)", "First Attempt" or
# "Outcome", "First Transaction Time" or "Time"; the KDD Cup 2010 files' "Correct First
# Attempt" and "KC(Default)"), then other common spellings.
COLUMN_NAMES = {
    "learner": (
        "learner",
        "learner id",
        "user id",
        "anon student id",
        "student id",
        "studentid",
        "user",
        "student",
    ),
    # Last, ASSISTments 2015's sequence_id: its only skill column (each problem set, a skill
    # builder, drills one skill); a log that also names skills is read by them.
    "skill": (
        "skill",
        "skill id",
        "skill name",
        "kc",
        "knowledge component",
        "concept",
        "sequence id",
    ),
    "correct": (
        "correct",
        "first attempt",
        "correct first attempt",
        "outcome",
        "is correct",
        "correctness",
    ),
    "timestamp": (
        "timestamp",
        "first transaction time",
        "step start time",
        "time",
        "start time",
        "starttime",
    ),
    # A row or event number: it orders rows that have no time, and an answer logged once per
    # skill repeats it (ASSISTments writes a response on two skills as two rows).
    "order": ("order id", "order", "problem log id", "log id", "transaction id", "row"),
    # The question answered: items of one skill differ in difficulty. ASSISTments' problem_id
    # (an assistment's main problem or one of its scaffolds); DataShop's problem, with its
    # step where the export has one (a step is what a first attempt answers).
    "item": (
        "item",
        "item id",
        "problem id",
        "problem name",
        "problem",
        "question id",
        "question",
        "template id",
    ),
    "step": ("step name", "step id", "step"),
    # How long the answer took: ASSISTments' ms_first_response and our duration_ms in
    # milliseconds (MILLISECOND_COLUMNS), DataShop's step duration in seconds.
    "duration": (
        "duration ms",
        "ms first response",
        "response time ms",
        "step duration (sec)",
        "duration (sec)",
        "duration",
        "response time",
    ),
}
MILLISECOND_COLUMNS = {"duration ms", "ms first response", "response time ms"}
# "KC (F2011)" or, as the KDD Cup 2010 files have it, "KC(Default)"; not "KC Category (F2011)"
_DATASHOP_KC = re.compile(r"kc ?\((?!.*category)")
# The models DataShop makes for every dataset: one skill for all, one per step. A dataset's own
# model is read before them.
_DATASHOP_GENERATED = ("kc (single kc)", "kc (unique step)", "kc(single kc)", "kc(unique step)")
_ATTEMPT_AT_STEP = "attempt at step"  # DataShop's transaction export: keep first attempts
_CORRECT_WORDS = {"correct": 1, "incorrect": 0, "hint": 0, "error": 0, "wrong": 0}


def _normal(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").lower().split())


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    """The index of each column the reader uses, found by its names; a LogError names what is
    missing."""
    names = [_normal(name) for name in header]
    found: dict[str, int] = {}
    for role, spellings in COLUMN_NAMES.items():
        index = next((names.index(s) for s in spellings if s in names), None)
        if index is None and role == "skill":
            models = [i for i, n in enumerate(names) if _DATASHOP_KC.match(n)]
            own = [i for i in models if names[i] not in _DATASHOP_GENERATED]
            index = next(iter(own or models), None)
        if index is not None:
            found[role] = index
    if "step" in found and "item" not in found:
        del found["step"]  # a step is named within its problem
    missing = [role for role in REQUIRED_COLUMNS if role not in found]
    if missing:
        accepted = "; ".join(f"{role}: {', '.join(COLUMN_NAMES[role])}" for role in missing)
        raise LogError(
            f"{path}: missing column(s) {', '.join(missing)} (accepted names, {accepted}"
            f"{'; or a DataShop KC (model) column' if 'skill' in missing else ''});"
            f" the header is {header}"
        )
    if _ATTEMPT_AT_STEP in names:
        found["attempt"] = names.index(_ATTEMPT_AT_STEP)
    return found


def _parse_correct(text: str, line: int) -> tuple[int, bool]:
    """1 or 0, and whether the value was partial credit (read as wrong)."""
    value = text.strip().lower()
    if value in _TRUE:
        return 1, False
    if value in _FALSE:
        return 0, False
    if value in _CORRECT_WORDS:
        return _CORRECT_WORDS[value], False
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if 0 < number < 1:  # partial credit: not a right first answer
        return 0, True
    raise LogError(
        f"line {line}: 'correct' must be 0 or 1 (or correct, incorrect, hint), not {text!r}"
    )


def _parse_time(text: str) -> float:
    text = text.strip()
    if not text:
        return math.nan
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return math.nan


def read_csv(path: Path) -> ResponseLog:
    """The response log in a CSV or tab-separated file (see ``read_log``)."""
    return read_log(path)[0]


def read_log(path: Path) -> tuple[ResponseLog, list[str]]:
    """Read a response log: a learner, a skill and whether the answer was right, per row, and
    when (a timestamp, or a row number that orders the rows) if the file says; other columns
    are ignored. Columns are found by their names in our format, ASSISTments' and DataShop's
    (``COLUMN_NAMES``); commas or tabs separate them; UTF-8, or Latin-1 where the bytes are not
    UTF-8. Rows without a skill are left out (no model can place them), as are a step's later
    attempts in a DataShop transaction export; rows repeating a learner's row number are one
    answer on several skills, joined by ``SEPARATOR``. Returns the log and what was made of
    the file, a line each."""
    try:
        return _read_log(path, "utf-8-sig")
    except UnicodeDecodeError:
        log, notes = _read_log(path, "latin-1")
        return log, [*notes, "read as Latin-1: the file is not UTF-8"]


def _read_log(path: Path, encoding: str) -> tuple[ResponseLog, list[str]]:
    with open(path, newline="", encoding=encoding) as handle:
        first = handle.readline()
        handle.seek(0)
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = [name.strip() for name in next(reader, [])]
        at = _columns(path, header)
        width = max(at.values()) + 1
        learners: list[str] = []
        skills: list[list[str]] = []
        correct: list[int] = []
        times: list[float] = []
        items: list[str] = []
        durations: list[float] = []
        orders: list[str] = []
        answer_of: dict[tuple[str, str], int] = {}
        no_skill = later_attempts = merged = partial = 0
        for line, row in enumerate(reader, start=2):
            if not row or not any(field.strip() for field in row):
                continue
            if len(row) < width:
                raise LogError(f"line {line}: expected at least {width} fields, found {len(row)}")
            if "attempt" in at and row[at["attempt"]].strip() not in ("", "1"):
                later_attempts += 1
                continue
            skill = [s.strip() for s in row[at["skill"]].split(SEPARATOR) if s.strip()]
            if not skill:
                no_skill += 1
                continue
            learner = row[at["learner"]].strip()
            if "order" in at:
                key = (learner, row[at["order"]].strip())
                if key[1] and key in answer_of:
                    skills[answer_of[key]].extend(skill)
                    merged += 1
                    continue
                answer_of[key] = len(correct)
                orders.append(key[1])
            value, was_partial = _parse_correct(row[at["correct"]], line)
            partial += was_partial
            learners.append(learner)
            skills.append(skill)
            correct.append(value)
            if "timestamp" in at:
                times.append(_parse_time(row[at["timestamp"]]))
            if "duration" in at:
                durations.append(_parse_duration(row[at["duration"]]))
            if "item" in at:
                item = row[at["item"]].strip()
                if "step" in at:
                    item = f"{item} / {row[at['step']].strip()}"
                items.append(item)
    if not correct:
        raise LogError(f"{path}: no responses")
    notes = [
        "columns read: "
        + ", ".join(f"{role} = {header[index]!r}" for role, index in at.items())
        + (", tab-separated" if delimiter == "\t" else "")
    ]
    for count, what in (
        (no_skill, "rows without a skill left out"),
        (later_attempts, "rows after a step's first attempt left out"),
        (merged, "rows joined to the answer whose row number they repeat (one row per skill)"),
        (partial, "answers with partial credit read as wrong"),
    ):
        if count:
            notes.append(f"{count:,} {what}")
    return (
        from_columns(
            learners,
            [SEPARATOR.join(sorted(set(skill))) for skill in skills],
            correct,
            _seconds(times) if "timestamp" in at else None,
            _order_numbers(orders) if "order" in at else None,
            items if "item" in at else None,
            _duration_seconds(durations, _normal(header[at["duration"]]))
            if "duration" in at
            else None,
        ),
        notes,
    )


def _parse_duration(text: str) -> float:
    """A duration as a number; NaN where it is blank, not a number, or not positive (a clock
    that went backwards, as some logs' are)."""
    try:
        value = float(text.strip())
    except ValueError:
        return math.nan
    return value if value > 0 else math.nan


def _duration_seconds(durations: list[float], column: str) -> list[float]:
    return [d / 1000 for d in durations] if column in MILLISECOND_COLUMNS else durations


def _order_numbers(orders: list[str]) -> list[float] | None:
    """Row numbers as numbers; None (the file's order stands) when some are not numbers."""
    try:
        return [float(value) for value in orders]
    except ValueError:
        return None


def _seconds(times: list[float]) -> list[float]:
    """Epoch timestamps in milliseconds (as many logs keep them) turned into seconds."""
    known = [t for t in times if not math.isnan(t)]
    if known and sorted(known)[len(known) // 2] > 1e11:  # later than the year 5138 in seconds
        return [t / 1000 for t in times]
    return times


def group_ids(*keys: np.ndarray) -> np.ndarray:
    """One integer per distinct combination of the key arrays."""
    if len(keys) == 1:
        return np.unique(keys[0], return_inverse=True)[1]
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        combined = combined * (int(key.max(initial=0)) + 1) + key
    return np.unique(combined, return_inverse=True)[1]


@dataclass(frozen=True)
class Sequences:
    """Rows of a log grouped (stable, so in time order) by a group id."""

    order: np.ndarray  # row indices, grouped
    start: np.ndarray  # for each grouped position, the grouped position where its group starts
    position: np.ndarray  # per row: how many earlier rows its group has

    @classmethod
    def of(cls, group: np.ndarray) -> Sequences:
        order = np.argsort(group, kind="stable")
        sorted_group = group[order]
        first = np.ones(len(group), dtype=bool)
        first[1:] = sorted_group[1:] != sorted_group[:-1]
        start = np.maximum.accumulate(np.where(first, np.arange(len(group)), 0))
        position = np.empty(len(group), dtype=np.int64)
        position[order] = np.arange(len(group)) - start
        return cls(order, start, position)

    def prior_sum(self, values: np.ndarray, window: int | None = None) -> np.ndarray:
        """Per row: the sum of ``values`` over earlier rows of its group (the last ``window``)."""
        v = np.asarray(values, dtype=float)[self.order]
        inclusive = np.cumsum(v)
        exclusive = inclusive - v
        base = exclusive[self.start]
        if window is not None:
            index = np.arange(len(v)) - window
            base = np.where(index >= self.start, exclusive[np.maximum(index, 0)], base)
        result = np.empty(len(v))
        result[self.order] = exclusive - base
        return result

    def previous(self, values: np.ndarray, missing: float = np.nan) -> np.ndarray:
        """Per row: the value of the row just before it in its group (``missing`` for the first)."""
        v = np.asarray(values, dtype=float)[self.order]
        shifted = np.empty(len(v))
        shifted[1:] = v[:-1]
        shifted[: min(1, len(v))] = missing
        shifted[np.arange(len(v)) == self.start] = missing
        result = np.empty(len(v))
        result[self.order] = shifted
        return result

    def streak(self, flags: np.ndarray) -> np.ndarray:
        """Per row: how many rows in a row just before it in its group have the flag set."""
        f = np.asarray(flags, dtype=bool)[self.order]
        index = np.arange(len(f))
        # The last grouped position before each row whose flag is unset (or the group's start - 1).
        breaks = np.where(~f, index, -1)
        last_break = np.maximum.accumulate(np.concatenate(([-1], breaks[:-1])))
        last_break = np.maximum(last_break, self.start - 1)
        result = np.empty(len(f))
        result[self.order] = index - 1 - last_break
        return result

    def steps(self) -> list[np.ndarray]:
        """Row indices by position in group: steps()[k] holds every group's k-th row."""
        by_position = np.argsort(self.position, kind="stable")
        counts = np.bincount(self.position)
        return np.split(by_position, np.cumsum(counts)[:-1])
