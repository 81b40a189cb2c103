"""Pages for accounts: sign up, sign in, sign out, and the account page with API tokens."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tutor.accounts import users
from tutor.web.auth import end_session, require_role, signed_in_user, start_session
from tutor.web.identity import current_learner
from tutor.web.inputs import optional_whole_number
from tutor.web.requests import db

bp = Blueprint("account", __name__)
SIGNED_UP = (
    "Welcome! If this email had an account already, nothing was changed: sign in with its "
    "password instead."
)
TOKEN_DAYS = (None, 7, 30, 90, 365)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a sign-in link cannot send a user elsewhere."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlparse(target).netloc
    ):
        return target
    return url_for("learn.home")


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return render_template("account/sign_up.html", error=None, email="")
    email = request.form.get("email", "")[:320]
    try:
        user = users.sign_up(
            db(),
            email,
            request.form.get("password", ""),
            learner=current_learner(),
            password_again=request.form.get("password_again"),
        )
    except users.AccountError as exc:  # bad input only: it says nothing about other accounts
        return render_template("account/sign_up.html", error=str(exc), email=email), 400
    if user is not None:
        start_session(user)
    # The same answer whether the email was new or had an account (whose owner is not signed in):
    # sign-up must not tell strangers which addresses have accounts.
    flash(SIGNED_UP)
    return redirect(url_for("learn.home"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response | tuple[str, int]:
    target = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("account/sign_in.html", error=None, email="", next=target)
    email = request.form.get("email", "")
    user = users.authenticate(db(), email, request.form.get("password", ""))
    if user is None:
        return render_template(
            "account/sign_in.html",
            error="Email or password is not right.",
            email=email,
            next=target,
        ), 401
    start_session(user)
    return redirect(target)


@bp.post("/sign-out")
def sign_out() -> Response:
    end_session()
    return redirect(url_for("learn.home"))


@bp.post("/account/sign-out-everywhere")
@require_role()
def sign_out_everywhere() -> Response:
    """Close every signed-in session of the account, this one included (API tokens stay)."""
    closed = users.close_all_sign_ins(db(), signed_in_user())
    end_session()
    flash(f"Signed out of {closed} session{'s' if closed != 1 else ''}.")
    return redirect(url_for("account.sign_in"))


@bp.get("/account")
@require_role()
def account() -> str:
    user = signed_in_user()
    return render_template(
        "account/account.html",
        user=user,
        tokens=users.tokens(db(), user),
        new_secret=None,
        sessions=users.sign_ins(db(), user),
    )


@bp.app_context_processor
def _token_choices() -> dict[str, object]:
    return {"token_days": TOKEN_DAYS, "role_scopes": users.ROLE_SCOPES}


@bp.post("/account/tokens")
@require_role()
def create_token() -> str | tuple[str, int]:
    user = signed_in_user()
    days = optional_whole_number(
        request.form.get("expires_in_days"),
        "expires_in_days",
        1,
        users.MAX_TOKEN_DAYS,
        where="Form field",
    )
    try:
        new = users.create_token(
            db(),
            user,
            request.form.get("name", "")[:200],
            request.form.getlist("scopes")[:10] or ["read"],
            days,
        )
    except users.AccountError as exc:
        flash(str(exc))
        return render_template(
            "account/account.html",
            user=user,
            tokens=users.tokens(db(), user),
            new_secret=None,
            sessions=users.sign_ins(db(), user),
        ), 400
    return render_template(
        "account/account.html",
        user=user,
        tokens=users.tokens(db(), user),
        new_secret=new.secret,
        sessions=users.sign_ins(db(), user),
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
@require_role()
def revoke_token(token_id: int) -> Response:
    if not users.revoke_token(db(), signed_in_user(), token_id):
        abort(404, "No such token of yours.")
    return redirect(url_for("account.account"))
