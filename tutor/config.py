"""Settings: defaults, overridden by ``TUTOR_*`` environment variables, overridden by the caller.

This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# In a checkout, content/ and instance/ are beside the package; installed (from a wheel), the
# package lives in site-packages and they are relative to the working directory instead.
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file()


def _default_dir(name: str) -> Path:
    return PROJECT_ROOT / name if IN_CHECKOUT else Path.cwd() / name


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    content_dir: Path = field(default_factory=lambda: _default_dir("content"))
    instance_dir: Path = field(default_factory=lambda: _default_dir("instance"))
    host: str = "127.0.0.1"
    port: int = 5000
    secret_key: str = ""
    testing: bool = False
    # How stale a process may serve what it caches from the database, at most: the content
    # version (a content change made by another process is served within this) and API tokens
    # (a token revoked or a role changed in another process stops working within this). Changes
    # made by this process take effect at once. 0 asks the database on every request.
    content_check_seconds: float = 1.0
    token_cache_seconds: float = 2.0
    # Rate limits (Flask-Limiter syntax). Counters live in ratelimit_storage_uri: a redis:// URI
    # shares them between worker processes; empty means memory, which counts per process.
    ratelimit_storage_uri: str = ""
    ratelimit_enabled: bool = True
    ratelimit_key_prefix: str = "tutor"
    ratelimit_sign_in_per_account: str = "5 per minute; 30 per hour"
    ratelimit_sign_in_per_address: str = "60 per minute"
    ratelimit_answers_per_account: str = "30 per minute"
    ratelimit_answers_per_address: str = "300 per minute"
    ratelimit_previews_per_account: str = "120 per minute"
    ratelimit_previews_per_address: str = "600 per minute"
    ratelimit_writes_per_account: str = "60 per minute"
    ratelimit_writes_per_address: str = "300 per minute"
    ratelimit_new_learners_per_address: str = "30 per minute; 300 per hour"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance_dir / 'tutor.sqlite3'}"


def _secret_key(instance_dir: Path) -> str:
    """A key kept in the instance folder, so sessions survive restarts without configuration."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_settings(**overrides: Any) -> Settings:
    env = os.environ
    values: dict[str, Any] = {}
    if "TUTOR_DATABASE_URL" in env:
        values["database_url"] = env["TUTOR_DATABASE_URL"]
    if "TUTOR_CONTENT_DIR" in env:
        values["content_dir"] = Path(env["TUTOR_CONTENT_DIR"])
    if "TUTOR_INSTANCE_DIR" in env:
        values["instance_dir"] = Path(env["TUTOR_INSTANCE_DIR"])
    if "TUTOR_HOST" in env:
        values["host"] = env["TUTOR_HOST"]
    if "TUTOR_PORT" in env:
        values["port"] = int(env["TUTOR_PORT"])
    if "TUTOR_SECRET_KEY" in env:
        values["secret_key"] = env["TUTOR_SECRET_KEY"]
    if "TUTOR_RATELIMIT_ENABLED" in env:  # off where a proxy in front limits, and for load tests
        values["ratelimit_enabled"] = env["TUTOR_RATELIMIT_ENABLED"].lower() not in (
            "0",
            "false",
            "no",
        )
    for name in ("content_check_seconds", "token_cache_seconds"):
        if f"TUTOR_{name.upper()}" in env:
            values[name] = float(env[f"TUTOR_{name.upper()}"])
    if "TUTOR_RATELIMIT_STORAGE_URI" in env:
        values["ratelimit_storage_uri"] = env["TUTOR_RATELIMIT_STORAGE_URI"]
    values.update(overrides)
    settings = replace(Settings(), **values)
    if not settings.secret_key:
        settings = replace(settings, secret_key=_secret_key(settings.instance_dir))
    return settings


def redis_url_for_tests() -> str:
    """The Redis the rate-limit tests try (they skip when nothing answers there)."""
    return os.environ.get("TUTOR_TEST_REDIS_URL") or "redis://127.0.0.1:6379"


def test_database_url() -> str | None:
    """The database the test suite runs against, when not the default SQLite."""
    return os.environ.get("TUTOR_TEST_DATABASE_URL") or None
