"""The `tutor` command: serve, database migrations, content and question tools."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tutor.config import load_settings
from tutor.content import Topic, load_directory
from tutor.curriculum.files import (
    ContentRejected,
    export_directory,
    import_sources,
    validate_topics,
)
from tutor.graph import KnowledgeGraph
from tutor.questions import CompiledTemplate, TemplateError, self_test_topic
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


@click.group()
def main() -> None:
    """tutor: an adaptive tutoring system built on a knowledge graph."""


@main.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 5000, or TUTOR_PORT).")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="More than one runs gunicorn with that many worker processes.",
)
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the web application."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = load_settings()
    host = host or settings.host
    port = port or settings.port
    if workers > 1:
        from tutor.serving import run_gunicorn
        from tutor.web.ratelimits import worker_warning

        warning = worker_warning(settings, workers)
        if warning:
            click.secho(warning, fg="red", bold=True, err=True)

        run_gunicorn(host, port, workers)
        return
    from tutor.web import create_app

    app = create_app(settings)
    click.echo(
        f"Serving tutor on http://{host}:{port}/ (database: {settings.resolved_database_url})"
    )
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Upgrade the database to the newest (or the given) migration."""
    engine = make_engine(load_settings().resolved_database_url)
    migrate.upgrade(engine, revision)
    click.echo(f"Database at revision {migrate.current_revision(engine)}.")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION ('base' for empty)."""
    engine = make_engine(load_settings().resolved_database_url)
    migrate.downgrade(engine, revision)
    click.echo(f"Database at revision {migrate.current_revision(engine)}.")


@db.command("current")
def db_current() -> None:
    """Print the database's migration revision."""
    engine = make_engine(load_settings().resolved_database_url)
    click.echo(f"current: {migrate.current_revision(engine)}  head: {migrate.head_revision()}")


@main.group()
def content() -> None:
    """Check, import and export the curriculum files."""


def _directory(directory: str | None) -> Path:
    return Path(directory) if directory else load_settings().content_dir


@content.command("check")
@click.argument("directory", required=False)
@click.option(
    "--seeds",
    default=50,
    show_default=True,
    type=click.IntRange(0, 10_000),
    help="Variants drawn per template for its self-tests (0 skips them).",
)
@click.option("--topic", "topic_ids", multiple=True, help="Self-test only these topics.")
@click.option(
    "--jobs",
    default=0,
    type=click.IntRange(0, 64),
    help="Processes for the self-tests (default: one per core).",
)
def content_check(directory: str | None, seeds: int, topic_ids: tuple[str, ...], jobs: int) -> None:
    """Validate every topic file: structure, graph, templates and their self-tests."""
    path = _directory(directory)
    topics, errors = load_directory(path)
    problems = validate_topics(topics, errors)
    templates = sum(len(t.templates) for t in topics)
    if not problems and seeds:
        chosen = [t for t in topics if not topic_ids or t.id in topic_ids]
        problems += self_test_topics(chosen, seeds, jobs or os.cpu_count() or 1)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"content check failed: {len(problems)} problem(s) in {path}", err=True)
        sys.exit(1)
    click.echo(
        f"content check passed: {len(topics)} topics, {templates} templates, "
        f"{seeds} seeds per template"
    )


def _self_test(job: tuple[Topic, int]) -> list[str]:
    topic, seeds = job
    return [str(f) for f in self_test_topic(topic, seeds)]


