"""The authoring service on a real database: saves validate everything, write revisions, refuse
cleanly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.fixtures import ALGEBRA, GOAL, ROOT, ROOT_TITLE
from tutor.content import Prerequisite
from tutor.curriculum import authoring
from tutor.curriculum.catalog import content_version, live_sources
from tutor.curriculum.files import ContentRejected
from tutor.store.db import make_engine, make_session_factory
from tutor.store.models import TopicRevision

TEMPLATE = """id: add-two
title: Add two numbers
parameters:
  a: {int: [2, 9]}
  b: {int: [2, 9]}
prompt: |
  What is ${{a}} + {{b}}$?
answer: "a + b"
tests:
  - response: "{{answer}}"
    expect: correct
"""
AUTHOR = "educator@example.org"


@pytest.fixture
def session(authoring_url: str) -> Iterator[Session]:
    engine = make_engine(authoring_url)
    with make_session_factory(engine)() as session, session.begin():
        yield session
    engine.dispose()


def _revisions(session: Session, topic_id: str) -> int:
    return session.scalar(select(func.count()).where(TopicRevision.topic_id == topic_id))


def test_a_new_topic_with_a_template_is_live_at_once(session: Session) -> None:
    before = content_version(session)
    text = authoring.new_topic_text("adding-two-numbers", "Adding two numbers", "Elementary")
    created = authoring.create_topic(session, text, AUTHOR)
    assert (created.revision, created.changed, created.content_version) == (1, True, before + 1)
    saved = authoring.put_template(
        session, "adding-two-numbers", None, TEMPLATE, AUTHOR, "first question"
    )
    assert saved.revision == 2 and [t.template_id for t in saved.self_tests] == ["add-two"]
    assert saved.self_tests[0].passed and saved.self_tests[0].seeds == authoring.SELF_TEST_SEEDS
    revision, source = live_sources(session)["adding-two-numbers"]
    assert revision == 2 and "  - id: add-two\n" in source
    newest = session.scalar(
        select(TopicRevision).where(
            TopicRevision.topic_id == "adding-two-numbers", TopicRevision.revision == 2
        )
    )
    assert (newest.author, newest.message) == (AUTHOR, "first question")


def test_creating_an_existing_topic_is_refused(session: Session) -> None:
    _, text = authoring.current_source(session, ROOT)
    with pytest.raises(ContentRejected, match="already exists"):
        authoring.create_topic(session, text, AUTHOR)


def test_a_prerequisite_that_closes_a_cycle_is_refused_naming_it(session: Session) -> None:
    version = content_version(session)
    with pytest.raises(ContentRejected) as refused:
        authoring.set_prerequisites(session, ROOT, [Prerequisite(GOAL)], AUTHOR)
    cycle = [p for p in refused.value.problems if p.startswith("prerequisite cycle: ")]
    assert cycle and f"{GOAL} -> {ROOT}" in cycle[0]
    assert content_version(session) == version and _revisions(session, ROOT) == 1


def test_a_template_failing_its_self_tests_is_refused(session: Session) -> None:
    wrong = TEMPLATE.replace('response: "{{answer}}"', 'response: "{{a}}"')
    with pytest.raises(ContentRejected) as refused:
        authoring.put_template(session, ALGEBRA, None, wrong, AUTHOR)
    assert all(p.startswith("self-tests failed: ") for p in refused.value.problems)
    assert "should be correct, got wrong" in refused.value.problems[0]
    assert _revisions(session, ALGEBRA) == 1


def test_an_edit_from_a_stale_revision_is_refused(session: Session) -> None:
    revision, text = authoring.current_source(session, ROOT)
    authoring.save_topic(
        session,
        ROOT,
        text.replace(ROOT_TITLE, "Counting to ten", 1),
        AUTHOR,
        "title",
        base_revision=revision,
    )
    with pytest.raises(authoring.StaleEdit, match="not 1"):
        authoring.save_topic(session, ROOT, text, AUTHOR, "again", base_revision=revision)


def test_an_id_change_in_the_text_is_refused(session: Session) -> None:
    _, text = authoring.current_source(session, ROOT)
    with pytest.raises(ContentRejected, match="does not match the file name"):
        authoring.save_topic(
            session,
            ROOT,
            text.replace(f"id: {ROOT}", "id: counting-2"),
            AUTHOR,
            "",
        )


def test_history_diff_and_revert(session: Session) -> None:
    _, original = authoring.current_source(session, ROOT)
    edited = original.replace(f"title: {ROOT_TITLE}", "title: Counting to Ten")
    assert authoring.save_topic(session, ROOT, edited, AUTHOR, "spell it out").revision == 2
    unchanged = authoring.save_topic(session, ROOT, edited, AUTHOR, "nothing")
    assert (unchanged.changed, unchanged.revision) == (False, 2)
    diff = authoring.diff(session, ROOT, 1, 2)
    assert f"-title: {ROOT_TITLE}\n+title: Counting to Ten\n" in diff
    assert diff.startswith(f"--- {ROOT}.md@1\n+++ {ROOT}.md@2\n")
    reverted = authoring.revert(session, ROOT, 1, AUTHOR)
    assert reverted.revision == 3
    assert authoring.current_source(session, ROOT) == (3, original)
    assert [(r.revision, r.message) for r in authoring.history(session, ROOT)] == [
        (3, "reverted to revision 1"),
        (2, "spell it out"),
        (1, "imported from files"),
    ]


def test_a_template_preview_draws_variants_or_names_the_problems() -> None:
    preview = authoring.preview_template("draft", TEMPLATE, [0, 1, 2])
    assert [v.seed for v in preview.variants] == [0, 1, 2] and not preview.problems
    assert all(
        v.answer_plain == str(int(v.plain_values["a"]) + int(v.plain_values["b"]))
        for v in preview.variants
    )
    broken = authoring.preview_template("draft", TEMPLATE.replace('"a + b"', '"a + c"'), [0])
    assert not broken.variants and broken.problems
