"""Run the Alembic migrations programmatically (the schema is never made by create_all)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

# The top-level migrations/ folder, installed as the package tutor._migrations (see setup.py), so
# an installed wheel migrates as a checkout does.
MIGRATIONS_DIR = Path(str(importlib.resources.files("tutor._migrations")))


def alembic_config(url: str, directory: Path = MIGRATIONS_DIR) -> Config:
    config = Config()
    config.set_main_option("script_location", str(directory))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head", directory: Path = MIGRATIONS_DIR) -> None:
    """All pending migrations in one transaction: if one fails, the schema stays as it was."""
    config = alembic_config(engine.url.render_as_string(hide_password=False), directory)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str, directory: Path = MIGRATIONS_DIR) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False), directory)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def head_revision(directory: Path = MIGRATIONS_DIR) -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://", directory)).get_current_head()


def revisions(directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://", directory))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
