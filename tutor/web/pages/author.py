"""Pages for educators: edit topics, prerequisites and templates; history, revert, analytics."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tutor.analytics import reports
from tutor.content import LEVELS, Prerequisite
from tutor.curriculum import authoring, topic_text
from tutor.curriculum.authoring import SaveResult, StaleEdit
from tutor.curriculum.files import ContentRejected
from tutor.web.auth import require_role, signed_in_user
from tutor.web.author_views import (
    EDITORS,
    parse_threshold,
    stats_view,
    template_stats_view,
    topic_preview,
    variant_view,
)
from tutor.web.inputs import optional_whole_number, whole_number
from tutor.web.requests import catalog, db

bp = Blueprint("author", __name__, url_prefix="/author")
MAX_SOURCE_CHARS = 200_000


@bp.before_request
@require_role(*EDITORS)
def _educators_only() -> None:
    return None


@bp.app_template_global("template_preview")
def template_preview(topic_id: str, source: str) -> dict[str, Any]:
    preview = authoring.preview_template(topic_id, source, range(3))
    return {"problems": preview.problems, "variants": [variant_view(v) for v in preview.variants]}


bp.add_app_template_global(topic_preview, "topic_preview")
bp.add_app_template_global(stats_view, "stats_view")
bp.record_once(
    lambda state: state.app.jinja_env.globals.update(self_test_seeds=authoring.SELF_TEST_SEEDS)
)


def _author() -> str:
    return signed_in_user().email


def _form(name: str, limit: int = MAX_SOURCE_CHARS) -> str:
    value = request.form.get(name, "")
    if len(value) > limit:
        abort(413, f"{name} is limited to {limit} characters.")
    return value.replace("\r\n", "\n")  # browsers send CRLF; files use LF


def _base_revision() -> int | None:
    return optional_whole_number(
        request.form.get("base_revision"), "base_revision", where="Form field"
    )


def _refused(template: str, exc: ContentRejected, **context: Any) -> tuple[str, int]:
    status = 409 if isinstance(exc, StaleEdit) else 422
    return render_template(template, problems=exc.problems, **context), status


@bp.get("/")
def index() -> str:
    cat = catalog()
    topics = sorted(cat.topics.values(), key=lambda t: (LEVELS.index(t.level), t.title))
    return render_template("author/index.html", topics=topics, revisions=cat.revisions)


@bp.route("/new", methods=["GET", "POST"])
def new_topic() -> Any:
    if request.method == "GET":
        source = authoring.new_topic_text("new-topic", "New topic", LEVELS[0])
        return render_template(
            "author/topic_edit.html", topic_id=None, source=source, revision=None
        )
    source = _form("source")
    try:
        result = authoring.create_topic(db(), source, _author(), _form("message", 500) or "created")
    except ContentRejected as exc:
        return _refused("author/topic_edit.html", exc, topic_id=None, source=source, revision=None)
    return redirect(url_for("author.edit_topic", topic_id=result.topic_id, saved=result.revision))


@bp.route("/topics/<topic_id>", methods=["GET", "POST"])
def edit_topic(topic_id: str) -> Any:
    revision, source = authoring.current_source(db(), topic_id)
    context = {"topic_id": topic_id, "revision": revision, "topic": catalog().topic(topic_id)}
    if request.method == "GET":
        return render_template("author/topic_edit.html", source=source, **context)
    source = _form("source")
    try:
        result = authoring.save_topic(
            db(), topic_id, source, _author(), _form("message", 500), _base_revision()
        )
    except ContentRejected as exc:
        return _refused("author/topic_edit.html", exc, source=source, **context)
    return _saved(result)


def _saved(result: SaveResult) -> Response:
    """Back to the topic, saying which revision was written and whose self-tests passed."""
    tested = ",".join(t.template_id for t in result.self_tests)
    extra: dict[str, Any] = {"tested": tested} if tested else {}
    return redirect(
        url_for("author.edit_topic", topic_id=result.topic_id, saved=result.revision, **extra)
    )


def _parse_prerequisite_lines(text: str) -> list[Prerequisite]:
    """One prerequisite a line: a topic id, optionally followed by its weight."""
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split()
        if not words:
            continue
        try:
            weight = float(words[1]) if len(words) == 2 else 1.0
        except ValueError:
            weight = -1.0
        if len(words) > 2 or not 0 < weight <= 1:
            raise ContentRejected(
                [f"line {number}: write a topic id, optionally followed by a weight in (0, 1]"]
            )
        result.append(Prerequisite(words[0], weight))
    return result


@bp.route("/topics/<topic_id>/prerequisites", methods=["GET", "POST"])
def edit_prerequisites(topic_id: str) -> Any:
    topic = catalog().topic(topic_id)
    revision = catalog().revisions[topic_id]
    lines = "\n".join(
        p.topic_id if p.weight == 1 else f"{p.topic_id} {p.weight:g}" for p in topic.prerequisites
    )
    context = {"topic": topic, "revision": revision, "all_topics": sorted(catalog().topics)}
    if request.method == "GET":
        return render_template("author/prerequisites.html", lines=lines, **context)
    lines = _form("prerequisites", 20_000)
    try:
        result = authoring.set_prerequisites(
            db(),
            topic_id,
            _parse_prerequisite_lines(lines),
            _author(),
            _form("message", 500),
            _base_revision(),
        )
    except ContentRejected as exc:
        return _refused("author/prerequisites.html", exc, lines=lines, **context)
    return _saved(result)


@bp.route(
    "/topics/<topic_id>/templates/new", methods=["GET", "POST"], defaults={"template_id": None}
)
@bp.route("/topics/<topic_id>/templates/<template_id>", methods=["GET", "POST"])
def edit_template(topic_id: str, template_id: str | None) -> Any:
    topic = catalog().topic(topic_id)
    if template_id is None:
        revision, source = catalog().revisions[topic_id], NEW_TEMPLATE
    else:
        revision, source = authoring.template_source(db(), topic_id, template_id)
    context = {"topic": topic, "template_id": template_id, "revision": revision}
    if request.method == "GET":
        return render_template("author/template_edit.html", source=source, **context)
    source = _form("source")
    try:
        result = authoring.put_template(
            db(), topic_id, template_id, source, _author(), _form("message", 500), _base_revision()
        )
    except ContentRejected as exc:
        return _refused("author/template_edit.html", exc, source=source, **context)
    # Post/redirect/get: the template's own URL, so a reload does not post again and a new
    # template stops living at /templates/new.
    tested = ",".join(t.template_id for t in result.self_tests)
    extra: dict[str, Any] = {"tested": tested} if tested else {}
    if not result.changed:
        extra["unchanged"] = 1
    return redirect(
        url_for(
            "author.edit_template",
            topic_id=topic_id,
            template_id=topic_text.template_id_of(source),
            saved=result.revision,
            **extra,
        )
    )


NEW_TEMPLATE = """id: new-question
title: A new question
parameters:
  a: {int: [2, 9]}
  b: {int: [2, 9]}
