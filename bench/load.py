"""Load on loopback with wrk: answers and the seed topic page beside a bare Flask endpoint.

For each database (SQLite in a temporary file; PostgreSQL in a temporary database when a server
answers at TUTOR_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres) this
builds a fresh schema with the migrations and the curriculum, starts `tutor serve --workers N`
(gunicorn) and bench/bare_app.py under the same gunicorn settings, and runs wrk against
    - the bare endpoint (`POST /` with a JSON body),
    - `POST /api/answers` (bearer tokens of 50 learners, a fresh idempotency key per request),
    - `GET /topics/<seed>`, the seed topic page,
    - `GET /healthz`, which does no work: what tutor's own request handling (sessions, CSRF,
      security headers, request log) costs before any endpoint does anything.
It prints requests/s and p50/p99 latency per case and the ratio answers / bare, and writes the
table to docs/benchmarks.md. It installs nothing: wrk comes from Debian (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_section
from tutor.accounts import users
from tutor.config import PROJECT_ROOT
from tutor.content import read_sources
from tutor.curriculum.catalog import CatalogCache
from tutor.curriculum.files import import_sources
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction

SEED = "vanishing-gradient-problem"
LEARNERS = 50
WARMUP_SECONDS = 3
TUTOR = Path(sys.executable).with_name("tutor")
BARE = Path(__file__).resolve().parent / "bare_app.py"
POSTGRES = os.environ.get(
    "TUTOR_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)

LUA_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "errors": %d, '
    .. '"p50_ms": %f, "p99_ms": %f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""

LUA_ANSWERS = """
local bodies = {%(bodies)s}
local tokens = {%(tokens)s}
local threads = 0
local n = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function request()
  n = n + 1
  local headers = {["Content-Type"] = "application/json",
                   ["Authorization"] = "Bearer " .. tokens[(n * 7) %% #tokens + 1]}
  local body = bodies[n %% #bodies + 1] .. '"' .. "k" .. tid .. "-" .. n .. '"}'
  return wrk.format("POST", "/api/answers", headers, body)
end
"""

LUA_BARE_POST = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = %(body)s
"""


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


@contextmanager
def database(kind: str, tmp: Path):
    """A URL naming a new empty database, removed afterwards."""
    if kind == "SQLite":
        yield f"sqlite:///{tmp / 'load.sqlite3'}"
        return
    name = f"tutor_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield (
            admin.url.set(database=name)
            .render_as_string(hide_password=False)
            .replace("postgresql+psycopg://", "postgresql://")
        )
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def postgres_reachable() -> bool:
    engine = make_engine(POSTGRES, connect_args={"connect_timeout": 2})
    try:
        with engine.connect():
            return True
    except Exception:
        return False
    finally:
        engine.dispose()


def prepare(url: str, content: Path) -> tuple[list[str], list[str]]:
    """Migrate, import the curriculum, make learners; returns (tokens, answer body prefixes)."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        import_sources(session, read_sources(content))
    with transaction(factory) as session:
        tokens = [
            users.create_token(
                session,
                users.create_user(session, f"load{i}@example.org", "correct horse battery"),
                "load",
            ).secret
            for i in range(LEARNERS)
        ]
    with factory() as session:
        catalog = CatalogCache().get(session)
    prefixes = []
    for template in catalog.topic(SEED).templates:
        for seed in range(4):
            variant = catalog.template(SEED, template.id).variant(seed)
            answers = [part.answer_plain for part in variant.parts]
            body = {
                "topic_id": SEED,
                "template_id": template.id,
                "seed": variant.seed,
                **({"response": answers[0]} if len(answers) == 1 else {"responses": answers}),
            }
            prefixes.append(json.dumps(body)[:-1] + ', "idempotency_key": ')
    engine.dispose()
    return tokens, prefixes


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str], ready_path: str):
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=10):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"server {' '.join(command)} did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(
    url: str, script: str, args: argparse.Namespace, tmp: Path, seconds: int
) -> dict[str, float]:
    path = tmp / f"{uuid.uuid4().hex}.lua"
    path.write_text(script + LUA_DONE)
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{seconds}s",
        "-s",
        str(path),
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(
        next(line for line in output.splitlines() if line.startswith("RESULT "))[7:]
    )
    result["rps"] = result["requests"] / result["seconds"]
    return result


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_database(
    kind: str, args: argparse.Namespace, tmp: Path
) -> list[tuple[str, dict[str, float]]]:
    with database(kind, tmp) as url:
        tokens, prefixes = prepare(url, args.content)
        env = {
            **os.environ,
            "TUTOR_DATABASE_URL": url,
            "TUTOR_INSTANCE_DIR": str(tmp),
            "TUTOR_SECRET_KEY": "load",
            "TUTOR_CONTENT_DIR": str(args.content),
            "TUTOR_RATELIMIT_ENABLED": "0",
        }  # limits would cap a load test by design
        tutor_port, bare_port = free_port(), free_port()
        with ExitStack() as stack:
            tutor = stack.enter_context(
                serving(
                    [
                        str(TUTOR),
                        "serve",
                        "--workers",
                        str(args.workers),
                        "--port",
                        str(tutor_port),
                    ],
                    tutor_port,
                    env,
                    "/readyz",
                )
            )
            bare = stack.enter_context(
                serving(
                    [sys.executable, str(BARE), str(bare_port), str(args.workers)],
                    bare_port,
                    env,
                    "/",
                )
            )
            answers = LUA_ANSWERS % {
                "bodies": ", ".join(lua_string(p) for p in prefixes),
                "tokens": ", ".join(lua_string(t) for t in tokens),
            }
            bare_body = prefixes[0] + '"bare-1"}'
            cases = [
                (
                    "bare Flask `POST /`",
                    f"{bare}/",
                    LUA_BARE_POST % {"body": lua_string(bare_body)},
                ),
                ("answer `POST /api/answers`", f"{tutor}/api/answers", answers),
                ("tutor's own floor: `GET /healthz` (no database)", f"{tutor}/healthz", ""),
                (f"seed topic page `GET /topics/{SEED}`", f"{tutor}/topics/{SEED}", ""),
            ]
            for _, target, script in cases:  # a warm-up fills caches and connection pools
                wrk(target, script, args, tmp, WARMUP_SECONDS) if args.warmup else None
            return [
                (name, wrk(target, script, args, tmp, args.duration))
                for name, target, script in cases
            ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds per case")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false")
    parser.add_argument("--no-write", dest="write", action="store_false")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/load.py needs wrk on PATH: `sudo apt-get install -y wrk` (Debian/Ubuntu).")
    if not (args.content / f"{SEED}.md").exists():
        sys.exit(f"{args.content} has no {SEED}.md; pass --content DIR with the full curriculum.")
    kinds = ["SQLite"] + (["PostgreSQL"] if postgres_reachable() else [])
    if len(kinds) == 1:
        print(f"PostgreSQL not reachable at {POSTGRES}: SQLite only.")
    rows, ratios = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            results = run_database(kind, args, Path(tmp))
            bare_rps = results[0][1]["rps"]
            for name, r in results:
                rows.append(
                    f"| {kind} | {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
                    f"| {r['errors']} | {r['rps'] / bare_rps:.2f} |"
                )
            ratio = results[1][1]["rps"] / bare_rps
            ratios.append(
                f"{kind}: answers reach {ratio:.0%} of the bare endpoint's requests/s "
                f"({'meets' if ratio >= 0.6 else 'BELOW'} the 60% target)"
            )
            print(ratios[-1], flush=True)
    body = (
        f"wrk on loopback, {args.threads} thread(s), {args.connections} connections, "
        f"{args.duration} s per case after a warm-up; gunicorn with {args.workers} sync workers "
        f"for tutor and for the bare endpoint alike; {LEARNERS} learners with API tokens, "
        "correct answers to the seed topic's templates, a fresh idempotency key per request. "
        "Where an answer's time goes, stage by stage: the section of bench/answer_profile.py.\n\n"
        "| database | case | requests/s | p50 ms | p99 ms | errors | vs bare |\n"
        "|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\n"
        + "\n".join(f"- {r}" for r in ratios)
    )
    if args.write:
        write_section("load", "Load: answers and the seed page beside a bare Flask endpoint", body)
    else:
        print(body)


if __name__ == "__main__":
    main()
