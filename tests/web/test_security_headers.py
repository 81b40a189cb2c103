"""Security headers on every kind of response, and templates the Content-Security-Policy allows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.web import create_app, vendor

TEMPLATES = Path(__file__).resolve().parents[2] / "tutor" / "web" / "templates"
ALLOWED_SOURCES = {"'self'", "'none'", "data:"}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_the_policy_allows_only_our_own_origin() -> None:
    from flask import Flask

    from tutor.web.requests import _security_headers

    app = Flask(__name__)
    with app.test_request_context("/"):
        response = _security_headers(app.response_class())
    policy = csp_directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval, no other host
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    for name, sources in policy.items():
        extra = (
            set(sources) - ALLOWED_SOURCES - ({"'unsafe-inline'"} if name == "style-src" else set())
        )
        assert not extra, (name, extra)


@pytest.fixture
def failing_app(settings):
    """The app with two routes that fail, to see the headers of a 500."""
    app = create_app(settings)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/boom", "api_boom", boom)
    yield app
    app.extensions["tutor.engine"].dispose()


def _responses(app, topic: str):
    client = app.test_client()
    vendor_path = (
        "/vendor/katex/katex.min.js" if vendor.available("katex") else "/vendor/katex/none.js"
    )
    yield "page", client.get(f"/topics/{topic}"), 200
    yield "JSON", client.get("/api/topics"), 200
    yield "static file", client.get("/static/app.css"), 200
    yield "vendored file", client.get(vendor_path), 200 if vendor.available("katex") else 404
    yield "redirect", client.get("/account"), 302
    yield "CSRF 400", client.post(f"/topics/{topic}/goal"), 400
    yield "page 404", client.get("/no-such-page"), 404
    yield "API 404", client.get("/api/no-such-thing"), 404
    yield "static 404", client.get("/static/no-such-file.css"), 404
    yield "page 405", client.put("/topics"), 405
    yield "API 405", client.put("/api/topics"), 405
    yield "API 400", client.post("/api/goals", data="{", content_type="application/json"), 400
    yield "API 401", client.get("/api/me"), 401
    yield (
        "API 413",
        client.post("/api/goals", data="x" * 300_000, content_type="application/json"),
        413,
    )
    yield "page 500", client.get("/boom"), 500
    yield "API 500", client.get("/api/boom"), 500


def test_every_response_type_carries_the_headers(failing_app, practice_topic) -> None:
    seen = []
    for kind, response, status in _responses(failing_app, practice_topic):
        assert response.status_code == status, kind
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], kind
        assert headers["X-Frame-Options"] == "DENY", kind
        if kind.startswith("API"):
            assert response.is_json and response.get_json()["status"] == status, kind
        seen.append(kind)
    assert "bug" not in failing_app.test_client().get("/api/boom").get_data(as_text=True)
    assert len(seen) == 16


def test_a_405_names_the_allowed_methods(client) -> None:
    response = client.delete("/api/topics")
    assert response.status_code == 405 and response.is_json
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "not allowed" in response.get_json()["error"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))
)
def test_templates_need_no_inline_script(template: str) -> None:
    """The policy refuses inline script, so a template with some would break in the browser."""
    text = (TEMPLATES / template).read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a file under static/"
    assert not EVENT_HANDLER.search(text), "inline event handler: bind it from a static script"
    assert "javascript:" not in text.lower()
