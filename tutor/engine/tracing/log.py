"""A response log as arrays, read from CSV, and the sequence arithmetic every model needs.

Rows are kept sorted by learner and, within a learner, in time order; ``prior_sum`` and friends
then give, for every row, what happened *before* it in the same group (learner, or learner and
skill), which is all a model may look at when it predicts that row.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

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
        )


def from_columns(
    learners: list[str], skills: list[str], correct: list[int], times: list[float] | None = None
) -> ResponseLog:
    """Build a log from parallel columns given in time order (ties keep their order)."""
    learner_names, learner = np.unique(
        np.asarray(learners, dtype=object).astype(str), return_inverse=True
    )
    skill_names, skill = np.unique(
        np.asarray(skills, dtype=object).astype(str), return_inverse=True
    )
    time = np.asarray(times, dtype=float) if times is not None else np.full(len(correct), np.nan)
    # Within a learner, sort by timestamp where given; rows without one keep their file order.
    sort_time = np.where(np.isnan(time), -np.inf, time) if np.isnan(time).any() else time
    if np.isnan(time).all():
        sort_time = np.zeros(len(correct))
    order = np.lexsort((np.arange(len(correct)), sort_time, learner))
    return ResponseLog(
        learner[order].astype(np.int64),
        skill[order].astype(np.int64),
        np.asarray(correct, dtype=np.int8)[order],
        time[order],
        learner_names,
        skill_names,
    )


def _parse_correct(text: str, line: int) -> int:
    value = text.strip().lower()
    if value in _TRUE:
        return 1
    if value in _FALSE:
        return 0
    raise LogError(f"line {line}: 'correct' must be 0 or 1, not {text!r}")


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
    """Read columns learner, skill, correct (and timestamp if present); others are ignored."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise LogError(
                f"{path}: missing column(s) {', '.join(missing)}; the header is {header}"
            )
        at = {
            name: header.index(name) for name in (*REQUIRED_COLUMNS, "timestamp") if name in header
        }
        learners, skills, correct, times = [], [], [], []
        width = max(at.values()) + 1
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < width:
                raise LogError(f"line {line}: expected at least {width} fields, found {len(row)}")
            learners.append(row[at["learner"]].strip())
            skills.append(row[at["skill"]].strip())
            correct.append(_parse_correct(row[at["correct"]], line))
            if "timestamp" in at:
                times.append(_parse_time(row[at["timestamp"]]))
    if not correct:
        raise LogError(f"{path}: no responses")
    return from_columns(learners, skills, correct, _seconds(times) if "timestamp" in at else None)


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
