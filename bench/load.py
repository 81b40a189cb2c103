"""Load on loopback with wrk: answers and pages beside two yardsticks, bare Flask and a bare write.

For each database (SQLite in a temporary file; PostgreSQL in a temporary database when a server
answers at TUTOR_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres) this
builds a fresh schema with the migrations and the curriculum, starts `tutor serve --workers N`
(gunicorn) and bench/bare_app.py under the same gunicorn settings, and runs wrk against
    - bare Flask (`POST /` with a JSON body): what any Flask request costs;
    - the bare write (`POST /write`): Flask parses a JSON answer, and SQLAlchemy Core inserts an
      attempt, upserts a mastery row and reads it back in one transaction: the least a recorded
      answer can cost on this stack;
    - `POST /api/answers`: each request answers a question instance signed beforehand by the
      app's own signing function (tutor.web.instances.sign), one (learner, variant) pair per
      request, as every variant counts once per learner: bearer tokens of 50 learners, correct
      answers, a fresh idempotency key and a duration per request. Instances come from a pool
      file that the wrk script reads; a run that outgrows its pool replays instances and gets
      409s, which are counted, not measured: requests/s counts 2xx responses only;
    - `GET /topics/<seed>`, the seed topic page, as an anonymous visitor;
    - `GET /healthz`, which does no work: what tutor's own request handling costs.
It prints requests/s, p50/p99 latency and non-2xx responses per case; answers are compared with
the bare write, pages with bare Flask. The table goes to docs/benchmarks.md. It installs
nothing: wrk comes from Debian (`apt-get install wrk`).
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
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_section
from tutor.accounts import users
from tutor.config import PROJECT_ROOT
from tutor.content import read_sources
from tutor.curriculum.catalog import Catalog, CatalogCache
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
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "errors": %d, ' ..
    '"non_2xx": %d, "p50_ms": %f, "p99_ms": %f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""

# Each line of the pool file is "token<TAB>body"; thread k of T takes lines k, k + T, ...
LUA_POOL = """
local path, threads, made = %(path)s, %(threads)d, 0
local items, n = {}, 0
function setup(thread) made = made + 1; thread:set("tid", made) end
function init(args)
  local i = 0
  for line in io.lines(path) do
    if i %% threads == tid - 1 then
      local tab = line:find("\t")
      items[#items + 1] = {line:sub(1, tab - 1), line:sub(tab + 1)}
    end
    i = i + 1
  end
end
function request()
  n = n + 1
  local item = items[(n - 1) %% #items + 1]
  return wrk.format("POST", "/api/answers", {["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer " .. item[1]}, item[2])
end
"""

LUA_BARE_WRITE = """
local bodies, learners, made = {%(bodies)s}, %(learners)d, 0
local n = 0
function setup(thread) made = made + 1; thread:set("tid", made) end
function request()
  n = n + 1
  local body = bodies[n %% #bodies + 1] .. ', "learner_id": ' .. ((n * 7) %% learners + 1) ..
    ', "idempotency_key": "__RUN__-' .. tid .. "-" .. n .. '"}'
  return wrk.format("POST", "/write", {["Content-Type"] = "application/json"}, body)
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


@dataclass
class Prepared:
    tokens: list[tuple[str, int]]  # (bearer token, its learner's id)
    catalog: Catalog
    bare_bodies: list[str]  # JSON objects without their closing brace, for the bare write


def app_environment(
    url: str, tmp: Path | str, secret_key: str, content: Path = PROJECT_ROOT / "content"
) -> dict[str, str]:
    """The settings a bench's app runs with: its database, instance folder and curriculum, and no
    rate limits (they would cap a bench by design)."""
    return {
        "TUTOR_DATABASE_URL": url,
        "TUTOR_INSTANCE_DIR": str(tmp),
        "TUTOR_SECRET_KEY": secret_key,
        "TUTOR_CONTENT_DIR": str(content),
        "TUTOR_RATELIMIT_ENABLED": "0",
    }


def curriculum_database(url: str, content: Path) -> Catalog:
    """Migrate the database at ``url``, import the curriculum; its catalog."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        import_sources(session, read_sources(content))
    with factory() as session:
        catalog = CatalogCache().get(session)
    engine.dispose()
    return catalog


def learner_tokens(url: str, names: list[str]) -> list[tuple[str, int]]:
    """An account per name (NAME@example.org), each with an API token to read and answer:
    (bearer token, its learner's id)."""
    engine = make_engine(url)
    tokens = []
    with transaction(make_session_factory(engine)) as session:
        for name in names:
            user = users.create_user(session, f"{name}@example.org", "correct horse battery")
            secret = users.create_token(session, user, "bench", ["read", "answer"]).secret
            tokens.append((secret, user.learner_id))
    engine.dispose()
    return tokens


def prepare(url: str, content: Path) -> Prepared:
    """Migrate, import the curriculum, make learners with API tokens."""
    catalog = curriculum_database(url, content)
    tokens = learner_tokens(url, [f"load{i}" for i in range(LEARNERS)])
    bare = []
    for template in catalog.topic(SEED).templates:
        variant = catalog.variant(SEED, template.id, 0)
        bare.append(
            json.dumps(
                {
                    "topic_id": SEED,
                    "template_id": template.id,
                    "seed": variant.seed,
                    "response": variant.parts[0].answer_plain,
                }
            )[:-1]
        )
    return Prepared(tokens, catalog, bare)


def instance_pool(
    prepared: Prepared, secret_key: str, first_seed: int, variants: int, path: Path
) -> int:
    """Write ``variants`` x LEARNERS answers, each to an instance of its own (learner, variant), to
    ``path`` as "token<TAB>body" lines, learners interleaved; returns the number of lines."""
    from tutor.web.instances import sign

    catalog, templates = prepared.catalog, prepared.catalog.topic(SEED).templates
    lines = []
    for k in range(variants):
        template = templates[k % len(templates)]
        variant = catalog.variant(SEED, template.id, first_seed + k)
        answers = [part.answer_plain for part in variant.parts]
        response = {"response": answers[0]} if len(answers) == 1 else {"responses": answers}
        for token, learner_id in prepared.tokens:
            body = {
                "instance": sign(secret_key, learner_id, variant),
                **response,
                "idempotency_key": uuid.uuid4().hex,
                "duration_ms": 4000 + k,
            }
            lines.append(f"{token}\t{json.dumps(body)}")
    path.write_text("\n".join(lines) + "\n")
    return len(lines)


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
        url = f"http://127.0.0.1:{port}"
        SERVER_PIDS[url] = process.pid
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


SERVER_PIDS: dict[str, int] = {}  # each server's base URL: its gunicorn master's pid


def tree_cpu_seconds(root: int) -> float:
    """User and system CPU time so far of a process and its children (gunicorn's master and its
    workers), from /proc; 0 where /proc is not there."""
    total = 0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(entry.name) == root or int(fields[1]) == root:
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def wrk(
    url: str, script: str, args: argparse.Namespace, tmp: Path, seconds: int
) -> dict[str, float]:
    path = tmp / f"{uuid.uuid4().hex}.lua"
    path.write_text(
        script.replace("__RUN__", uuid.uuid4().hex[:12]) + LUA_DONE
    )  # keys unique per run
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
    server = next((pid for base, pid in SERVER_PIDS.items() if url.startswith(base + "/")), None)
    cpu_before = tree_cpu_seconds(server) if server is not None else 0.0
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    cpu = tree_cpu_seconds(server) - cpu_before if server is not None else 0.0
    result = json.loads(
        next(line for line in output.splitlines() if line.startswith("RESULT "))[7:]
    )
    result["rps"] = result["requests"] / result["seconds"]
    result["ok_rps"] = (result["requests"] - result["non_2xx"]) / result["seconds"]
    result["cpu_ms"] = cpu * 1000 / max(result["requests"], 1)  # the server's, per request
    return result


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SECRET_KEY = "load"
# The order the cases run in: bare Flask, healthz, the seed topic page, then the bare write and
# answers (the table lists them as the cases are listed).
RUN_ORDER = (0, 3, 4, 1, 2)
# Answers a pool holds: more than the fastest run sends, so that none replays (a replay is a 409).
WARMUP_VARIANTS, TIMED_VARIANTS = 120, 700


def run_database(
    kind: str, args: argparse.Namespace, tmp: Path
) -> list[tuple[str, dict[str, float]]]:
    with database(kind, tmp) as url:
        prepared = prepare(url, args.content)
        warmup_pool, timed_pool = tmp / f"{kind}-warmup.pool", tmp / f"{kind}-timed.pool"
        instance_pool(prepared, SECRET_KEY, 0, WARMUP_VARIANTS, warmup_pool)
        pooled = instance_pool(prepared, SECRET_KEY, 10_000, TIMED_VARIANTS, timed_pool)
        env = {**os.environ, **app_environment(url, tmp, SECRET_KEY, args.content)}
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
            bare_write = LUA_BARE_WRITE % {
                "bodies": ", ".join(lua_string(b) for b in prepared.bare_bodies),
                "learners": LEARNERS,
            }

            def answers(pool: Path) -> str:
                return LUA_POOL % {"path": lua_string(str(pool)), "threads": args.threads}

            cases = [
                (
                    "bare Flask `POST /`",
                    f"{bare}/",
                    LUA_BARE_POST % {"body": lua_string(prepared.bare_bodies[0] + "}")},
                    None,
                ),
                ("bare write `POST /write`", f"{bare}/write", bare_write, None),
                (
                    "answer `POST /api/answers`",
                    f"{tutor}/api/answers",
                    answers(timed_pool),
                    answers(warmup_pool),
                ),
                ("tutor's own floor: `GET /healthz` (no database)", f"{tutor}/healthz", "", None),
                (f"seed topic page `GET /topics/{SEED}`", f"{tutor}/topics/{SEED}", "", None),
            ]
            measured: dict[int, dict[str, float]] = {}
            # The cases that write go last: the work a database does after many writes (on
            # PostgreSQL autovacuum, checkpoints) would otherwise fall on the pages' measurement
            # and not on bare Flask's.
            for index in RUN_ORDER:
                name, target, script, warmup = cases[index]
                if args.warmup:  # a warm-up fills caches and connection pools
                    wrk(target, warmup or script, args, tmp, WARMUP_SECONDS)
                measured[index] = wrk(target, script, args, tmp, args.duration)
                print(f"{kind} {name}: {measured[index]}", flush=True)
            results = [(cases[index][0], measured[index]) for index in range(len(cases))]
            answered = results[2][1]
            if answered["requests"] > pooled:
                print(
                    f"{kind}: {answered['requests']} answers outgrew the pool of {pooled}; the "
                    "rest were 409s"
                )
            return results


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds per case")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false")
    parser.add_argument("--no-write", dest="write", action="store_false")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/load.py needs wrk on PATH: `sudo apt-get install -y wrk` (Debian/Ubuntu).")
    if not (args.content / f"{SEED}.md").exists():
        sys.exit(f"{args.content} has no {SEED}.md; pass --content DIR with the full curriculum.")
    kinds = ["SQLite"] + (["PostgreSQL"] if not args.sqlite_only and postgres_reachable() else [])
    if len(kinds) == 1 and not args.sqlite_only:
        print(f"PostgreSQL not reachable at {POSTGRES}: SQLite only.")
    rows, verdicts = [], []
    loads = [load_average()]
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            results = dict(run_database(kind, args, Path(tmp)))
            loads.append(load_average())
            names = list(results)
            bare, bare_write = results[names[0]]["ok_rps"], results[names[1]]["ok_rps"]
            for name, r in results.items():
                rows.append(
                    f"| {kind} | {name} | {r['ok_rps']:.0f} | {r['p50_ms']:.1f} | "
                    f"{r['p99_ms']:.1f} "
                    f"| {r['non_2xx']} | {r['errors']} | {r['cpu_ms']:.2f} | "
                    f"{r['ok_rps'] / bare:.2f} | {r['ok_rps'] / bare_write:.2f} |"
                )
            answer, healthz, page = results[names[2]], results[names[3]], results[names[4]]
            checks = [
                ("answers vs bare write", answer["ok_rps"] / bare_write, 0.8),
                ("healthz vs bare Flask", healthz["ok_rps"] / bare, 0.9),
                ("seed topic page vs bare Flask", page["ok_rps"] / bare, 0.5),
            ]
            for label, ratio, target in checks:
                verdicts.append(
                    f"{kind}: {label} {ratio:.2f}x ({'meets' if ratio >= target else 'BELOW'} "
                    f"the {target}x target)"
                )
            verdicts.append(
                f"{kind}: answers p99 {answer['p99_ms']:.1f} ms "
                f"({'meets' if answer['p99_ms'] <= 25 else 'ABOVE'} the 25 ms target)"
            )
            print("\n".join(verdicts[-4:]), flush=True)
    body = (
        f"wrk on loopback, {args.threads} thread(s), {args.connections} connections, "
        f"{args.duration} s per case after a warm-up; gunicorn with {args.workers} sync workers "
        "for tutor and for both yardsticks alike. Answers: "
        f"{LEARNERS} learners with API tokens, correct answers to the seed topic's templates, each "
        "to a question instance of its own (signed beforehand, one per request), a fresh "
        "idempotency key per request. requests/s counts 2xx responses only; non-2xx are the "
        "4xx/5xx responses, errors are socket errors and timeouts. The machine is shared: load "
        f"average (1, 5, 15 min) {loads[0]} before, {' / '.join(loads[1:])} after each database; "
        "compare ratios within one run. The cases that write run last (bare Flask, healthz and "
        "the page first), so that a database's work after many writes does not fall on the "
        "pages. Where an answer's time goes, stage by stage: the section "
        "of bench/answer_profile.py.\n\n"
        "Server CPU is the user and system time of the server's processes (gunicorn's master "
        "and workers, from /proc) over the timed run, per request; PostgreSQL's own processes "
        "are not in it.\n\n"
        "| database | case | requests/s | p50 ms | p99 ms | non-2xx | errors | server CPU ms "
        "| vs bare Flask | vs bare write |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\n"
        + "\n".join(f"- {v}" for v in verdicts)
    )
    if args.write:
        write_section("load", "Load: answers and pages beside bare Flask and a bare write", body)
    else:
        print(body)


if __name__ == "__main__":
    main()
