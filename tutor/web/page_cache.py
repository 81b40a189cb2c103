"""Content pages rendered once per content version, not once per request.

A topic page is mostly the same for everyone: its text, lab, chain and neighbours. Those parts
are template fragments (``fragment("_topic_text.html", topic)`` in a template) kept per content
version; only the learner's own parts (mastery, goal, the question shown to them) are rendered
per request.

An anonymous visitor (no account, no learner cookie) sees the whole page the same but for three
values made per request: the CSRF token, the question instance and the idempotency key. That
page is kept whole with slots for them, filled in by string replacement; it carries a weak
``ETag`` (content version and templates) with ``Cache-Control: private, no-cache`` and
``Vary: Cookie``, so a browser revalidates and gets a 304 while the content is unchanged. The
copy it keeps holds tokens that stay valid for it: the CSRF token is bound to its own session
cookie, the instance names no learner yet (``instances.NEW_LEARNER``) and expires after a week.

Every entry is dropped when the content version moves (``CatalogCache`` notices that, see
``tutor.curriculum.catalog``), so an edit is served at the next request that sees it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, g, make_response, render_template, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from tutor.content import Topic
from tutor.web.auth import USER_KEY
from tutor.web.identity import LEARNER_KEY
from tutor.web.requests import catalog

MAX_ENTRIES = 2048
CSRF_SLOT, INSTANCE_SLOT, KEY_SLOT = (
    "tutor-slot-csrf-8c1d",
    "tutor-slot-instance-8c1d",
    "tutor-slot-key-8c1d",
)
SLOTS = re.compile(f"({CSRF_SLOT}|{INSTANCE_SLOT}|{KEY_SLOT})")
TEMPLATES = Path(__file__).resolve().parent / "templates"
T = TypeVar("T")


def _templates_digest() -> str:
    """Changes when any template does, so a new release never answers 304 to an old page."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.rglob("*.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


TEMPLATES_DIGEST = _templates_digest()


class PageCache:
    """Rendered HTML (or what is made of it) by key, for one content version at a time."""

    def __init__(self) -> None:
        self._version: int | None = None
        self._pages: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def get(self, version: int, key: Hashable, render: Callable[[], T]) -> T:
        with self._lock:
            if version != self._version:
                self._pages, self._version = {}, version
            html = self._pages.get(key)
        if html is None:
            html = render()
            with self._lock:
                if version == self._version:
                    if len(self._pages) >= MAX_ENTRIES:
                        self._pages.clear()
                    self._pages[key] = html
        return html


def _cache() -> PageCache:
    return current_app.extensions["tutor.pages"]


def fragment(template: str, topic: Topic) -> Markup:
    """A visitor-independent part of a topic page, rendered once per content version."""
    cat = catalog()
    html = _cache().get(
        cat.version,
        ("fragment", template, topic.id, request.script_root),
        lambda: render_template(
            template, topic=topic, figures=cat.graph.figures(topic.id), catalog=cat
        ),
    )
    return Markup(html)


def anonymous_visitor() -> bool:
    """No account and no learner yet: every such visitor is shown the same page."""

    return (
        session.get(USER_KEY) is None and not session.get(LEARNER_KEY) and g.get("learner") is None
    )


def anonymous_page(
    name: str, template: str, instance: Callable[[], str] | None, **context: object
) -> Response:
    """``template`` as every anonymous visitor sees it, kept per content version, with this
    request's CSRF token, question instance (when ``instance`` is given) and idempotency key."""
    cat = catalog()
    etag = f"{name}-{cat.version}-{TEMPLATES_DIGEST}"
    if request.if_none_match.contains_weak(etag):
        response = make_response("", 304)
    else:
        # Kept split at its slots (odd items), so that filling them is one join.
        parts = _cache().get(
            cat.version,
            ("page", name, request.script_root),
            lambda: SLOTS.split(
                render_template(
                    template,
                    csrf_token=lambda: CSRF_SLOT,
                    idempotency_key=lambda: KEY_SLOT,
                    **({"instance": INSTANCE_SLOT} if instance else {}),
                    **context,
                )
            ),
        )
        values = {CSRF_SLOT: generate_csrf(), KEY_SLOT: secrets.token_urlsafe(16)}
        if instance is not None and INSTANCE_SLOT in parts:
            values[INSTANCE_SLOT] = instance()
        filled = list(parts)
        filled[1::2] = [values[slot] for slot in parts[1::2]]
        html = "".join(filled)
        response = make_response(html)
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.extensions["tutor.pages"] = PageCache()
    app.add_template_global(fragment, "fragment")
