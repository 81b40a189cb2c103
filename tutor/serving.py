"""Production serving with gunicorn: N worker processes, each with its own app.

Every log line, gunicorn's own included, is one JSON object on standard output, so a log
collector can parse them all the same way. Requests are logged by the app (logger
``tutor.access``, see tutor.web.ops), so gunicorn's access log stays off.
"""

from __future__ import annotations

import gc
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from flask import Flask


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line; a dict in ``record.fields`` is merged in."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}


class _Server(BaseApplication):
    def __init__(self, options: dict[str, Any], load_app: Callable[[], Any]) -> None:
        self.options = options
        self.load_app = load_app
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.load_app()


def _tutor_app() -> Flask:
    from tutor.web import create_app

    app = create_app()
    _settle(app)
    return app


def _settle(app: Flask) -> None:
    """Build what every request uses (the catalog: topics, graph, compiled templates), then
    freeze the objects made so far out of the cyclic garbage collector's reach.

    They live as long as the worker, yet each full collection walked all of them again: a few
    hundred thousand objects, a pause of about a hundred milliseconds every few hundred answers,
    which is what the slowest answers waited for. Frozen, a collection walks only what requests
    made since (``gc.freeze``, as the Python documentation suggests for long-lived servers).
    """
    try:
        with app.app_context():
            factory = app.extensions["tutor.sessions"]
            with factory() as session:
                app.extensions["tutor.catalog"].get(session)
    except SQLAlchemyError as exc:
        # A database not migrated yet, or not reachable: the worker starts all the same and
        # answers /readyz with 503 until it is; the catalog is built at the first request then.
        logging.getLogger(__name__).warning("catalog not built before serving: %s", exc)
    gc.collect()
    gc.freeze()


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """The server settings, shared with bench/load.py so its bare endpoint runs under the same."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "timeout": 30,
        "graceful_timeout": 10,
        "logconfig_dict": LOGGING,
        "accesslog": None,
    }


def run_gunicorn(
    host: str, port: int, workers: int, load_app: Callable[[], Any] = _tutor_app
) -> None:
    """Serve ``load_app()`` (by default the tutor app, built in each worker) with gunicorn."""
    _Server(gunicorn_options(host, port, workers), load_app).run()
