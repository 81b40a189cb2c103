"""CSRF: every HTML form posts a token, and every form route refuses a missing or wrong one."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import database_rows
from tests.web.routes import route_url

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
POST_FORM = re.compile(r'<form\b[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)


def _form_routes(app: Flask) -> list[tuple[str, str]]:
    """(rule, method) of every route that takes form posts: all writes outside /api."""
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if not rule.rule.startswith("/api/")
    )


def _signed_in(app: Flask, make_user) -> FlaskClient:
    email, password = make_user("admin")
    client = app.test_client()
    token = TOKEN.search(client.get("/sign-in").get_data(as_text=True)).group(1)
    response = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def make_user(csrf_app):
    """The shared make_user fixture, bound to the CSRF-protected app."""
    from tutor.accounts.users import create_user
    from tutor.store.db import transaction

    def make(role: str = "learner") -> tuple[str, str]:
        email, password = f"{role}@example.org", "correct horse battery"
        with transaction(csrf_app.extensions["tutor.sessions"]) as session:
            create_user(session, email, password, role)
        return email, password

    return make


def test_every_form_route_refuses_a_missing_or_wrong_token(
    csrf_app, make_user, practice_topic
) -> None:
    client = _signed_in(csrf_app, make_user)
    routes = _form_routes(csrf_app)
    assert ("/sign-in", "POST") in routes and ("/topics/<topic_id>/answer", "POST") in routes
    before = database_rows(csrf_app)
    for rule_text, method in routes:
        rule = next(r for r in csrf_app.url_map.iter_rules() if r.rule == rule_text)
        url = route_url(rule, {"topic_id": practice_topic})
        for data in ({"name": "x"}, {"name": "x", "csrf_token": "forged"}):
            response = client.open(url, method=method, data=data)
            assert response.status_code == 400, (method, url, data, response.status_code)
            assert "CSRF token" in response.get_data(as_text=True)
    assert database_rows(csrf_app) == before
    assert client.get("/api/me").status_code == 200  # sign-out was refused too


def test_every_post_form_on_every_page_carries_a_token(csrf_app, make_user, practice_topic) -> None:
    client = _signed_in(csrf_app, make_user)
    anonymous = csrf_app.test_client()
    pages = [
        (client, "/"),
        (client, "/topics"),
        (client, f"/topics/{practice_topic}"),
        (client, f"/topics/{practice_topic}/practice"),
        (client, "/account"),
        (anonymous, "/sign-in"),
        (anonymous, "/sign-up"),
    ]
    forms = 0
    for page_client, path in pages:
        html = page_client.get(path).get_data(as_text=True)
        for form in POST_FORM.findall(html):
            forms += 1
            assert TOKEN.search(form), (path, form[:200])
    assert forms >= 6


def test_the_token_on_the_page_is_accepted(csrf_app, practice_topic) -> None:
    client = csrf_app.test_client()
    html = client.get(f"/topics/{practice_topic}").get_data(as_text=True)
    response = client.post(
        f"/topics/{practice_topic}/goal", data={"csrf_token": TOKEN.search(html).group(1)}
    )
    assert response.status_code == 302
    assert [g["id"] for g in client.get("/api/goals").get_json()["goals"]] == [practice_topic]


def test_the_api_takes_no_forms_so_needs_no_token(csrf_app, practice_topic) -> None:
    client = csrf_app.test_client()
    assert client.post("/api/goals", data={"topic_id": practice_topic}).status_code == 415
    assert client.post("/api/goals", json={"topic_id": practice_topic}).status_code == 201


def test_the_api_refuses_cookie_writes_from_other_sites(csrf_app, practice_topic) -> None:
    client = csrf_app.test_client()
    evil = {"Origin": "https://evil.example"}
    refused = client.post(f"/api/topics/{practice_topic}/known", headers=evil)
    assert refused.status_code == 403 and "other sites" in refused.get_json()["error"]
    assert client.get("/api/mastery").get_json() == {"mastery": []}
    same_site = {"Origin": "http://localhost"}
    assert client.post(f"/api/topics/{practice_topic}/known", headers=same_site).status_code == 201
