"""Response logs as people have them: ours, ASSISTments' CSV and DataShop's tab-separated
exports read into the same log, with a clear error where a file is not a log."""

import csv
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tutor.cli import main
from tutor.engine.tracing import ResponseLog, read_csv, read_log
from tutor.engine.tracing.synthetic import generate_practice

START = datetime(2011, 9, 1, tzinfo=UTC)
Rows = list[tuple[str, str, int, datetime, str]]


def answers(seed: int = 3) -> Rows:
    """A practice-shaped log (some answers on two skills joined by ``~~``) as rows in time
    order: learner, skills, correct, when, the item answered."""
    log = generate_practice(learners=30, seed=seed)
    rows = []
    for i in range(len(log)):
        when = START + timedelta(seconds=float(log.time[i]) - float(np.nanmin(log.time)))
        rows.append(
            (
                f"learner {log.learner_names[log.learner[i]]}",
                str(log.skill_names[log.skill[i]]),
                int(log.correct[i]),
                when,
                str(log.item_of(i)),
            )
        )
    return rows


def write_ours(path: Path, rows: Rows) -> None:
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["learner", "skill", "correct", "timestamp"])
        out.writerows((learner, skill, c, when.isoformat()) for learner, skill, c, when, _ in rows)


def write_assistments(path: Path, rows: Rows) -> None:
    """As ASSISTments' skill-builder CSV: no timestamps but an order_id, one row per skill of
    an answer (with the same order_id), rows of problems without a skill, in Latin-1."""
    order = sorted(range(len(rows)), key=lambda i: rows[i][3])  # order_id follows time
    order_id = {i: 10_000 + rank * 7 for rank, i in enumerate(order)}
    with open(path, "w", newline="", encoding="latin-1") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["order_id", "user_id", "problem_id", "correct", "ms_first_response", "skill_id"]
            + ["skill_name"]
        )
        shuffled = np.random.default_rng(0).permutation(len(rows))  # the file's own order
        for i in shuffled:
            learner, skill, correct, _, item = rows[i]
            for one in skill.split("~~"):
                ms = 1000 * (i % 50 + 1)  # a second per row number mod 50, plus one
                out.writerow([order_id[i], learner, item, correct, ms, one, f"Équations {one}"])
            if i % 5 == 0:  # a scaffolding problem with no skill tagged
                out.writerow([order_id[i] + 1, learner, 78, 1, -5, "", ""])


def write_datashop_steps(path: Path, rows: Rows) -> None:
    """As DataShop's student-step export: tab-separated, First Attempt, the dataset's KC model
    between the two DataShop generates (one KC per step, first, and one for all)."""
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(
            [
                "Row",
                "Anon Student Id",
                "Problem Name",
                "Step Name",
                "Step Start Time",
                "First Transaction Time",
                "First Attempt",
                "KC (Unique-step)",
                "KC Category (F2011)",
                "KC (F2011)",
                "KC (Single-KC)",
            ]
        )
        for n, (learner, skill, correct, when, item) in enumerate(rows, start=1):
            first = "correct" if correct else ("hint" if n % 3 == 0 else "incorrect")
            shown = (when - timedelta(seconds=5)).strftime("%Y-%m-%d %H:%M:%S.0")
            out.writerow(
                [n, learner, item, "s", shown, when.strftime("%Y-%m-%d %H:%M:%S.0"), first]
                + [f"step {n}", "concept", skill, "Single-KC"]
            )
        out.writerow([len(rows) + 1, "learner 0", "p", "done", "", "", "correct", "x", "", "", "y"])


