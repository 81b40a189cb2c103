"""Hostile input to the web side (issue 16, items 5-11), each class with several inputs of the
class, on a real database through the real app. See docs/security.md for the defences.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from tests.conftest import _clear_learners
from tests.fixtures import CLAIMABLE, GOAL
from tests.web.conftest import answer_body, database_rows
from tests.web.helpers import form_fields, right_answers
from tests.web.routes import route_url
from tutor.store.db import transaction
from tutor.store.models import ApiToken, User, utcnow
from tutor.web import create_app, instances
from tutor.web.ratelimits import policy_class, writing_endpoints

CSP = "Content-Security-Policy"


def _mastery(client: FlaskClient, topic: str) -> dict[str, Any] | None:
    return next(
        (m for m in client.get("/api/mastery").get_json()["mastery"] if m["topic_id"] == topic),
        None,
    )


def _wrong(body: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in body.items() if k not in ("response", "responses")}
    body["response"] = "987654321"
    return body


# --- 5. Replay of a known answer ------------------------------------------------------------


def test_a_known_answer_cannot_be_replayed_for_mastery(client, app, practice_topic) -> None:
    """Answer wrong (the reply shows the answer), then post the right answer to the same
    question again and again, with new keys and with new tokens for the same variant."""
    body = answer_body(app, client, practice_topic)
    first = client.post("/api/answers", json=_wrong(body))
    assert first.status_code == 201 and first.get_json()["verdict"]["correct"] is False
    after_first = _mastery(client, practice_topic)
    for key in ("k1", "k2", "k3"):
        replay = client.post("/api/answers", json={**body, "idempotency_key": key})
        assert replay.status_code == 409 and "counts once" in replay.get_json()["error"]
    assert _mastery(client, practice_topic) == after_first and after_first["attempts"] == 1


def test_a_fresh_token_for_an_answered_variant_counts_nothing(client, app, practice_topic) -> None:
    question = client.get(f"/api/topics/{practice_topic}/question").get_json()
    again = client.get(f"/api/topics/{practice_topic}/question").get_json()
    assert question["seed"] == again["seed"] and question["instance"] != again["instance"]
    body = {"response": "987654321", "instance": question["instance"]}
    assert client.post("/api/answers", json=body).status_code == 201
    replay = client.post("/api/answers", json={**right_answers(app, again)})
    assert replay.status_code == 409
    assert _mastery(client, practice_topic)["attempts"] == 1


def test_retries_with_the_same_key_still_return_the_first_answer(
    client, app, practice_topic
) -> None:
    body = {**answer_body(app, client, practice_topic), "idempotency_key": "retry-1"}
    first = client.post("/api/answers", json=body)
    again = client.post("/api/answers", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert (
        again.get_json()["duplicate"]
        and again.get_json()["attempt_id"] == first.get_json()["attempt_id"]
    )


@pytest.mark.parametrize(
    "token",
    [
        "",
        "x",
        "not.a.token",
        "eyJsIjoxfQ.AAAA.BBBB",
        "a" * 5000,
        12345,
        ["a list"],
        "forged",
    ],
)
def test_forged_instances_are_refused(client, app, practice_topic, token) -> None:
    body = {**answer_body(app, client, practice_topic), "instance": token}
    before = database_rows(app)
    response = client.post("/api/answers", json=body)
    assert response.status_code in (400, 403), response.get_json()
    assert "instance" in response.get_json()["error"]
    assert database_rows(app) == before


def test_an_instance_signed_with_another_key_or_tampered_is_refused(
    client, app, practice_topic
) -> None:
    body = answer_body(app, client, practice_topic)
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(practice_topic, body["template_id"]).variant(body["seed"])
    other_key = instances.sign("not-our-secret", 0, variant)
    payload, _, signature = body["instance"].rpartition(".")
    tampered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    for token in (other_key, tampered, body["instance"][:-3]):
        response = client.post("/api/answers", json={**body, "instance": token})
        assert (
            response.status_code == 403
            and "not a question instance" in response.get_json()["error"]
        ), token
    assert client.get("/api/mastery").get_json() == {"mastery": []}


def test_another_learners_instance_is_refused(app, login, practice_topic) -> None:
    alice, mallory = app.test_client(), app.test_client()
    login(alice)
    login(mallory)
    alices = answer_body(app, alice, practice_topic)
    stolen = mallory.post("/api/answers", json=alices)
    assert stolen.status_code == 403 and "another learner" in stolen.get_json()["error"]
    assert mallory.get("/api/mastery").get_json() == {"mastery": []}
    assert alice.post("/api/answers", json=alices).status_code == 201


def test_a_question_shown_anonymously_is_not_for_older_learners(app, practice_topic) -> None:
    veteran = app.test_client()
    veteran.post("/api/goals", json={"topic_id": practice_topic})  # a learner row from before
    newcomer = app.test_client()
    body = answer_body(app, newcomer, practice_topic)  # shown before newcomer had a learner
    assert veteran.post("/api/answers", json=body).status_code == 403
    assert newcomer.post("/api/answers", json=body).status_code == 201


def test_a_client_chosen_seed_cannot_be_answered(client, app, practice_topic) -> None:
    chosen = client.get(f"/api/topics/{practice_topic}/question?seed=7").get_json()
    assert chosen["seed"] == 7 and chosen["instance"] is None
    refused = client.post(
        "/api/answers",
        json={
            "topic_id": practice_topic,
            "template_id": chosen["template_id"],
            "seed": 7,
            "response": "1",
        },
    )
    assert refused.status_code == 400 and "'instance' is required" in refused.get_json()["error"]
    body = answer_body(app, client, practice_topic)
    mismatch = client.post("/api/answers", json={**body, "seed": (body["seed"] + 1) % 2**31})
    assert mismatch.status_code == 400 and "does not match" in mismatch.get_json()["error"]


def test_page_answers_need_their_instance_and_count_once(client, app, practice_topic) -> None:
    page = client.get(f"/topics/{practice_topic}/practice").get_data(as_text=True)
    fields = form_fields(page)
    assert fields["instance"]
    without = {k: v for k, v in fields.items() if k != "instance"}
    assert (
        client.post(
            f"/topics/{practice_topic}/answer", data={**without, "response": "1"}
        ).status_code
        == 400
    )
    forged = client.post(
        f"/topics/{practice_topic}/answer", data={**fields, "instance": "x.y.z", "response": "1"}
    )
    assert forged.status_code == 403 and CSP in forged.headers
    name = "response" if "response-1" not in page else "response-0"
    first = client.post(f"/topics/{practice_topic}/answer", data={**fields, name: "987654321"})
    assert first.status_code in (200, 422)
    if first.status_code == 200:
        replay = client.post(
            f"/topics/{practice_topic}/answer",
            data={**fields, "idempotency_key": "another", name: "1"},
        )
        assert replay.status_code == 409 and "counts once" in replay.get_data(as_text=True)


def test_diagnostic_answers_are_bound_to_the_question_shown(client, app) -> None:
    placement = client.post("/api/placement", json={"topic_id": GOAL}).get_json()
    question = placement["question"]
    missing = client.post(f"/api/placement/{placement['id']}/answer", json={"response": "1"})
    assert missing.status_code == 400 and "'instance' is required" in missing.get_json()["error"]
    answered = client.post(
        f"/api/placement/{placement['id']}/answer", json=right_answers(app, question)
    )
    assert answered.status_code == 200
    stale = client.post(
        f"/api/placement/{placement['id']}/answer", json=right_answers(app, question)
    )
    assert stale.status_code == 409 and "answered already" in stale.get_json()["error"]
    assert client.get(f"/api/placement/{placement['id']}").get_json()["questions_asked"] == 1
    # A practice token is not a placement answer, nor a placement token a practice answer.
    practice = answer_body(app, client, GOAL)
    wrong_place = client.post(
        f"/api/placement/{placement['id']}/answer",
        json={"response": "1", "instance": practice["instance"]},
    )
    assert wrong_place.status_code == 400
    current = client.get(f"/api/placement/{placement['id']}").get_json()["question"]
    if current is not None:
        as_practice = client.post(
            "/api/answers", json={"response": "1", "instance": current["instance"]}
        )
        assert as_practice.status_code == 400


def test_another_learners_check_token_is_refused(app, login) -> None:
    alice, mallory = app.test_client(), app.test_client()
    login(alice)
    login(mallory)
    check = alice.post(f"/api/topics/{CLAIMABLE}/known").get_json()["check"]
    other = mallory.post(f"/api/topics/{CLAIMABLE}/known").get_json()["check"]
    response = mallory.post(
        f"/api/checks/{other['id']}/answer", json=right_answers(app, check["question"])
    )
    assert response.status_code in (400, 403)
    assert mallory.get(f"/api/checks/{other['id']}").get_json()["answers"] == []


# --- 6. The anonymous cookie after sign-up ---------------------------------------------------


def _cookie(client: FlaskClient) -> str:
    return client.get_cookie("session").value


def test_a_cookie_from_before_sign_up_opens_nothing_afterwards(app, practice_topic) -> None:
    victim = app.test_client()
    assert victim.post("/api/goals", json={"topic_id": practice_topic}).status_code == 201
    planted = _cookie(victim)  # copied, or planted by an attacker before the victim signs up
    attacker = app.test_client()
    attacker.set_cookie("session", planted)
    assert [g["id"] for g in attacker.get("/api/goals").get_json()["goals"]] == [practice_topic]
    assert (
        victim.post(
            "/sign-up", data={"email": "victim@example.org", "password": "a long passphrase"}
        ).status_code
        == 302
    )
    assert [g["id"] for g in victim.get("/api/goals").get_json()["goals"]] == [practice_topic]
    for _ in range(2):  # reads, then writes, then reads again
        assert attacker.get("/api/goals").get_json() == {"goals": []}
        assert attacker.get("/api/mastery").get_json() == {"mastery": []}
        attacker.delete(f"/api/goals/{practice_topic}")
        attacker.set_cookie("session", planted)
    assert [g["id"] for g in victim.get("/api/goals").get_json()["goals"]] == [practice_topic]
    victim.post("/account/sign-out-everywhere")
    attacker.set_cookie("session", planted)
    assert attacker.get("/api/goals").get_json() == {"goals": []}
    assert (
        attacker.post("/api/goals", json={"topic_id": GOAL}).status_code == 201
    )  # a new learner of its own
    signed_in = app.test_client()
    signed_in.post(
        "/sign-in", data={"email": "victim@example.org", "password": "a long passphrase"}
    )
    assert [g["id"] for g in signed_in.get("/api/goals").get_json()["goals"]] == [practice_topic]


def test_a_signed_in_cookie_carries_no_learner_key_after_sign_out(
    app, make_user, practice_topic
) -> None:
    email, password = make_user()
    browser = app.test_client()
    browser.post("/sign-in", data={"email": email, "password": password})
    browser.post("/api/goals", json={"topic_id": practice_topic})
    copied = _cookie(browser)
    browser.post("/sign-out")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/api/goals").get_json() == {"goals": []}


# --- 7. Rate limits: one policy for every route that grades or writes ---------------------------

TIGHT = dict.fromkeys(
    (
        "ratelimit_sign_in_per_account",
        "ratelimit_sign_in_per_address",
        "ratelimit_answers_per_account",
        "ratelimit_answers_per_address",
        "ratelimit_previews_per_account",
        "ratelimit_previews_per_address",
        "ratelimit_writes_per_account",
        "ratelimit_writes_per_address",
    ),
    "2 per minute",
)


@pytest.fixture
def tight_app(settings, make_user) -> Iterator[Flask]:
    app = create_app(replace(settings, **TIGHT, ratelimit_new_learners_per_address="3 per minute"))
    app.config["WTF_CSRF_ENABLED"] = False
    yield app
    _clear_learners(app.extensions["tutor.engine"])
    app.extensions["tutor.engine"].dispose()


def test_every_writing_route_falls_under_the_policy(tight_app, make_user, practice_topic) -> None:
    """The third write from one address within the minute is a 429 on every writing route, for
    an admin (whom no role check stops before the limits)."""
    email, password = make_user("admin")
    endpoints = writing_endpoints(tight_app)
    assert {
        "api.diagnostics.start_placement",
        "api.diagnostics.answer_placement",
        "api.practice.preview_answer",
        "api.author.preview_template",
        "api.author.put_template",
        "learn.answer",
    } <= set(endpoints)
    unlimited = []
    addresses = itertools.count(1)
    for rule in tight_app.url_map.iter_rules():
        for method in sorted(rule.methods & {"POST", "PUT", "DELETE"}):
            client = tight_app.test_client()
            number = next(addresses)
            client.environ_base["REMOTE_ADDR"] = f"10.9.{number // 250}.{number % 250}"
            assert (
                client.post("/sign-in", data={"email": email, "password": password}).status_code
                == 302
            )
            url = route_url(rule, {"topic_id": practice_topic})
            statuses = [client.open(url, method=method, json={}).status_code for _ in range(3)]
            if (
                rule.endpoint == "account.sign_out_everywhere"
            ):  # signed out by the first: no work left
                statuses[-1] = 429 if statuses[1:] == [302, 302] else statuses[-1]
            if statuses[-1] != 429:
                unlimited.append((method, rule.rule, statuses))
    assert not unlimited, unlimited


def test_limits_count_across_the_routes_of_a_class(tight_app, practice_topic) -> None:
    assert (
        policy_class("api.diagnostics.answer_check")
        == policy_class("api.practice.post_answer")
        == "answers"
    )
    client = tight_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.8.0.1"
    assert client.post("/api/preview", json={"response": "1"}).status_code == 200
    assert client.post("/api/preview", json={"response": "x+"}).status_code == 200
    refused = client.post("/api/preview", json={"response": "2"})
    assert refused.status_code == 429 and "previews" in refused.get_json()["error"]


def test_anonymous_placements_cannot_fill_the_learners_table(tight_app) -> None:
    statuses = []
    for _ in range(5):
        client = tight_app.test_client()  # no cookie: each would be a new learner
        client.environ_base["REMOTE_ADDR"] = "10.7.0.1"
        statuses.append(client.post("/api/placement", json={"topic_id": GOAL}).status_code)
    assert statuses[:2] == [201, 201] and 429 in statuses
    with tight_app.extensions["tutor.sessions"]() as session:
        from tutor.store.models import Learner

        assert session.scalar(select(func.count()).select_from(Learner)) <= 3


# --- 8. No 5xx for bad input ------------------------------------------------------------------

HOSTILE_TEXT = [
    "²",
    "٣",
    "9" * 5000,
    "-1",
    "1e999",
    "NaN",
    "\x00",
    "a\x00b",
    "%",
    "../../etc/passwd",
    "\u202e",
    "x" * 3000,
    "<script>",
    "0x10",
    " 1",
    "1 ",
    "",
    "ﬁ",
]


def _every_route(app: Flask) -> list[tuple[str, str, Any]]:
    return sorted(
        (
            (rule.rule, method, rule)
            for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}
        ),
        key=lambda r: (r[0], r[1]),
    )


QUERY_NAMES = (
    "seed",
    "template",
    "depth",
    "goal",
    "q",
    "from",
    "to",
    "limit",
    "threshold",
    "saved",
    "next",
    "a.seed",
    "a.depth",
    "b.steps",
)


def test_no_route_answers_hostile_values_with_a_5xx(app, login, practice_topic) -> None:
    """Every route, every method, each path argument and known query parameter set to hostile
    text, as an admin (who reaches everything): never a 5xx, and pages keep their CSP."""
    client = app.test_client()
    login(client, "admin")
    failures = []
    for _rule_text, method, rule in _every_route(app):
        if rule.endpoint in (
            "account.sign_out",
            "account.sign_out_everywhere",
            "lab.run_json",
            "lab.run_csv",
        ):
            continue
        for value in HOSTILE_TEXT[:12]:
            url = route_url(
                rule,
                {
                    name: value.replace("/", "%2F").replace("%", "%25")
                    if name != "filename"
                    else "app.css"
                    for name in rule.arguments
                },
            )
            query = "&".join(f"{name}={value}" for name in QUERY_NAMES)
            response = client.open(
                url,
                method=method,
                query_string=query,
                data={
                    "seed": value,
                    "revision": value,
                    "base_revision": value,
                    "name": value,
                    "email": value,
                    "instance": value,
                },
            )
            if response.status_code >= 500 or CSP not in response.headers:
                failures.append((method, url, repr(value)[:20], response.status_code))
    assert not failures, failures[:20]


@pytest.mark.parametrize(
    "header",
    [
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "Bearer",
        "Bearer tut_forged",
        "Digest x",
        "bearer \x7f",
        "Bearer " + "x" * 5000,
        "Negotiate",
    ],
)
def test_any_authorization_header_on_pages_is_ignored(client, practice_topic, header) -> None:
    for path in (
        "/",
        "/topics",
        f"/topics/{practice_topic}",
        "/sign-in",
        "/no-such-page",
        "/account",
    ):
        response = client.get(path, headers={"Authorization": header})
        assert response.status_code in (200, 302, 404), (path, header, response.status_code)
        assert CSP in response.headers
    api = client.get("/api/goals", headers={"Authorization": header})
    assert api.status_code == 401 and api.is_json


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 5000 + "1" + "}" * 5000,
        "[" * 40 + "]" * 40,
        '{"topic_id": NaN}',
        '{"topic_id": Infinity}',
        '{"seed": 1e999}',
        '{"seed": ' + "9" * 5000 + "}",
        '{"topic_id": "\\ud800"}',
        '{"\\udfff": 1}',
        '{"topic_id": "a\\u0000b"}',
    ],
)
def test_hostile_json_bodies_are_400(app, bearer, body) -> None:
    client = app.test_client()
    auth = bearer("admin")
    for path, method in (
        ("/api/goals", "POST"),
        ("/api/answers", "POST"),
        ("/api/tokens", "POST"),
        ("/api/author/preview/template", "POST"),
        ("/api/author/topics", "POST"),
        ("/api/no-such-route", "POST"),
    ):
        response = client.open(
            path, method=method, data=body, content_type="application/json", headers=auth
        )
        assert response.status_code in (400, 404) and response.is_json, (
            path,
            body[:30],
            response.status_code,
        )
        if path != "/api/no-such-route":
            assert response.status_code == 400


@pytest.mark.parametrize("text", ["\ud800", "ok\udfffok", "\x00", "x\x00"])
def test_unstorable_text_in_every_kind_of_field_is_400(app, bearer, practice_topic, text) -> None:
    client = app.test_client()
    auth = bearer("admin")
    before = database_rows(app)
    body = answer_body(app, client, practice_topic)
    for path, payload in (
        ("/api/answers", {**body, "idempotency_key": text}),
        ("/api/tokens", {"name": text}),
        ("/api/goals", {"topic_id": text}),
        ("/api/author/preview/topic", {"source": text}),
        ("/api/author/topics", {"source": f"---\nid: x{text}\n---\n"}),
        (f"/api/author/topics/{practice_topic}", {"source": text}),
    ):
        method = "PUT" if path.startswith("/api/author/topics/") else "POST"
        response = client.open(
            path,
            method=method,
            data=json.dumps(payload),
            content_type="application/json",
            headers=auth,
        )
        assert response.status_code == 400 and "cannot be stored" in response.get_json()["error"], (
            path
        )
    assert database_rows(app) == before


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/topics/{t}/question?seed={v}", "seed"),
        ("/api/topics/{t}/graph?depth={v}", "depth"),
        ("/api/author/topics/{t}/diff?from={v}&to=1", "from"),
        ("/api/author/topics/{t}/diff?from=1&to={v}", "to"),
        ("/api/author/topics/{t}/templates/x/responses?limit={v}", "limit"),
    ],
)
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "99999999999", "-1", "1.5", "%00"])
def test_numeric_query_parameters_refuse_anything_but_small_whole_numbers(
    app, bearer, practice_topic, path, name, value
) -> None:
    response = app.test_client().get(
        path.format(t=practice_topic, v=value), headers=bearer("admin")
    )
    assert response.status_code == 400, (path, value, response.get_json())
    assert (
        name in response.get_json()["error"] or "cannot be stored" in response.get_json()["error"]
    )


@pytest.mark.parametrize("value", ["²", "9" * 5000, "99999999999", "\x00"])
def test_numeric_form_fields_and_page_queries_are_400_pages(
    client, login, practice_topic, value
) -> None:
    login(client, "educator")
    for response in (
        client.get(f"/author/topics/{practice_topic}/history?from={value}&to=1"),
        client.post(f"/author/topics/{practice_topic}/revert", data={"revision": value}),
        client.post(
            f"/author/topics/{practice_topic}", data={"source": "x", "base_revision": value}
        ),
    ):
        assert response.status_code == 400 and CSP in response.headers
        assert "text/html" in response.content_type


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("base_revision", 2**40),
        ("revision", -(2**40)),
        ("first_seed", 2**63),
        ("expires_in_days", 10**30),
        ("count", 2**70),
    ],
)
def test_integers_beyond_a_database_integer_are_400(
    app, bearer, practice_topic, field, value
) -> None:
    client = app.test_client()
    auth = bearer("admin")
    path, method, body = {
        "base_revision": (f"/api/author/topics/{practice_topic}", "PUT", {"source": "x"}),
        "revision": (f"/api/author/topics/{practice_topic}/revert", "POST", {}),
        "first_seed": ("/api/author/preview/template", "POST", {"source": "x"}),
        "expires_in_days": ("/api/tokens", "POST", {"name": "t"}),
        "count": ("/api/author/preview/template", "POST", {"source": "x"}),
    }[field]
    response = client.open(path, method=method, json={**body, field: value}, headers=auth)
    assert response.status_code == 400 and field in response.get_json()["error"]


# --- 9. One Origin check for every /api route ---------------------------------------------------


def test_every_api_write_refuses_a_cookie_request_from_another_site(
    app, login, practice_topic
) -> None:
    client = app.test_client()
    login(client, "admin")
    before = database_rows(app)
    allowed = []
    for rule_text, method, rule in _every_route(app):
        if not rule_text.startswith("/api/") or method not in ("POST", "PUT", "DELETE"):
            continue
        url = route_url(rule, {"topic_id": practice_topic, "template_id": "x"})
        for origin in ("https://evil.example", "null", "http://localhost.evil.example"):
            response = client.open(url, method=method, json={}, headers={"Origin": origin})
            if response.status_code != 403 or "other sites" not in response.get_json()["error"]:
                allowed.append((method, rule_text, origin, response.status_code))
    unknown = client.post(
        "/api/author/no-such-thing", json={}, headers={"Origin": "https://evil.example"}
    )
    assert unknown.status_code == 403
    assert not allowed, allowed
    assert database_rows(app) == before


# --- 10. Sign-up: no enumeration, strong passwords, one account per normalised email ------------


def _signed_up(app: Flask, email: str, password: str = "a long passphrase") -> Any:
    return app.test_client().post("/sign-up", data={"email": email, "password": password})


def test_sign_up_answers_the_same_for_new_and_taken_emails(app, make_user) -> None:
    taken, _ = make_user()
    new = _signed_up(app, "fresh@example.org")
    again = _signed_up(app, taken)
    also = _signed_up(app, taken.upper(), "another long passphrase")
    for response in (again, also):
        assert (response.status_code, response.headers["Location"], response.get_data()) == (
            new.status_code,
            new.headers["Location"],
            new.get_data(),
        )
        assert "already" not in response.get_data(as_text=True)
    with app.extensions["tutor.sessions"]() as session:
        assert (
            session.scalar(select(func.count()).select_from(User).where(User.email == taken)) == 1
        )


@pytest.mark.parametrize(
    "look_alike",
    ["ＡＤＡ@ｅｘａｍｐｌｅ.ｏｒｇ", "Ada@EXAMPLE.org", " ada@example.org ", "ａda@example.org"],
)
def test_look_alike_emails_name_one_account(app, look_alike) -> None:
    assert _signed_up(app, "ada@example.org").status_code == 302
    assert _signed_up(app, look_alike, "yet another passphrase").status_code == 302
    with app.extensions["tutor.sessions"]() as session:
        assert list(session.scalars(select(User.email))) == ["ada@example.org"]
    client = app.test_client()
    assert (
        client.post(
            "/sign-in", data={"email": look_alike, "password": "a long passphrase"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "qwertyuiop12",
        "aaaaaaaaaaaa",
        "1234567890",
        "ada@example.org",
        "iloveyou1234",
    ],
)
def test_weak_passwords_are_refused(app, password) -> None:
    response = _signed_up(app, "ada@example.org", password)
    assert response.status_code == 400 and "too easy to guess" in response.get_data(as_text=True)


# --- 11. Token scopes and expiry; pages only take the cookie --------------------------------------


def _token(app: Flask, client: FlaskClient, scopes: list[str], **more: Any) -> dict[str, str]:
    created = client.post("/api/tokens", json={"name": "t", "scopes": scopes, **more})
    assert created.status_code == 201, created.get_json()
    return {"Authorization": f"Bearer {created.get_json()['token']}"}


def test_each_api_route_needs_its_scope(app, login, practice_topic) -> None:
    owner = app.test_client()
    login(owner, "admin")
    read_only = _token(app, owner, ["read"])
    everything = _token(app, owner, ["read", "answer", "author", "admin"])
    client = app.test_client()
    assert client.get("/api/goals", headers=read_only).status_code == 200
    for method, path in (
        ("POST", "/api/goals"),
        ("POST", "/api/answers"),
        ("POST", f"/api/topics/{practice_topic}/known"),
        ("POST", "/api/placement"),
        ("GET", "/api/author/topics"),
        ("GET", "/api/users"),
        ("POST", "/api/tokens"),
        ("GET", "/api/tokens"),
    ):
        refused = client.open(path, method=method, json={}, headers=read_only)
        assert refused.status_code == 403 and "scope" in refused.get_json()["error"], (method, path)
        assert client.open(path, method=method, json={}, headers=everything).status_code != 403, (
            path
        )
    answer_only = _token(app, owner, ["answer"])
    assert client.get("/api/mastery", headers=answer_only).status_code == 403
    assert (
        client.post(
            "/api/goals", json={"topic_id": practice_topic}, headers=answer_only
        ).status_code
        == 201
    )


def test_tokens_cannot_exceed_their_role_or_escalate(app, login) -> None:
    learner = app.test_client()
    login(learner)
    for scopes in (["author"], ["admin"], ["root"], [], ["read", 5]):
        assert (
            learner.post("/api/tokens", json={"name": "t", "scopes": scopes}).status_code == 400
        ), scopes
    reader = _token(app, learner, ["read", "answer"])
    assert (
        app.test_client()
        .post("/api/tokens", json={"name": "more", "scopes": ["read"]}, headers=reader)
        .status_code
        == 403
    )


def test_expired_tokens_open_nothing(app, login) -> None:
    client = app.test_client()
    login(client)
    auth = _token(app, client, ["read"], expires_in_days=1)
    # The expiry is moved in the database behind the app's back, as another process would: an app
    # that caches no tokens sees it at once (a caching one within TUTOR_TOKEN_CACHE_SECONDS).
    uncached = create_app(replace(app.config["TUTOR_SETTINGS"], token_cache_seconds=0))
    assert uncached.test_client().get("/api/me", headers=auth).status_code == 200
    with transaction(app.extensions["tutor.sessions"]) as session:
        session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = uncached.test_client().get("/api/me", headers=auth)
    assert expired.status_code == 401 and "expired" in expired.get_json()["error"]
    for days in (0, -1, 3651, "7"):
        assert (
            client.post("/api/tokens", json={"name": "t", "expires_in_days": days}).status_code
            == 400
        )


def test_pages_never_take_a_bearer_token(app, login, practice_topic) -> None:
    owner = app.test_client()
    login(owner, "admin")
    auth = _token(app, owner, ["read", "answer", "author", "admin"])
    stranger = app.test_client()
    for path in ("/account", "/author/", f"/author/topics/{practice_topic}"):
        response = stranger.get(path, headers=auth)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], path
    assert stranger.post(f"/topics/{practice_topic}/goal", headers=auth).status_code == 302
    assert owner.get("/api/goals").get_json() == {
        "goals": []
    }  # the goal went to an anonymous learner
    assert stranger.get("/api/me", headers=auth).status_code == 200
