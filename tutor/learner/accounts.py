"""Accounts, roles and API tokens. Passwords are hashed with Argon2id (argon2-cffi)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tutor.learner.models import ROLES, ApiToken, Learner, SignIn, User, utcnow
from tutor.learner.services import new_learner

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
TOKEN_PREFIX = "tut_"
_hasher = PasswordHasher()
# Verifying against this when the email is unknown keeps sign-in time independent of whether an
# account exists.
_DUMMY_HASH = _hasher.hash("not a real password")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_user(session: Session, email: str, password: str, role: str = "learner",
                learner: Learner | None = None) -> User:
    """A new account; it takes over ``learner`` (an anonymous history) when one is given."""
    email = normalize_email(email)
    if not EMAIL.match(email):
        raise AccountError("Enter a valid email address.")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"Use a password of at least {MIN_PASSWORD} characters.")
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}.")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("An account with this email already exists.")
    if learner is None or session.scalar(select(User.id).where(User.learner_id == learner.id)):
        learner = new_learner(session)
    user = User(email=email, password_hash=_hasher.hash(password), role=role, learner_id=learner.id)
    session.add(user)
    session.flush()
    return user


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
        raise LookupError(f"unknown user {user_id}")
    if user.role == "admin" and role != "admin":
        admins = session.scalar(select(func.count()).select_from(User).where(User.role == "admin"))
        if admins <= 1:
            raise AccountError("The last administrator cannot give up the role.")
    user.role = role
    session.flush()
    return user


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once; only its digest is stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, user: User, name: str) -> NewToken:
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise AccountError("Give the token a name of 1 to 100 characters.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, digest=_digest(secret), prefix=secret[:12])
    session.add(token)
    session.flush()
    return NewToken(token, secret)


def user_for_token(session: Session, secret: str) -> User | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    return session.scalar(select(User).join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.digest == _digest(secret), ApiToken.revoked_at.is_(None)))


def tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                       ApiToken.revoked_at.is_(None))
                                .order_by(ApiToken.id)))


def revoke_token(session: Session, user: User, token_id: int) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    session.flush()
    return True


def open_sign_in(session: Session, user: User) -> str:
    """Record a new signed-in session for the user; returns the secret id for its cookie."""
    secret = secrets.token_urlsafe(32)
    session.add(SignIn(digest=_digest(secret), user_id=user.id))
    session.flush()
    return secret


def user_for_sign_in(session: Session, user_id: int, secret: str) -> User | None:
    """The user of a signed-in session that is still open, else None."""
    if not isinstance(secret, str) or len(secret) > 200:
        return None
    return session.scalar(select(User).join(SignIn, SignIn.user_id == User.id).where(
        SignIn.digest == _digest(secret), User.id == user_id))


def close_sign_in(session: Session, secret: str | None) -> None:
    if isinstance(secret, str):
        session.execute(delete(SignIn).where(SignIn.digest == _digest(secret)))


def sign_ins(session: Session, user: User) -> int:
    """How many signed-in sessions the user has open."""
    return session.scalar(select(func.count()).select_from(SignIn).where(SignIn.user_id == user.id)) or 0


def close_all_sign_ins(session: Session, user: User) -> int:
    """Sign the user out everywhere; returns how many sessions were closed."""
    return session.execute(delete(SignIn).where(SignIn.user_id == user.id)).rowcount or 0