prompt: |
  What is ${{a}} + {{b}}$?
answer: "a + b"
solution: |
  ${{a}} + {{b}} = {{answer}}$.
tests:
  - response: "{{answer}}"
    expect: correct
"""


@bp.get("/topics/<topic_id>/history")
def history(topic_id: str) -> str:
    revisions = authoring.history(db(), topic_id)
    diff_text = None
    old, new = request.args.get("from", ""), request.args.get("to", "")
    if old and new:
        diff_text = authoring.diff(
            db(), topic_id, whole_number(old, "from"), whole_number(new, "to")
        )
    return render_template(
        "author/history.html",
        topic_id=topic_id,
        revisions=revisions,
        diff=diff_text,
        old=old,
        new=new,
    )


@bp.post("/topics/<topic_id>/revert")
def revert(topic_id: str) -> Any:
    revision = whole_number(request.form.get("revision"), "revision", where="Form field")
    try:
        result = authoring.revert(db(), topic_id, revision, _author())
    except ContentRejected as exc:
        return _refused(
            "author/history.html",
            exc,
            topic_id=topic_id,
            diff=None,
            old="",
            new="",
            revisions=authoring.history(db(), topic_id),
        )
    return _saved(result)


@bp.get("/topics/<topic_id>/analytics")
def topic_analytics(topic_id: str) -> str:
    topic = catalog().topic(topic_id)
    result = reports.topic_stats(db(), topic_id, [t.id for t in topic.templates], parse_threshold())
    return render_template("author/analytics.html", topic=topic, result=result)


@bp.get("/topics/<topic_id>/templates/<template_id>/analytics")
def template_analytics(topic_id: str, template_id: str) -> str:
    topic = catalog().topic(topic_id)
    stats = template_stats_view(
        reports.template_stats(db(), topic_id, template_id, parse_threshold())
    )
    responses = reports.responses(db(), topic_id, template_id, 100)
    return render_template(
        "author/template_analytics.html", topic=topic, stats=stats, responses=responses
    )
