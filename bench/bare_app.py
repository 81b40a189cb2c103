"""A bare Flask endpoint under tutor's gunicorn settings: the yardstick of bench/load.py.

`python bench/bare_app.py PORT WORKERS` serves `GET /` and `POST /` (which parses its JSON
body) with nothing else: no database, no sessions, no templates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask, jsonify, request

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.serving import run_gunicorn

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def bare():  # type: ignore[no-untyped-def]
    body = request.get_json(silent=True) if request.method == "POST" else None
    return jsonify(ok=True, fields=len(body or {}))


if __name__ == "__main__":
    run_gunicorn("127.0.0.1", int(sys.argv[1]), int(sys.argv[2]), load_app=lambda: app)
