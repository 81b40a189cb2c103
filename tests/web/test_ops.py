import json
import logging
from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from sqlalchemy import text

from tutor.cli import main
from tutor.config import Settings
from tutor.web import create_app


def test_health_and_readiness(client) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"]["migrations"] == "ok"


def unmigrated_app(tmp_path: Path) -> Flask:
    """An app on an empty SQLite file: no migrations run yet."""
    return create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path}/empty.sqlite3",
            instance_dir=tmp_path,
            secret_key="x",
            testing=True,
        )
    )


def test_not_ready_without_migrations(tmp_path: Path) -> None:
    app = unmigrated_app(tmp_path)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "not ready"


def test_an_unreachable_database_gets_a_503(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"
    app = create_app(
        Settings(database_url=url, instance_dir=tmp_path, secret_key="x", testing=True)
    )
    client = app.test_client()
    page = client.get("/topics")
    assert page.status_code == 503
    assert "database is unavailable" in page.get_data(as_text=True)
    api = client.post("/api/goals", json={"topic_id": "x"})
    assert api.status_code == 503 and "unavailable" in api.get_json()["error"]
    assert client.get("/healthz").status_code == 200


def test_each_request_is_logged_as_json(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="tutor.access"):
        client.get("/healthz")
    line = json.loads(caplog.records[-1].getMessage())
    assert line["path"] == "/healthz" and line["status"] == 200 and line["ms"] >= 0


def test_sqlite_backup_and_restore(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path}/live.sqlite3"
    monkeypatch.setenv("TUTOR_DATABASE_URL", url)
    monkeypatch.setenv("TUTOR_INSTANCE_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    backup = tmp_path / "backup.sqlite3"
    assert runner.invoke(main, ["db", "backup", str(backup)]).exit_code == 0
    from tutor.store.db import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE goals"))
    result = runner.invoke(main, ["db", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM goals")).scalar() == 0
    engine.dispose()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    refused = runner.invoke(main, ["db", "restore", str(bad), "--yes"])
    assert refused.exit_code != 0


def test_a_served_worker_builds_the_catalog_then_freezes_what_it_holds(app) -> None:
    # gunicorn workers (tutor.serving) settle before their first request: the catalog is built,
    # and the objects it holds are out of the cyclic collector's reach, whose full collections
    # otherwise walked them all, a pause of about 100 ms every few hundred answers.
    import gc

    from tutor.serving import _settle

    try:
        _settle(app)
        with app.extensions["tutor.sessions"]() as session:
            catalog = app.extensions["tutor.catalog"].get(session)
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked(catalog)
        assert all(held is not catalog for held in gc.get_objects())  # frozen: in no generation
    finally:
        gc.unfreeze()


def test_a_worker_settles_without_a_database_ready_and_still_serves(tmp_path: Path) -> None:
    # Not migrated yet: the worker must boot all the same and say it is not ready.
    import gc

    from tutor.serving import _settle

    app = unmigrated_app(tmp_path)
    try:
        _settle(app)
    finally:
        gc.unfreeze()
    assert app.test_client().get("/readyz").status_code == 503
