"""The JSON API: one /api blueprint whose nested blueprints serve practice, diagnostics,
accounts and authoring. Its request checks (token and scope, Origin, strict JSON) run once, on
the parent, for every API route."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from tutor.web.api import accounts, author, diagnostics, guard, practice
from tutor.web.api.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")
bp.before_request(guard.check_api_request)
CHILDREN = (practice.bp, diagnostics.bp, accounts.bp, author.bp)
for child in CHILDREN:
    bp.register_blueprint(child)


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


def init_app(app: Flask, csrf: CSRFProtect) -> None:
    """Register /api; its callers authenticate by token or by a same-origin cookie, not by forms."""
    app.register_blueprint(bp)
    csrf.exempt(bp)
    for child in CHILDREN:
        csrf.exempt(child)
    guard.init_app(app)
