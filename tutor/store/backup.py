"""Consistent copies of a SQLite database, made with SQLite's online backup API.

PostgreSQL has its own tools for this (`pg_dump -Fc` and `pg_restore`); see docs/operations.md.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def _sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        raise ValueError(
            "tutor db backup/restore handle SQLite files; for PostgreSQL use "
            "pg_dump -Fc and pg_restore (docs/operations.md)"
        )
    return Path(url.removeprefix("sqlite:///"))


def backup_sqlite(url: str, target: Path) -> None:
    source = _sqlite_path(url)
    if not source.exists():
        raise ValueError(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def restore_sqlite(backup: Path, url: str) -> None:
    target = _sqlite_path(url)
    if not backup.exists():
        raise ValueError(f"no backup at {backup}")
    with sqlite3.connect(backup) as src:
        if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ValueError(f"{backup} is not an intact SQLite database")
        with sqlite3.connect(target) as dst:
            src.backup(dst)
