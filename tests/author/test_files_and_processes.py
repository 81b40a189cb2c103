"""Files and database in step, and every app process serving an edit at its next request."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.author.test_authoring import TEMPLATE
from tests.conftest import CONTENT_DIR
from tests.fixtures import ROOT, ROOT_TITLE
from tutor.accounts.users import create_token, create_user
from tutor.content import read_sources
from tutor.curriculum.catalog import CatalogCache
from tutor.store.db import transaction


def _cli(*args: str, url: str, tmp_path: Path):
    from tutor.cli import main

    env = {"TUTOR_DATABASE_URL": url, "TUTOR_INSTANCE_DIR": str(tmp_path)}
    return CliRunner().invoke(main, list(args), env=env)


def test_content_import_then_export_is_byte_identical(fresh_database_url, tmp_path: Path) -> None:
    url = fresh_database_url()
    assert _cli("db", "upgrade", url=url, tmp_path=tmp_path).exit_code == 0
    imported = _cli("content", "import", str(CONTENT_DIR), url=url, tmp_path=tmp_path)
    assert imported.exit_code == 0, imported.output
    exported = _cli("content", "export", str(tmp_path / "out"), url=url, tmp_path=tmp_path)
    assert exported.exit_code == 0, exported.output
    originals = {Path(p).name: Path(p).read_bytes() for p in read_sources(CONTENT_DIR)}
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.md")}
    assert written == originals


def test_an_edited_topic_exports_and_imports_unchanged(
    author_client, signed_in, authoring_url, tmp_path: Path
) -> None:
    signed_in()
    assert (
        author_client.post(
            f"/api/author/topics/{ROOT}/templates", json={"source": TEMPLATE}
        ).status_code
        == 201
    )
    exported = _cli(
        "content", "export", str(tmp_path / "out"), url=authoring_url, tmp_path=tmp_path
    )
    assert exported.exit_code == 0
    text = (tmp_path / "out" / f"{ROOT}.md").read_text()
    assert text == author_client.get(f"/api/author/topics/{ROOT}").get_json()["source"]
    assert "  - id: add-two\n" in text
    again = _cli("content", "import", str(tmp_path / "out"), url=authoring_url, tmp_path=tmp_path)
    assert "0 added, 0 updated" in again.output


def test_another_app_process_serves_an_edit_at_its_next_request(
    author_app, signed_in, author_client, authoring_url, tmp_path: Path
) -> None:
    from tests.author.fixtures import _app

    other = _app(authoring_url, tmp_path, csrf=False)
    other.extensions["tutor.catalog"] = CatalogCache()  # as in another process: a cache of its own
    reader = other.test_client()
    assert reader.get(f"/api/topics/{ROOT}").get_json()["title"] == ROOT_TITLE
    signed_in()
    source = author_client.get(f"/api/author/topics/{ROOT}").get_json()["source"]
    author_client.put(
        f"/api/author/topics/{ROOT}",
        json={"source": source.replace(f"title: {ROOT_TITLE}", "title: Counting to Ten")},
    )
    topic = reader.get(f"/api/topics/{ROOT}").get_json()
    assert (topic["title"], topic["revision"]) == ("Counting to Ten", 2)
    other.extensions["tutor.engine"].dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(url: str, body: dict | None = None, token: str | None = None, method: str = "GET"):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _wait_until_serving(process: subprocess.Popen, base: str) -> None:  # type: ignore[type-arg]
    while process.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/api/openapi.json", timeout=1).close()
            return
        except OSError:
            continue
    raise AssertionError(process.stdout.read() if process.stdout else "the server exited")


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn needs a POSIX system")
def test_a_new_topic_is_practised_at_once_on_a_server_with_two_workers(
    author_app, authoring_url, tmp_path: Path
) -> None:
    with transaction(author_app.extensions["tutor.sessions"]) as session:
        token = create_token(
            session,
            create_user(session, "ed@example.org", "correct horse battery", "educator"),
            "test",
            ["read", "author"],
        ).secret
    port = _free_port()
    env = {
        **os.environ,
        "TUTOR_DATABASE_URL": authoring_url,
        "TUTOR_INSTANCE_DIR": str(tmp_path),
        "TUTOR_SECRET_KEY": "test-secret",
        # Each worker asks for the content version at every request: with the default (1 s) the
        # other worker may serve its catalog for up to a second after the save, which passed
        # only while saving into the whole shipped curriculum took longer than that.
        "TUTOR_CONTENT_CHECK_SECONDS": "0",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("tutor")),
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, base)
        for _ in range(8):  # every worker loads the catalog as it was
            assert _request(f"{base}/api/topics/adding-two-numbers")[0] == 404
        status, _ = _request(
            f"{base}/api/author/topics",
            {"id": "adding-two-numbers", "title": "Adding two numbers", "level": "Elementary"},
            token,
            "POST",
        )
        assert status == 201
        status, saved = _request(
            f"{base}/api/author/topics/adding-two-numbers/templates",
            {"source": TEMPLATE},
            token,
            "POST",
        )
        assert status == 201 and saved["self_tests"][0]["passed"]
        for _ in range(8):
            status, question = _request(f"{base}/api/topics/adding-two-numbers/question")
            assert status == 200 and question["template_id"] == "add-two"
    finally:
        process.terminate()
        process.wait(timeout=30)
