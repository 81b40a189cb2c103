"""Accounts, roles and API tokens. Passwords are hashed with Argon2id (argon2-cffi)."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from tutor.accounts.learners import new_learner
from tutor.errors import Invalid, NotFound
from tutor.store.db import after_commit
from tutor.store.models import ROLES, TOKEN_SCOPES, ApiToken, Learner, Role, SignIn, User, utcnow

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
# zxcvbn's score runs 0 (a top-10k password) to 4; 3 resists an offline attack on a slow hash
# such as Argon2 for years. Only the first characters are scored: matching is quadratic.
MIN_STRENGTH = 3
SCORED_CHARS = 100
MAX_TOKEN_DAYS = 3650
# Which token scopes each role may hold (its role is checked again on every request).
ROLE_SCOPES = {
    "learner": ("read", "answer"),
    "educator": ("read", "answer", "author"),
    "admin": TOKEN_SCOPES,
}
TOKEN_PREFIX = "tut_"
_hasher = PasswordHasher()
# Verifying against this when the email is unknown keeps sign-in time independent of whether an
# account exists.
_DUMMY_HASH = _hasher.hash("not a real password")


class _AccountChanges:
    """How many token revocations and role changes this process has committed (see token_cache)."""

    def __init__(self) -> None:
        self.count = 0

    def committed(self) -> None:
        self.count += 1


account_changes = _AccountChanges()


def accounts_changed(session: Session) -> None:
    """The session revokes a token or changes what a user may do: once it commits, this process
    looks every token up again (``token_cache``)."""
    after_commit(session, account_changes.committed)


class AccountError(Invalid):
    """A request about accounts that cannot be carried out; the message says why."""


class EmailTaken(AccountError):
    """The email has an account already. Only for administrators' tools: sign-up never says so."""


def normalize_email(email: str) -> str:
    """One form for every way of writing an address: NFKC (full-width letters, ligatures, ...)
    and case folding, so look-alikes that Unicode itself equates name one account.

    >>> normalize_email(" Ａda@Example.ORG ")
    'ada@example.org'
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).casefold())


def password_problem(password: str, email: str = "") -> str | None:
    """Why a password is too weak (zxcvbn's judgement, with the email as a known word), or None."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        return f"Use a password of at least {MIN_PASSWORD} characters."
    result = zxcvbn(password[:SCORED_CHARS], user_inputs=[email, *re.split(r"[@.]", email)][:8])
    if result["score"] >= MIN_STRENGTH:
        return None
    feedback = result["feedback"]
    advice = " ".join(
        part for part in [feedback.get("warning") or "", *feedback.get("suggestions", [])] if part
    )
    return f"This password is too easy to guess. {advice}".strip()


def _check_new_account(email: str, password: str, role: str) -> None:
    if not EMAIL.match(email):
        raise AccountError("Enter a valid email address.")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}.")


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str = "learner",
    learner: Learner | None = None,
) -> User:
    """A new account; it takes over ``learner`` (an anonymous history) when one is given.

    Taking over gives the learner a new public id, so the anonymous cookie that named it (or a
    copy planted by someone else) names nothing from now on.
    """
    email = normalize_email(email)
    _check_new_account(email, password, role)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken("An account with this email already exists.")
    if learner is None or session.scalar(select(User.id).where(User.learner_id == learner.id)):
        learner = new_learner(session)
    else:
        learner.public_id = secrets.token_urlsafe(24)
    user = User(email=email, password_hash=_hasher.hash(password), role=role, learner_id=learner.id)
    session.add(user)
    session.flush()
    return user


