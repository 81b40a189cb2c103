"""`tutor serve` for the fault tests, with one test-only step: a writing request announces its
process id on the FIFO `held` just before it commits and waits on the FIFO `release`, so a test
can kill the worker or cut its database connection at that exact moment.

Run as ``python -m tests.held_server PORT WORKERS HOLD_DIR``; the production app is unchanged,
the pause is an after-request function registered last, so it runs before the commit.
"""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path

from flask import Flask, request
from werkzeug.wrappers import Response

from tutor.serving import run_gunicorn
from tutor.web import create_app
from tutor.web.requests import WRITE_METHODS


def hold_before_commit(directory: Path, response: Response) -> Response:
    if request.method in WRITE_METHODS and response.status_code < 400:
        (directory / "held").write_text(f"{os.getpid()}\n")
        (directory / "release").read_text()
    return response


def held_app(directory: Path) -> Flask:
    app = create_app()
    app.after_request(partial(hold_before_commit, directory))
    return app


if __name__ == "__main__":
    port, workers, directory = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    run_gunicorn("127.0.0.1", port, workers, load_app=partial(held_app, directory))
