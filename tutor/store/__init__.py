"""Persistence: the SQLAlchemy engine and schema, the migration runner, backups."""
