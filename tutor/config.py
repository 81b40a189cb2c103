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


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    content_dir: Path = PROJECT_ROOT / "content"
    instance_dir: Path = PROJECT_ROOT / "instance"
    host: str = "127.0.0.1"
    port: int = 5000
    secret_key: str = ""
    testing: bool = False
    check_timeout_seconds: float = 1.0
    # Tests only: a directory holding two FIFOs, `held` and `release`. A writing request then
    # announces its process id on `held` just before it commits and waits for `release`, so a
    # test can kill the worker or cut its database connection at that exact moment.
    hold_before_commit: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

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
    if "TUTOR_TEST_HOLD_BEFORE_COMMIT" in env:
        values["hold_before_commit"] = env["TUTOR_TEST_HOLD_BEFORE_COMMIT"]
    if "TUTOR_SECRET_KEY" in env:
        values["secret_key"] = env["TUTOR_SECRET_KEY"]
    values.update(overrides)
    settings = replace(Settings(), **values)
    if not settings.secret_key:
        settings = replace(settings, secret_key=_secret_key(settings.instance_dir))
    return settings


def test_database_url() -> str | None:
    """The database the test suite runs against, when not the default SQLite."""
    return os.environ.get("TUTOR_TEST_DATABASE_URL") or None
