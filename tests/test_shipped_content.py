"""The shipped curriculum (content/) through the database and the web: it imports and exports byte
for byte, every topic page renders, and the seed topic's page, API and map show the seed page's
figures (shared/seed/vanishing-gradient-problem.txt).

Every other web, API, browser and authoring test runs on the fixture curriculum (tests/fixtures),
so the shipped one can grow without touching them; its topics are walked one by one, without a
database, in tests/test_curriculum.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.author.test_topic_text import assert_structured_edits_keep
from tests.conftest import SHIPPED_CONTENT_DIR, _clear_learners
from tests.web.helpers import claim_and_confirm, seed_page_text
from tutor.config import Settings
from tutor.content import read_sources

pytestmark = pytest.mark.slow

SEED = "vanishing-gradient-problem"
SOURCES = read_sources(SHIPPED_CONTENT_DIR)


def _cli(*args: str, url: str, instance: Path):
    from tutor.cli import main

    env = {"TUTOR_DATABASE_URL": url, "TUTOR_INSTANCE_DIR": str(instance)}
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture(scope="module")
def shipped_app(shipped_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from tutor.web import create_app

    settings = Settings(
        database_url=shipped_database,
        instance_dir=tmp_path_factory.mktemp("shipped-app"),
        testing=True,
        secret_key="test-secret",
    )
    app = create_app(settings)
    app.config["WTF_CSRF_ENABLED"] = False
    yield app
    app.extensions["tutor.engine"].dispose()


@pytest.fixture
def client(shipped_app) -> Iterator:
    yield shipped_app.test_client()
    _clear_learners(shipped_app.extensions["tutor.engine"])


def test_content_import_then_export_is_byte_identical(shipped_database, tmp_path: Path) -> None:
    exported = _cli(
        "content", "export", str(tmp_path / "out"), url=shipped_database, instance=tmp_path
    )
    assert exported.exit_code == 0, exported.output
    originals = {Path(p).name: Path(p).read_bytes() for p in SOURCES}
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.md")}
    assert written == originals


@pytest.mark.parametrize("path", sorted(SOURCES), ids=lambda p: p.rsplit("/", 1)[-1])
def test_writing_back_what_was_read_changes_nothing(path: str) -> None:
    """Structured edits splice the text: every shipped file's layout is one they keep."""
    assert_structured_edits_keep(SOURCES[path], path)


def test_every_topic_page_renders(client) -> None:
    topics = client.get("/api/topics").get_json()["topics"]
    assert len(topics) == len(SOURCES) >= 100
    for topic in topics:
        assert client.get(f"/topics/{topic['id']}").status_code == 200, topic["id"]


def test_the_seed_topic_page_shows_everything_the_seed_page_does(client) -> None:
    page = seed_page_text(client, 67)
    practice = re.search(r"Practice Questions (\d+) questions", page)
    assert practice and int(practice.group(1)) >= 5
    assert 'data-lab="gradient-flow"' in client.get(f"/topics/{SEED}").get_data(as_text=True)


def test_the_seed_topics_figures_through_the_api(client) -> None:
    topic = client.get(f"/api/topics/{SEED}").get_json()
    assert topic["depth"] == 67
    assert topic["longest_path_steps"] == 68
    assert topic["longest_chain"][0] == "counting-to-10"
    assert topic["longest_chain"][-1] == SEED
    assert sorted(p["id"] for p in topic["prerequisites"]) == [
        "backpropagation-algorithm",
        "multilayer-perceptrons-mlps",
    ]
    assert len(topic["leads_to"]) == 2
    assert topic["downstream_count"] >= 12
    assert topic["prerequisite_count"] >= 67
    graph = client.get(f"/api/topics/{SEED}/graph?depth=1").get_json()
    relations = {node["id"]: (node["relation"], node["distance"]) for node in graph["nodes"]}
    assert relations["residual-connections"] == ("leads-to", 1)


def test_the_map_of_the_shipped_curriculum_marks_the_seeds_path(client) -> None:
    client.post("/api/goals", json={"topic_id": SEED})
    claim_and_confirm(client, "counting-to-20")
    data = client.get("/api/map").get_json()
    status = {node["id"]: node["status"] for node in data["nodes"]}
    assert status[SEED] == "goal" and status["counting-to-10"] == "mastered"
    assert status["understanding-zero"] == "path-ready"
    assert data["path"][0] == "understanding-zero" and data["path"][-1] == SEED
    assert len(data["path"]) >= 67
    assert len(data["nodes"]) == data["total"] == len(SOURCES)
