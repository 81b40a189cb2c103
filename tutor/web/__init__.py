"""The Flask application: learner pages, the JSON API, and what they share."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from tutor.accounts.token_cache import TokenCache
from tutor.checking.limits import MAX_ANSWER_CHARS
from tutor.config import Settings, load_settings
from tutor.content.markdown import render_inline, render_markdown
from tutor.curriculum.catalog import shared_catalog_cache
from tutor.practice.fitted import FittedCache
from tutor.store.db import make_engine, make_session_factory
from tutor.web import api, errors, icons, ops, page_cache, ratelimits, requests, vendor
from tutor.web.auth import SessionInterface, current_user
from tutor.web.pages import account, author, diagnose, lab, learn, progress

csrf = CSRFProtect()


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """Build an app; tests pass their own settings, ``make run`` uses the environment."""
    settings = settings or load_settings(**overrides)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        MAX_CONTENT_LENGTH=256 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        TUTOR_SETTINGS=settings,
    )
    engine = make_engine(settings.resolved_database_url)
    app.extensions["tutor.engine"] = engine
    app.extensions["tutor.sessions"] = make_session_factory(engine)
    app.extensions["tutor.tokens"] = TokenCache(settings.token_cache_seconds)
    app.extensions["tutor.catalog"] = shared_catalog_cache(
        settings.resolved_database_url, settings.content_check_seconds
    )
    app.extensions["tutor.fits"] = FittedCache(settings.content_check_seconds)
    ops.init_app(app)  # before requests, so that its request log runs after the commit
    # Before CSRF, so that an oversized body is refused before CSRF reads the form.
    requests.init_app(app)
    csrf.init_app(app)
    errors.init_app(app)
    page_cache.init_app(app)
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(render_inline, "markdown_inline")
    app.add_template_global(lambda: secrets.token_urlsafe(16), "idempotency_key")
    app.jinja_env.globals["max_answer_chars"] = MAX_ANSWER_CHARS
    app.session_interface = SessionInterface()
    app.add_template_global(current_user, "signed_in_user")
    app.register_blueprint(learn.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(diagnose.bp)
    app.register_blueprint(progress.bp)
    app.register_blueprint(author.bp)
    api.init_app(
        app, csrf
    )  # after CSRF, which exempts /api; one set of request checks for all of it
    app.register_blueprint(vendor.bp)
    app.register_blueprint(icons.bp)
    app.register_blueprint(lab.bp)
    ratelimits.init_app(app, settings)
    return app
