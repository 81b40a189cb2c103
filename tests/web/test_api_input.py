"""Bad input on every API operation: malformed JSON, wrong types, unknown ids, oversized bodies.

Each gets a 4xx JSON error that says what is wrong, and changes nothing in the database. The
operations come from the OpenAPI description, which test_api checks against the URL map.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import answer_body, database_rows
from tutor.web.api.openapi import PATHS, SCHEMAS

OPERATIONS = sorted(
    (path, method)
    for path, item in PATHS.items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
)
UNKNOWN = {
    "topic_id": "no-such-topic",
    "token_id": 999_999,
    "user_id": 999_999,
    "check_id": 999_999,
    "placement_id": 999_999,
}
WRONG_TYPE = {
    "string": 5,
    "integer": "7",
    "number": "x",
    "boolean": "yes",
    "array": "x",
    "object": [],
}


def _url(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)


def _body_schema(path: str, method: str) -> dict[str, Any] | None:
    body = PATHS[path][method].get("requestBody")
    if body is None:
        return None
    schema = body["content"]["application/json"]["schema"]
    ref = schema.get("$ref", "")
    return SCHEMAS[ref.rsplit("/", 1)[-1]] if ref else schema


class Api:
    """An admin's client (every operation is open to it), the things it owns, and checks."""

    def __init__(self, app, bearer, topic: str) -> None:
        self.app, self.topic = app, topic
        self.client = app.test_client()
        self.auth = bearer("admin")
        self.client.post("/api/goals", json={"topic_id": topic}, headers=self.auth)
        token = self.client.post(
            "/api/tokens", json={"name": "spare"}, headers=self.auth
        ).get_json()
        learner = self.client.get("/api/users", headers=self.auth).get_json()["users"][0]
        check = self.client.post(f"/api/topics/{topic}/known", headers=self.auth).get_json()[
            "check"
        ]
        placement = self.client.post(
            "/api/placement", json={"topic_id": topic}, headers=self.auth
        ).get_json()
        self.known = {
            "topic_id": topic,
            "token_id": token["id"],
            "user_id": learner["id"],
            "check_id": check["id"],
            "placement_id": placement["id"],
        }

    def valid_body(self, path: str, method: str) -> dict[str, Any]:
        if path == "/api/answers":
            return answer_body(self.app, self.client, self.topic, self.auth)
        schema = _body_schema(path, method) or {}
        samples = {"topic_id": self.topic, "name": "a token", "role": "learner"}
        return {
            name: samples.get(name, 1 if prop.get("type") == "integer" else "x")
            for name, prop in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }

    def refused(self, method: str, url: str, status: int | None = None, **kwargs: Any) -> str:
        """Send the request; it must be refused with a JSON error and change nothing."""
        before = database_rows(self.app)
        response = self.client.open(url, method=method.upper(), headers=self.auth, **kwargs)
        assert 400 <= response.status_code < 500, (method, url, kwargs.keys(), response.status_code)
        if status is not None:
            assert response.status_code == status, (method, url, response.get_json())
        error = response.get_json()
        assert error["status"] == response.status_code and len(error["error"]) > 10
        assert database_rows(self.app) == before, (method, url)
        return error["error"]


@pytest.fixture
def api(app, bearer, practice_topic) -> Api:
    return Api(app, bearer, practice_topic)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_malformed_json_and_wrong_media_types(api: Api, path: str, method: str) -> None:
    url = _url(path, api.known)
    assert "not a valid JSON object" in api.refused(
        method, url, 400, data="{not json", content_type="application/json"
    )
    assert "not a valid JSON object" in api.refused(
        method, url, 400, data=b"\xff\xfe{", content_type="application/json"
    )
    assert "Content-Type: application/json" in api.refused(method, url, 415, data="topic_id=x")
    assert "larger than the limit" in api.refused(
        method, url, 413, data="[" + "1," * 150_000 + "1]", content_type="application/json"
    )


@pytest.mark.parametrize(("path", "method"), [op for op in OPERATIONS if _body_schema(*op)])
def test_wrong_types_in_the_body(api: Api, path: str, method: str) -> None:
    url = _url(path, api.known)
    assert "JSON object" in api.refused(method, url, 400, json=["a", "list"])
    assert "JSON object" in api.refused(method, url, 400, json="a string")
    schema = _body_schema(path, method)
    assert schema is not None
    for name in schema.get("required", []):
        body = api.valid_body(path, method)
        del body[name]
        assert repr(name) in api.refused(method, url, 400, json=body)
    for name, prop in schema["properties"].items():
        body = {**api.valid_body(path, method), name: WRONG_TYPE[prop["type"]]}
        if name == "response":
            body.pop("responses", None)
        assert repr(name) in api.refused(method, url, 400, json=body), name


@pytest.mark.parametrize(("path", "method"), [op for op in OPERATIONS if "{" in op[0]])
def test_unknown_ids(api: Api, path: str, method: str) -> None:
    body = api.valid_body(path, method) if _body_schema(path, method) else None
    message = api.refused(method, _url(path, UNKNOWN), 404, json=body)
    named = [str(UNKNOWN[name]) for name in re.findall(r"\{(\w+)\}", path)]
    assert any(value in message for value in named), message


@pytest.mark.parametrize("field", ["topic_id", "template_id"])
def test_unknown_ids_in_an_answer(api: Api, field: str) -> None:
    body = {**api.valid_body("/api/answers", "post"), field: "no-such-thing"}
    assert "no-such-thing" in api.refused("post", "/api/answers", 404, json=body)


@pytest.mark.parametrize("path", sorted(PATHS))
def test_methods_an_api_path_does_not_have_get_json_405(api: Api, path: str) -> None:
    missing = sorted({"get", "post", "put", "delete", "patch"} - set(PATHS[path]))
    for method in missing:
        assert "not allowed" in api.refused(method, _url(path, api.known), 405)


def test_unknown_api_paths_get_json_404(api: Api) -> None:
    assert "not found" in api.refused("get", "/api/no-such-thing", 404).lower()
    assert "not found" in api.refused("post", "/api/topics/x/y/z", 404, json={}).lower()


@pytest.mark.parametrize(
    ("method", "path"), [("delete", "/api/tokens/{}"), ("put", "/api/users/{}/role")]
)
def test_ids_beyond_what_the_database_holds_are_404(api: Api, method: str, path: str) -> None:
    """PostgreSQL refuses integers past 2^31 - 1: such an id names nothing, so it is a 404."""
    assert (
        "not found"
        in api.refused(method, path.format(2**31), 404, json={"role": "learner"}).lower()
    )
