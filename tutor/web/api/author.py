"""The educators' JSON API under /api/author: authoring, revisions, previews and analytics."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request
from werkzeug.wrappers import Response

from tutor.analytics import reports
from tutor.content import Prerequisite
from tutor.curriculum import authoring
from tutor.curriculum.authoring import SaveResult, StaleEdit
from tutor.curriculum.files import ContentRejected
from tutor.web.api.json_input import field as _field
from tutor.web.api.json_input import json_body as _json_body
from tutor.web.auth import require_role, signed_in_user
from tutor.web.author_views import (
    EDITORS,
    parse_threshold,
    preview_seeds,
    stats_view,
    template_stats_view,
    topic_preview,
    variant_view,
)
from tutor.web.inputs import whole_number
from tutor.web.requests import catalog, db

bp = Blueprint("author", __name__, url_prefix="/author")
MAX_SOURCE_CHARS = 200_000


@bp.errorhandler(ContentRejected)
def refused(exc: ContentRejected) -> tuple[Response, int]:
    status = 409 if isinstance(exc, StaleEdit) else 422
    return jsonify(
        error="The edit was refused; nothing was saved.", problems=exc.problems, status=status
    ), status


@bp.before_request
@require_role(*EDITORS)
def _educators_only() -> None:
    return None


def _save_view(result: SaveResult) -> dict[str, Any]:
    return {
        "topic_id": result.topic_id,
        "revision": result.revision,
        "changed": result.changed,
        "content_version": result.content_version,
        "self_tests": [
            {
                "template_id": t.template_id,
                "seeds": t.seeds,
                "passed": t.passed,
                "failures": list(t.failures),
            }
            for t in result.self_tests
        ],
    }


def _source(body: dict[str, Any]) -> str:
    source = _field(body, "source", str)
    if len(source) > MAX_SOURCE_CHARS:
        abort(413, f"Field 'source' is limited to {MAX_SOURCE_CHARS} characters.")
    return source


def _base_revision(body: dict[str, Any]) -> int | None:
    return _field(body, "base_revision", int, required=False)


def _message(body: dict[str, Any]) -> str:
    return _field(body, "message", str, required=False) or ""


def _author() -> str:
    return signed_in_user().email


@bp.get("/topics")
def list_topics() -> Response:
    cat = catalog()
    return jsonify(
        topics=[
            {
                "id": t.id,
                "title": t.title,
                "level": t.level,
                "revision": cat.revisions[t.id],
                "templates": [x.id for x in t.templates],
            }
            for t in sorted(cat.topics.values(), key=lambda t: t.id)
        ]
    )


@bp.post("/topics")
def create_topic() -> tuple[Response, int]:
    body = _json_body()
    if "source" in body:
        source = _source(body)
    else:
        source = authoring.new_topic_text(
            _field(body, "id", str), _field(body, "title", str), _field(body, "level", str)
        )
    result = authoring.create_topic(db(), source, _author(), _message(body) or "created")
    return jsonify(_save_view(result)), 201


@bp.get("/topics/<topic_id>")
def get_topic(topic_id: str) -> Response:
    revision, source = authoring.current_source(db(), topic_id)
    return jsonify(
        topic_id=topic_id,
        revision=revision,
        source=source,
        templates=[t.id for t in catalog().topic(topic_id).templates],
    )


@bp.put("/topics/<topic_id>")
def put_topic(topic_id: str) -> Response:
    body = _json_body()
    result = authoring.save_topic(
        db(), topic_id, _source(body), _author(), _message(body), _base_revision(body)
    )
    return jsonify(_save_view(result))


def _prerequisites(body: dict[str, Any]) -> list[Prerequisite]:
    items = _field(body, "prerequisites", list)
    result = []
    for item in items:
        if isinstance(item, str):
            item = {"id": item}
        weight = item.get("weight", 1.0) if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("id"), str)
            or isinstance(weight, bool)
            or not isinstance(weight, (int, float))
        ):
            abort(400, 'Each prerequisite is a topic id or {"id": ..., "weight": number}.')
        result.append(Prerequisite(item["id"], float(weight)))
    return result


@bp.put("/topics/<topic_id>/prerequisites")
def put_prerequisites(topic_id: str) -> Response:
    body = _json_body()
    result = authoring.set_prerequisites(
        db(), topic_id, _prerequisites(body), _author(), _message(body), _base_revision(body)
    )
    return jsonify(_save_view(result))


@bp.post("/topics/<topic_id>/templates")
def add_template(topic_id: str) -> tuple[Response, int]:
    body = _json_body()
    result = authoring.put_template(
        db(), topic_id, None, _source(body), _author(), _message(body), _base_revision(body)
    )
    return jsonify(_save_view(result)), 201


@bp.get("/topics/<topic_id>/templates/<template_id>")
def get_template(topic_id: str, template_id: str) -> Response:
    revision, source = authoring.template_source(db(), topic_id, template_id)
    return jsonify(topic_id=topic_id, template_id=template_id, revision=revision, source=source)


@bp.put("/topics/<topic_id>/templates/<template_id>")
def put_template(topic_id: str, template_id: str) -> Response:
    body = _json_body()
    result = authoring.put_template(
        db(), topic_id, template_id, _source(body), _author(), _message(body), _base_revision(body)
    )
    return jsonify(_save_view(result))


@bp.get("/topics/<topic_id>/revisions")
def revisions(topic_id: str) -> Response:
    return jsonify(
        topic_id=topic_id,
        revisions=[
            {
                "revision": r.revision,
                "author": r.author,
                "message": r.message,
                "created_at": r.created_at.isoformat(),
            }
            for r in authoring.history(db(), topic_id)
        ],
    )


@bp.get("/topics/<topic_id>/revisions/<int:revision>")
def revision_source(topic_id: str, revision: int) -> Response:
    return jsonify(
        topic_id=topic_id,
        revision=revision,
        source=authoring.revision_source(db(), topic_id, revision),
    )


def _revision_arg(name: str) -> int:
    return whole_number(request.args.get(name), name)


@bp.get("/topics/<topic_id>/diff")
def diff(topic_id: str) -> Response:
    old, new = _revision_arg("from"), _revision_arg("to")
    return jsonify(
        topic_id=topic_id, old=old, new=new, diff=authoring.diff(db(), topic_id, old, new)
    )


@bp.post("/topics/<topic_id>/revert")
def revert(topic_id: str) -> Response:
    body = _json_body()
    result = authoring.revert(
        db(), topic_id, _field(body, "revision", int), _author(), _message(body)
    )
    return jsonify(_save_view(result))


@bp.post("/preview/topic")
def preview_topic() -> Response:
    preview = topic_preview(_source(_json_body()))
    return jsonify(
        problems=preview["problems"], html=render_template("author/_topic_preview.html", **preview)
    )


@bp.post("/preview/template")
def preview_template() -> Response:
    body = _json_body()
    topic_id = _field(body, "topic_id", str, required=False) or "draft"
    count = _field(body, "count", int, required=False) or 3
    first = _field(body, "first_seed", int, required=False) or 0
    preview = authoring.preview_template(topic_id, _source(body), preview_seeds(first, count))
    variants = [variant_view(v) for v in preview.variants]
    return jsonify(
        problems=preview.problems,
        variants=variants,
        html=render_template(
            "author/_template_preview.html", variants=variants, problems=preview.problems
        ),
    )


@bp.get("/topics/<topic_id>/analytics")
def topic_analytics(topic_id: str) -> Response:
    topic = catalog().topic(topic_id)
    result = reports.topic_stats(db(), topic_id, [t.id for t in topic.templates], parse_threshold())
    return jsonify(
        topic_id=topic_id,
        threshold=result.threshold,
        **stats_view(result.stats),
        templates=[template_stats_view(t) for t in result.templates],
    )


@bp.get("/topics/<topic_id>/templates/<template_id>/analytics")
def template_analytics(topic_id: str, template_id: str) -> Response:
    catalog().topic(topic_id)
    return jsonify(
        template_stats_view(reports.template_stats(db(), topic_id, template_id, parse_threshold()))
    )


@bp.get("/topics/<topic_id>/templates/<template_id>/responses")
def template_responses(topic_id: str, template_id: str) -> Response:
    limit = whole_number(request.args.get("limit", "200"), "limit", 1, 1000)
    rows = reports.responses(db(), topic_id, template_id, limit)
    return jsonify(
        topic_id=topic_id,
        template_id=template_id,
        responses=[
            {
                "id": a.id,
                "learner_id": a.learner_id,
                "revision": a.template_revision,
                "seed": a.seed,
                "part": a.part,
                "response": a.response,
                "correct": a.correct,
                "note": a.note,
                "duration_ms": a.duration_ms,
                "created_at": a.created_at.isoformat(),
            }
            for a in rows
        ],
    )