def sign_up(
    session: Session,
    email: str,
    password: str,
    learner: Learner | None = None,
    password_again: str | None = None,
) -> User | None:
    """Sign-up as the public may use it: the new account, or None when the email is taken.

    ``password_again`` is the form's confirmation: when given it must match, before anything is
    looked up or written (a typo in a password nobody can see would lock the learner out).

    The taken case costs the same Argon2 hash as a new account and must be answered exactly like
    one, so that sign-up does not tell whether an address has an account. Invalid input is still
    an AccountError: it says nothing about other accounts.
    """
    if password_again is not None and password_again != password:
        raise AccountError("The two passwords differ: type the same password in both fields.")
    try:
        return create_user(session, email, password, learner=learner)
    except EmailTaken:
        _hasher.hash(password)  # the work a new account would have cost
        return None


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if len(password) > MAX_PASSWORD:
        return None
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def set_role(session: Session, user_id: int, role: str) -> User:
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"unknown user {user_id}")
    if user.role == "admin" and role != "admin":
        admins = session.scalar(select(func.count()).select_from(User).where(User.role == "admin"))
        if (admins or 0) <= 1:
            raise AccountError("The last administrator cannot give up the role.")
    user.role = Role(role)
    session.flush()
    accounts_changed(session)
    return user


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once; only its digest is stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    session: Session,
    user: User,
    name: str,
    scopes: tuple[str, ...] | list[str] = ("read",),
    expires_in_days: int | None = None,
) -> NewToken:
    """A new token with ``scopes`` (each allowed for the user's role), expiring after
    ``expires_in_days`` days when given."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise AccountError("Give the token a name of 1 to 100 characters.")
    unknown = [s for s in scopes if s not in TOKEN_SCOPES]
    if unknown or not scopes:
        raise AccountError(f"Scopes must be one or more of {', '.join(TOKEN_SCOPES)}.")
    beyond = [s for s in scopes if s not in ROLE_SCOPES.get(user.role, ())]
    if beyond:
        raise AccountError(f"A {user.role} cannot give a token the scope {beyond[0]!r}.")
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
            raise AccountError(f"A token expires after 1 to {MAX_TOKEN_DAYS} days.")
        expires_at = utcnow() + timedelta(days=expires_in_days)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        digest=_digest(secret),
        prefix=secret[:12],
        scopes=" ".join(s for s in TOKEN_SCOPES if s in scopes),
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    return NewToken(token, secret)


@dataclass(frozen=True)
class TokenUse:
    """Who a bearer token speaks for and what it may do; ``expired`` tokens may do nothing."""

    user: User
    scopes: frozenset[str]
    expired: bool
    expires_at: datetime | None = None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def looks_like_token(secret: str) -> bool:
    return secret.startswith(TOKEN_PREFIX) and len(secret) <= 200


def use_token(session: Session, secret: str) -> TokenUse | None:
    """The live (not revoked) token with this secret, or None."""
    if not looks_like_token(secret):
        return None
    row = session.execute(
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.digest == _digest(secret), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    user, token = row
    expired = token.expires_at is not None and _aware(token.expires_at) <= utcnow()
    return TokenUse(user, frozenset(token.scopes.split()), expired, token.expires_at)


def user_for_token(session: Session, secret: str) -> User | None:
    use = use_token(session, secret)
    return use.user if use is not None and not use.expired else None


def tokens(session: Session, user: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id)
        )
    )


def revoke_token(session: Session, user: User, token_id: int) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    session.flush()
    accounts_changed(session)
    return True


def open_sign_in(session: Session, user: User) -> str:
    """Record a new signed-in session for the user; returns the secret id for its cookie."""
    secret = secrets.token_urlsafe(32)
    session.add(SignIn(digest=_digest(secret), user_id=user.id))
    session.flush()
    return secret


def user_for_sign_in(session: Session, user_id: int, secret: object) -> User | None:
    """The user of a signed-in session that is still open, else None."""
    if not isinstance(secret, str) or len(secret) > 200:
        return None
    return session.scalar(
        select(User)
        .join(SignIn, SignIn.user_id == User.id)
        .where(SignIn.digest == _digest(secret), User.id == user_id)
    )


def close_sign_in(session: Session, secret: str | None) -> None:
    if isinstance(secret, str):
        session.execute(delete(SignIn).where(SignIn.digest == _digest(secret)))


def sign_ins(session: Session, user: User) -> int:
    """How many signed-in sessions the user has open."""
    return (
        session.scalar(select(func.count()).select_from(SignIn).where(SignIn.user_id == user.id))
        or 0
    )


def close_all_sign_ins(session: Session, user: User) -> int:
    """Sign the user out everywhere; returns how many sessions were closed."""
    # A DELETE's result is a CursorResult, which counts the rows.
    result = cast(CursorResult, session.execute(delete(SignIn).where(SignIn.user_id == user.id)))
    return result.rowcount or 0
