"""The progress history replayed from the practice log: figures worked out from the same steps."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tutor.engine.mastery import DEFAULT_PARAMS, MASTERED, bkt_update
from tutor.practice.progress import DayCounts, PracticeEvent, replay


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _params(_: str):
    return DEFAULT_PARAMS


def test_no_practice_means_no_history() -> None:
    assert replay([], _params, _at(5)) == []


def test_one_point_a_day_from_the_first_practice_day_to_today() -> None:
    # How many right answers in a row master a topic from p_init: the same BKT steps as the server.
    p, needed = DEFAULT_PARAMS.p_init, 0
    while p < MASTERED:
        p, needed = bkt_update(p, True), needed + 1
    events = [PracticeEvent(_at(2, 9 + i), "a", True) for i in range(needed)]
    events += [PracticeEvent(_at(3), "b", False), PracticeEvent(_at(5), "c", True)]
    series = replay(events, _params, _at(6))
    assert [d.day for d in series] == [date(2026, 3, d) for d in range(2, 7)]
    assert [(d.mastered, d.in_progress) for d in series] == [(1, 0), (1, 1), (1, 1), (1, 2), (1, 2)]
    # FSRS without learning steps: a wrong answer ("Again") is due the next day; right answers
    # are spaced out further.
    assert series[0].due == series[1].due == 0 and series[2].due >= 1


def test_todays_point_is_the_state_at_now() -> None:
    wrong = [PracticeEvent(_at(2, 12), "a", False)]
    assert replay(wrong, _params, _at(2, 12)) == [DayCounts(date(2026, 3, 2), 0, 1, 0)]
    # Due a day later (FSRS, no learning steps): not yet at 11:00 the next day, at noon it is.
    assert replay(wrong, _params, _at(3, 11))[-1].due == 0
    assert replay(wrong, _params, _at(3, 12))[-1].due == 1


def test_a_long_history_starts_from_the_state_it_had_when_the_window_opens() -> None:
    events = [PracticeEvent(datetime(2026, 1, 1, tzinfo=UTC), "a", False)]
    series = replay(events, _params, datetime(2026, 3, 31, 8, tzinfo=UTC), max_days=10)
    assert len(series) == 10 and series[0] == DayCounts(date(2026, 3, 22), 0, 1, 1)
