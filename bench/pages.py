"""Server time for the seed topic page and a practice page (Flask test client, no network).

Builds a temporary SQLite database with the migrations and content/, then times each page many
times after a warm-up.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import percentile, write_section
from tutor.config import PROJECT_ROOT, Settings
from tutor.content import read_sources
from tutor.curriculum.files import import_sources
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction
from tutor.web import create_app

SEED = "vanishing-gradient-problem"
CONTENT_DIR = Path(os.environ.get("TUTOR_CONTENT_DIR") or PROJECT_ROOT / "content")
ROUNDS = 300


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        engine = make_engine(url)
        migrate.upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            import_sources(session, read_sources(CONTENT_DIR))
        app = create_app(Settings(database_url=url, instance_dir=Path(tmp), secret_key="bench"))
        client = app.test_client()
        rows = []
        for name, path in [
            ("seed topic page", f"/topics/{SEED}"),
            ("practice page", f"/topics/{SEED}/practice"),
            ("topic API", f"/api/topics/{SEED}"),
        ]:
            for _ in range(20):
                assert client.get(path).status_code == 200
            times = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
            rows.append(
                f"| {name} | `{path}` | {percentile(times, 50):.2f} | {percentile(times, 99):.2f} |"
            )
        body = (
            "Server time per request through the Flask test client, SQLite, after warm-up, "
            f"{ROUNDS} requests each.\n\n| page | path | median ms | p99 ms |\n|---|---|---|---|\n"
            + "\n".join(rows)
        )
        write_section("pages", "Page server time", body)


if __name__ == "__main__":
    main()
