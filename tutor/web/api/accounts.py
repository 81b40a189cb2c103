"""The accounts API: who am I, API tokens, and (for admins) users and their roles."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify
from werkzeug.wrappers import Response

from tutor.accounts import users
from tutor.store.models import TOKEN_SCOPES, User
from tutor.web.api.json_input import field as _field
from tutor.web.api.json_input import json_body as _json_body
from tutor.web.api.presenters import timestamp as _timestamp
from tutor.web.auth import require_role, signed_in_user
from tutor.web.requests import db

bp = Blueprint("accounts", __name__)


def _user_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "role": user.role}


@bp.get("/me")
@require_role()
def me() -> Response:
    return jsonify(_user_view(signed_in_user()))


def _token_view(token: Any) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes.split(),
        "created_at": _timestamp(token.created_at),
        "expires_at": _timestamp(token.expires_at) if token.expires_at else None,
    }


@bp.get("/tokens")
@require_role()
def list_tokens() -> Response:
    return jsonify(tokens=[_token_view(t) for t in users.tokens(db(), signed_in_user())])


@bp.post("/tokens")
@require_role()
def create_token() -> tuple[Response, int]:
    body = _json_body()
    name = _field(body, "name", str)
    scopes = _field(body, "scopes", list, required=False)
    scopes = ["read"] if scopes is None else scopes
    days = _field(body, "expires_in_days", int, required=False)
    if not all(isinstance(s, str) for s in scopes) or len(scopes) > len(TOKEN_SCOPES):
        abort(400, f"Field 'scopes' must be a list of at most {len(TOKEN_SCOPES)} scope names.")
    new = users.create_token(db(), signed_in_user(), name, scopes, days)
    return jsonify(**_token_view(new.token), token=new.secret), 201


@bp.delete("/tokens/<int:token_id>")
@require_role()
def revoke_token(token_id: int) -> Response:
    if not users.revoke_token(db(), signed_in_user(), token_id):
        abort(404, f"You have no token {token_id}.")
    return jsonify(revoked=token_id)


@bp.get("/users")
@require_role("admin")
def list_users() -> Response:
    return jsonify(users=[_user_view(u) for u in users.users(db())])


@bp.put("/users/<int:user_id>/role")
@require_role("admin")
def set_role(user_id: int) -> Response:
    role = _field(_json_body(), "role", str)
    user = users.set_role(db(), user_id, role)
    return jsonify(_user_view(user))
