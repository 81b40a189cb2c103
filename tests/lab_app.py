"""An app for the gradient-flow lab tests: a tiny curriculum holding the seed topic's id.

The lab hangs off the topic page of ``vanishing-gradient-problem``; these tests need that page,
not the whole shipped curriculum, so they build a two-topic database of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.conftest import import_directory
from tests.topics import write_topic
from tutor.config import Settings
from tutor.store import migrate
from tutor.store.db import make_engine
from tutor.web.pages.lab.runner import LabRunner
from tutor.web.pages.lab.views import EXTENSION_KEY

SEED_TOPIC = "vanishing-gradient-problem"
OTHER_TOPIC = "counting"


def make_lab_app(fresh_database_url: Callable[[], str], directory: Path, csrf: bool) -> Flask:
    from tutor.web import create_app

    content = directory / "content"
    write_topic(content, OTHER_TOPIC)
    write_topic(
        content,
        SEED_TOPIC,
        title="Vanishing Gradient Problem",
        level="Graduate",
        prerequisites=[OTHER_TOPIC],
    )
    url = fresh_database_url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    import_directory(engine, content)
    engine.dispose()
    app = create_app(
        Settings(database_url=url, instance_dir=directory, testing=True, secret_key="test-secret")
    )
    app.config["WTF_CSRF_ENABLED"] = csrf
    return app


def lab_runner(app: Flask) -> LabRunner:
    return app.extensions[EXTENSION_KEY]


def close_lab_app(app: Flask) -> None:
    lab_runner(app).shutdown()
    app.extensions["tutor.engine"].dispose()