def write_kdd_cup(path: Path, rows: Rows) -> None:
    """As the KDD Cup 2010 files (DataShop's step export of Cognitive Tutor logs): "Correct First
    Attempt" as 1 or 0, "KC(Default)" with no space, and its opportunity counts."""
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(
            [
                "Row",
                "Anon Student Id",
                "Problem Hierarchy",
                "Problem Name",
                "Problem View",
                "Step Name",
                "First Transaction Time",
                "Correct First Attempt",
                "KC(Default)",
                "Opportunity(Default)",
            ]
        )
        for n, (learner, skill, correct, when, item) in enumerate(rows, start=1):
            stamp = when.strftime("%Y-%m-%d %H:%M:%S.0")
            out.writerow([n, learner, "Unit 1", item, 1, "s", stamp, correct, skill, "1"])


def write_datashop_transactions(path: Path, rows: Rows) -> None:
    """As DataShop's transaction export: every attempt at a step, the first one's Outcome."""
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(["Row", "Anon Student Id", "Time", "Attempt At Step", "Outcome", "KC (F2011)"])
        n = 0
        for learner, skill, correct, when, _ in rows:
            n += 1
            outcome = "CORRECT" if correct else "INCORRECT"
            out.writerow([n, learner, when.strftime("%Y-%m-%d %H:%M:%S"), 1, outcome, skill])
            if not correct:  # the step is tried again, and right this time
                n += 1
                later = (when + timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S")
                out.writerow([n, learner, later, 2, "CORRECT", skill])


def same_answers(a: ResponseLog, b: ResponseLog) -> None:
    def named(log: ResponseLog) -> list[tuple[str, str, int]]:
        return [
            (
                str(log.learner_names[log.learner[i]]),
                str(log.skill_names[log.skill[i]]),
                int(log.correct[i]),
            )
            for i in range(len(log))
        ]

    assert named(a) == named(b)


@pytest.mark.parametrize(
    "write, expected_notes",
    [
        (
            write_assistments,
            [
                "columns read: learner = 'user_id', skill = 'skill_id', correct = 'correct',"
                " order = 'order_id', item = 'problem_id', duration = 'ms_first_response'",
                "rows without a skill left out",
                "rows joined to the answer whose row number they repeat (one row per skill)",
                "read as Latin-1: the file is not UTF-8",
            ],
        ),
        (
            write_datashop_steps,
            [
                "columns read: learner = 'Anon Student Id', skill = 'KC (F2011)', correct ="
                " 'First Attempt', timestamp = 'First Transaction Time', order = 'Row',"
                " item = 'Problem Name', step = 'Step Name', tab-separated",
                "1 rows without a skill left out",
            ],
        ),
        (
            write_kdd_cup,
            [
                "columns read: learner = 'Anon Student Id', skill = 'KC(Default)', correct ="
                " 'Correct First Attempt', timestamp = 'First Transaction Time', order = 'Row',"
                " item = 'Problem Name', step = 'Step Name', tab-separated",
            ],
        ),
        (
            write_datashop_transactions,
            [
                "columns read: learner = 'Anon Student Id', skill = 'KC (F2011)', correct ="
                " 'Outcome', timestamp = 'Time', order = 'Row', attempt = 'Attempt At Step',"
                " tab-separated",
                "rows after a step's first attempt left out",
            ],
        ),
    ],
)
def test_assistments_and_datashop_exports_read_as_the_same_log_as_ours(
    tmp_path: Path, write: Callable[[Path, Rows], None], expected_notes: list[str]
) -> None:
    rows = answers()
    assert any("~~" in skill for _, skill, _, _, _ in rows)  # answers on two skills are in it
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.txt"
    write_ours(ours, rows)
    write(theirs, rows)
    log, notes = read_log(theirs)
    same_answers(log, read_csv(ours))
    assert len(notes) == len(expected_notes)
    for note, expected in zip(notes, expected_notes, strict=True):
        assert expected in note


@pytest.mark.parametrize(
    "write, suffix",
    [(write_assistments, ""), (write_datashop_steps, " / s"), (write_kdd_cup, " / s")],
)
def test_the_item_each_answer_is_to_is_read_where_the_export_names_it(
    tmp_path: Path, write: Callable[[Path, Rows], None], suffix: str
) -> None:
    """ASSISTments' problem_id; DataShop's problem with its step (a step is what is answered)."""
    rows = answers()
    path = tmp_path / "log.txt"
    write(path, rows)
    log, _ = read_log(path)
    assert log.item is not None

    def per_learner(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
        items: dict[str, list[str]] = {}
        for learner, item in pairs:
            items.setdefault(learner, []).append(item)
        return items

    written = per_learner([(learner, item + suffix) for learner, *_, item in rows])
    read = per_learner(
        [(str(log.learner_names[log.learner[i]]), str(log.item_of(i))) for i in range(len(log))]
    )
    assert read == written


def test_how_long_each_answer_took_is_read_in_seconds(tmp_path: Path) -> None:
    """ASSISTments' ms_first_response in milliseconds, DataShop's step duration in seconds; a
    blank, unreadable or negative one is unknown."""
    rows = answers()
    assistments = tmp_path / "assistments.csv"
    write_assistments(assistments, rows)
    log, _ = read_log(assistments)
    assert log.seconds is not None
    assert sorted(set(log.seconds.tolist())) == [float(k) for k in range(1, 51)]
    datashop = tmp_path / "steps.txt"
    datashop.write_text(
        "Anon Student Id\tKC (F2011)\tFirst Attempt\tStep Duration (sec)\n"
        "a\ts\tcorrect\t12.5\na\ts\tincorrect\t\na\ts\tcorrect\t.\na\ts\tcorrect\t-3\n"
    )
    log, notes = read_log(datashop)
    assert "duration = 'Step Duration (sec)'" in notes[0]
    assert log.seconds_of(0) == 12.5 and [log.seconds_of(i) for i in (1, 2, 3)] == [None] * 3


def test_the_time_of_a_datashop_step_is_its_first_attempt(tmp_path: Path) -> None:
    path = tmp_path / "steps.txt"
    rows = answers()[:3]
    write_datashop_steps(path, rows)  # the step was shown 5 s before its first attempt
    log, _ = read_log(path)
    # Written as local times without a zone (as DataShop does), read back as local times.
    expected = [when.replace(tzinfo=None, microsecond=0).timestamp() for *_, when, _ in rows]
    assert sorted(log.time.tolist()) == sorted(expected)


def test_partial_credit_is_read_as_wrong_and_said(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("user_id,skill,correct\na,s,0.5\na,s,1.0\na,s,0\n")
    log, notes = read_log(path)
    assert log.correct.tolist() == [0, 1, 0]
    assert "1 answers with partial credit read as wrong" in notes


def test_mastery_evaluate_reads_a_datashop_export_and_says_how(tmp_path: Path) -> None:
    path = tmp_path / "steps.txt"
    write_datashop_steps(path, answers())
    result = CliRunner().invoke(main, ["mastery", "evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "columns read: learner = 'Anon Student Id'" in result.output
    assert "live engine" in result.output and "BKT (per skill)" in result.output


def test_assistments_2015_problem_sets_are_read_as_its_skills(tmp_path: Path) -> None:
    """ASSISTments 2015 names no skill: each row's problem set (sequence_id, a skill builder)
    drills one, and log_id orders the answers; where a log names skills too, they are read."""
    path = tmp_path / "2015.csv"
    path.write_text(
        "user_id,log_id,sequence_id,correct\n"
        "7,30,5918,1\n7,10,7014,0\n7,20,7014,0.666666667\n8,15,7014,1\n"
    )
    log, notes = read_log(path)
    assert "skill = 'sequence_id'" in notes[0] and "order = 'log_id'" in notes[0]
    first = [str(log.skill_names[s]) for s in log.skill[log.learner == 0]]
    assert first == ["7014", "7014", "5918"]  # in log_id order
    assert log.correct.tolist() == [0, 0, 1, 1]
    both = tmp_path / "2009.csv"
    both.write_text("user_id,sequence_id,skill_id,correct\n7,5918,311,1\n")
    log, _ = read_log(both)
    assert log.skill_names.tolist() == ["311"]
