"""What the per-process caches may and may not keep: a token revoked or a role changed, and a
content change, take effect at once when this process made them, and within the configured
interval (at once with 0) when another process did; anonymous topic pages revalidate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import text

from tests.topics import write_small_curriculum, write_topic
from tests.web.helpers import form_fields
from tutor.content import read_sources
from tutor.curriculum.catalog import CatalogCache
from tutor.curriculum.files import import_sources
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction
from tutor.web import create_app


def token_of(client, login) -> tuple[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    login(client)
    created = client.post(
        "/api/tokens", json={"name": "cli", "scopes": ["read", "answer"]}
    ).get_json()
    return created["id"], {"Authorization": f"Bearer {created['token']}"}


def test_a_token_revoked_through_another_app_of_this_process_is_refused_at_once(
    settings, client, login
) -> None:  # type: ignore[no-untyped-def]
    token_id, headers = token_of(client, login)
    elsewhere = create_app(replace(settings, token_cache_seconds=3600)).test_client()
    assert elsewhere.get("/api/me", headers=headers).status_code == 200  # now cached there
    assert client.delete(f"/api/tokens/{token_id}").status_code == 200
    assert elsewhere.get("/api/me", headers=headers).status_code == 401


def test_without_a_cache_a_revocation_by_another_process_is_refused_at_once(
    settings, client, login
) -> None:  # type: ignore[no-untyped-def]
    token_id, headers = token_of(client, login)
    uncached = create_app(replace(settings, token_cache_seconds=0))
    served = uncached.test_client()
    assert served.get("/api/me", headers=headers).status_code == 200
    with uncached.extensions["tutor.engine"].begin() as connection:  # as another process would
        connection.execute(
            text("UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": token_id},
        )
    assert served.get("/api/me", headers=headers).status_code == 401


def test_a_role_change_takes_effect_at_once(app, client, login, make_user) -> None:  # type: ignore[no-untyped-def]
    login(client, "educator")
    secret = client.post(
        "/api/tokens", json={"name": "t", "scopes": ["read", "author"]}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {secret}"}
    assert app.test_client().get("/api/me", headers=headers).get_json()["role"] == "educator"
    admin = app.test_client()
    login(admin, "admin")
    me = app.test_client().get("/api/me", headers=headers).get_json()
    assert admin.put(f"/api/users/{me['id']}/role", json={"role": "learner"}).status_code == 200
    assert app.test_client().get("/api/me", headers=headers).get_json()["role"] == "learner"


def test_the_catalog_serves_this_processs_content_change_at_once(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/content.sqlite3")
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    directory = write_small_curriculum(tmp_path / "content")
    with transaction(factory) as session:
        import_sources(session, read_sources(directory))
    cache = CatalogCache(check_seconds=3600)
    with factory() as session:
        assert "dividing" not in cache.get(session).topics
    write_topic(directory, "dividing", prerequisites=["multiplying"], level="Middle School")
    with transaction(factory) as session:
        import_sources(session, read_sources(directory))
    assert cache.fresh() is None  # this process's change: look again
    with factory() as session:
        assert "dividing" in cache.get(session).topics
    with engine.begin() as connection:  # another process's change: seen within the interval
        connection.execute(text("UPDATE content_state SET version = version + 1"))
    assert cache.fresh() is not None
    cache.check_seconds = 0  # no interval: every get asks the database
    with factory() as session:
        bumped = session.scalar(text("SELECT version FROM content_state"))
        assert cache.get(session).version == bumped
    engine.dispose()


def test_anonymous_topic_pages_revalidate_and_carry_fresh_tokens(app, practice_topic) -> None:  # type: ignore[no-untyped-def]
    # Each visitor gets a CSRF token and an idempotency key of their own; the question instance,
    # which names no learner yet, may be one signed for another visitor a moment before, and each
    # may answer it, once, as the learner made at that answer.
    first, second = app.test_client(), app.test_client()
    shown = first.get(f"/topics/{practice_topic}")
    again = second.get(f"/topics/{practice_topic}")
    assert shown.status_code == again.status_code == 200
    assert (
        shown.headers["Cache-Control"] == "private, no-cache" and "Cookie" in shown.headers["Vary"]
    )
    etag = shown.headers["ETag"]
    assert etag.startswith('W/"') and etag == again.headers["ETag"]
    one, other = (
        form_fields(shown.get_data(as_text=True)),
        form_fields(again.get_data(as_text=True)),
    )
    assert one["csrf_token"] != other["csrf_token"]
    assert one["idempotency_key"] != other["idempotency_key"]
    assert "tutor-slot" not in shown.get_data(as_text=True)
    assert (
        first.get(f"/topics/{practice_topic}", headers={"If-None-Match": etag}).status_code == 304
    )
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    for client, fields in ((first, one), (second, other)):
        variant = catalog.template(practice_topic, fields["template_id"]).variant(
            int(fields["seed"])
        )
        answers = (
            {"response": variant.parts[0].answer_plain}
            if len(variant.parts) == 1
            else {f"response-{i}": p.answer_plain for i, p in enumerate(variant.parts)}
        )
        answered = client.post(f"/topics/{practice_topic}/answer", data={**fields, **answers})
        assert answered.status_code == 200 and "Correct" in answered.get_data(as_text=True)
        again = {**fields, **answers, "idempotency_key": fields["idempotency_key"] + "-again"}
        assert client.post(f"/topics/{practice_topic}/answer", data=again).status_code == 409


def test_a_learners_topic_page_is_theirs_and_not_revalidated(app, client, practice_topic) -> None:  # type: ignore[no-untyped-def]
    client.post(f"/topics/{practice_topic}/goal")  # makes the learner
    page = client.get(f"/topics/{practice_topic}")
    assert page.status_code == 200 and "ETag" not in page.headers
    assert "Your goal" in page.get_data(as_text=True)