def self_test_topics(topics: list[Topic], seeds: int, jobs: int) -> list[str]:
    """Every topic's self-tests, in `jobs` forked processes (the work is all CPU, one core each)."""
    work = [(topic, seeds) for topic in topics]
    if jobs <= 1 or len(work) <= 1:
        return [p for job in work for p in _self_test(job)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return [p for problems in pool.imap(_self_test, work, chunksize=4) for p in problems]


@content.command("overview")
@click.argument("directory", required=False)
@click.option("--markdown", "markdown_path", default="docs/curriculum.md", show_default=True)
@click.option("--svg", "svg_path", default="docs/curriculum.svg", show_default=True)
@click.option("--seed", default="vanishing-gradient-problem", show_default=True)
def content_overview(directory: str | None, markdown_path: str, svg_path: str, seed: str) -> None:
    """Write the curriculum by area (tables and a picture) from the topic files."""
    from tutor.graph import overview

    topics, errors = load_directory(_directory(directory))
    if errors:
        for error in errors:
            click.echo(str(error), err=True)
        sys.exit(1)
    graph = KnowledgeGraph.from_topics(topics)
    Path(svg_path).write_text(overview.svg(topics, graph, seed), encoding="utf-8")
    picture = (
        Path(svg_path).name if Path(svg_path).parent == Path(markdown_path).parent else svg_path
    )
    Path(markdown_path).write_text(
        overview.markdown(topics, graph, seed, picture), encoding="utf-8"
    )
    click.echo(f"wrote {markdown_path} and {svg_path}: {len(topics)} topics")


@content.command("import")
@click.argument("directory", required=False)
def content_import(directory: str | None) -> None:
    """Load topic files into the database (a new revision for each changed file)."""
    path = _directory(directory)
    sources = {
        str(p): p.read_text(encoding="utf-8")
        for p in sorted(path.glob("*.md"))
        if p.name.lower() != "readme.md"
    }
    factory = make_session_factory(make_engine(load_settings().resolved_database_url))
    try:
        with transaction(factory) as session:
            report = import_sources(session, sources, author="files")
    except ContentRejected as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo("content import refused: nothing was changed", err=True)
        sys.exit(1)
    click.echo(
        f"imported {path}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )


@content.command("export")
@click.argument("directory")
def content_export(directory: str) -> None:
    """Write every topic in the database to DIRECTORY as files."""
    factory = make_session_factory(make_engine(load_settings().resolved_database_url))
    with transaction(factory) as session:
        written = export_directory(session, Path(directory))
    click.echo(f"exported {len(written)} topics to {directory}")


@main.group()
def questions() -> None:
    """Question templates."""


@questions.command("preview")
@click.argument("topic_id")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--count", default=3, show_default=True, type=click.IntRange(1, 100))
@click.option("--template", "template_id", default=None, help="Only this template.")
@click.option("--directory", default=None, help="Content directory (default content/).")
def questions_preview(
    topic_id: str, seed: int, count: int, template_id: str | None, directory: str | None
) -> None:
    """Print variants of a topic's templates with their answers."""
    topics, _ = load_directory(_directory(directory))
    topic = next((t for t in topics if t.id == topic_id), None)
    if topic is None:
        raise click.ClickException(f"unknown topic {topic_id!r}")
    for template in topic.templates:
        if template_id and template.id != template_id:
            continue
        try:
            compiled = CompiledTemplate(topic.id, template)
            for offset in range(count):
                variant = compiled.variant(seed + offset)
                click.echo(f"--- {topic.id}/{template.id} seed {variant.seed}")
                click.echo(variant.prompt.strip())
                click.echo(f"answer ({variant.test}): {variant.answer_plain}")
                for mistake in variant.mistakes:
                    click.echo(f"  mistake {mistake.note}: {mistake.answer}")
        except TemplateError as exc:
            click.echo(str(exc), err=True)


@db.command("backup")
@click.argument("path")
def db_backup(path: str) -> None:
    """Copy a SQLite database to PATH while it is in use (PostgreSQL: use pg_dump)."""
    from tutor.store.backup import backup_sqlite

    url = load_settings().resolved_database_url
    try:
        backup_sqlite(url, Path(path))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {url} to {path}")


@db.command("restore")
@click.argument("path")
@click.option("--yes", is_flag=True, help="Replace the current database without asking.")
def db_restore(path: str, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH (PostgreSQL: use pg_restore)."""
    from tutor.store.backup import restore_sqlite

    url = load_settings().resolved_database_url
    if not yes:
        click.confirm(f"Replace {url} with {path}?", abort=True)
    try:
        restore_sqlite(Path(path), url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored {url} from {path}")


@main.group()
def users() -> None:
    """Accounts and roles."""


def _session_factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine(load_settings().resolved_database_url))


@users.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["learner", "educator", "admin"]),
    default="learner",
    show_default=True,
)
@click.password_option(
    help="Asked for when not given; or set TUTOR_NEW_PASSWORD.", envvar="TUTOR_NEW_PASSWORD"
)
def users_create(email: str, role: str, password: str) -> None:
    """Create an account, e.g. the first educator or admin."""
    from tutor.accounts.users import AccountError, create_user

    try:
        with transaction(_session_factory()) as session:
            user = create_user(session, email, password, role)
            click.echo(f"created {user.email} ({user.role}), id {user.id}")
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["learner", "educator", "admin"]))
def users_set_role(email: str, role: str) -> None:
    """Change an account's role."""
    from sqlalchemy import select

    from tutor.accounts.users import AccountError, normalize_email, set_role
    from tutor.store.models import User

    try:
        with transaction(_session_factory()) as session:
            user_id = session.scalar(select(User.id).where(User.email == normalize_email(email)))
            if user_id is None:
                raise click.ClickException(f"no account {email}")
            set_role(session, user_id, role)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{email} is now {role}")


@users.command("list")
def users_list() -> None:
    """List accounts."""
    from tutor.accounts.users import users as all_users

    with transaction(_session_factory()) as session:
        for user in all_users(session):
            click.echo(f"{user.id}\t{user.email}\t{user.role}")


@main.group()
def mastery() -> None:
    """The learner model: fit it from the attempt log, evaluate it on any response log."""


@mastery.command("fit")
def mastery_fit() -> None:
    """Fit the live engine and BKT parameters per topic (and a pooled default) from the attempt
    log."""
    from tutor.analytics.fitting import MIN_RESPONSES, fit_engine, fit_from_attempts
    from tutor.curriculum.catalog import CatalogCache

    with transaction(_session_factory()) as session:
        rows = fit_from_attempts(session)
        engine = fit_engine(session, CatalogCache().get(session).graph if rows else None)
    if not rows:
        click.echo("no attempts yet: nothing to fit; the built-in defaults stay in use")
        return
    click.echo(
        f"fitted the default on {rows[0].responses} responses and {len(rows) - 1} topic(s) "
        f"with at least {MIN_RESPONSES} responses"
    )
    if engine is not None:
        click.echo(
            f"fitted the live engine on {engine.responses} answers for content version "
            f"{engine.content_version}, with the easiness of "
            f"{len(engine.params.get('items', {}))} question template(s)"
        )
    for row in rows:
        click.echo(
            f"{row.topic_id}\tinit {row.p_init:.3f}\tlearn {row.p_learn:.3f}\t"
            f"slip {row.p_slip:.3f}\tguess {row.p_guess:.3f}\t({row.responses} responses)"
        )


@mastery.command("evaluate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seed", default=None, type=int, help="Seed of the 80/20 learner split.")
def mastery_evaluate(path: Path, seed: int | None) -> None:
    """Hold out 20% of learners of a response log and compare models.

    The log is CSV or tab-separated, with columns learner, skill, correct[, timestamp][, item]
    [, duration_ms], or as ASSISTments and DataShop (OLI) export them (user_id, skill_id or
    2015's sequence_id, order_id or log_id, problem_id, ms_first_response; Anon Student Id,
    KC (model), First Attempt or Outcome, Problem Name and Step Name, Step Duration (sec))."""
    from tutor.engine.tracing import LogError, read_log
    from tutor.engine.tracing.evaluate import SPLIT_SEED, evaluate, format_table

    try:
        log, notes = read_log(path)
        for note in notes:
            click.echo(note)
        scores, sizes = evaluate(log, SPLIT_SEED if seed is None else seed)
    except (LogError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_table(scores, sizes))
