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
from tutor.store.db import make_engine, make_session_factory
from tutor.web import (
    account,
    api,
    api_guard,
    author,
    author_api,
    diagnose,
    engine_api,
    errors,
    lab,
    learn,
    ops,
    pages,
    ratelimits,
    requests,
    vendor,
)
from tutor.web.auth import SessionInterface, current_user

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
    app.extensions["tutor.catalog"] = shared_catalog_cache(settings.resolved_database_url,
                                                           settings.content_check_seconds)
    ops.init_app(app)  # before requests, so that its request log runs after the commit
    requests.init_app(app)  # before CSRF, so an oversized body is refused before CSRF reads the form
    csrf.init_app(app)
    api_guard.init_app(app)  # after CSRF, which exempts the /api blueprints; one check for all of /api
    errors.init_app(app)
    pages.init_app(app)
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(render_inline, "markdown_inline")
    app.add_template_global(lambda: secrets.token_urlsafe(16), "idempotency_key")
    app.add_template_global(MAX_ANSWER_CHARS, "max_answer_chars")
    app.session_interface = SessionInterface()
    app.add_template_global(current_user, "signed_in_user")
    app.register_blueprint(learn.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(engine_api.bp)
    app.register_blueprint(diagnose.bp)
    csrf.exempt(api.bp)
    csrf.exempt(engine_api.bp)
    app.register_blueprint(author.bp)
    app.register_blueprint(author_api.bp)
    csrf.exempt(author_api.bp)
    app.register_blueprint(vendor.bp)
    app.register_blueprint(lab.bp)
    ratelimits.init_app(app, settings)
    return app
