"""The JSON API. Requests are parsed here; the work is done by the learner services."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, g, jsonify, request
from werkzeug.wrappers import Response

from tutor.checking import preview
from tutor.graph import TopicFigures
from tutor.learner import accounts, diagnostics, planning, services
from tutor.learner.knowledge_map import knowledge_map
from tutor.learner.models import Mastery, User
from tutor.learner.mastery import is_mastered, uncertainty
from tutor.questions import Grade, Part, grade_all
from tutor.web.auth import current_user, require_role
from tutor.web.openapi import openapi_document
from tutor.web.requests import WRITE_METHODS, catalog, current_learner, db, reads_before_writing, writing_db

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_RESPONSE_CHARS = 2000


@bp.before_request
def _check_request() -> None:
    """Rules every /api route shares, whether or not it reads a body: a bearer token that is
    unknown or revoked is a 401, a cookie-authenticated write from another site's page is a 403
    (the API is exempt from CSRF tokens), and a body, when one is sent, is JSON that parses."""
    current_user()
    origin = request.headers.get("Origin")
    if origin and request.method in WRITE_METHODS and not g.get("token_auth") \
            and urlsplit(origin).netloc != request.host:
        abort(403, "Requests from other sites' pages are refused; use an API token.")
    if not request.content_length:
        return
    if not request.is_json:
        abort(415, "Send a JSON body with Content-Type: application/json.")
    try:
        json.loads(request.get_data(cache=True))
    except ValueError as exc:
        abort(400, f"The body is not a valid JSON object: {exc}.")


def _json_body() -> dict[str, Any]:
    """The request's JSON object; anything else is a 400/415 that says what is wrong."""
    if not request.is_json:
        abort(415, "Send a JSON body with Content-Type: application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "The body must be a JSON object.")
    return body


def _field(body: dict[str, Any], name: str, kind: type, required: bool = True) -> Any:
    value = body.get(name)
    if value is None:
        if required:
            abort(400, f"Field {name!r} is required.")
        return None
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 7.0 is the integer 7
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        abort(400, f"Field {name!r} must be of type {kind.__name__}.")
    return value


def _figures(figures: TopicFigures) -> dict[str, Any]:
    return {
        "depth": figures.depth,
        "longest_chain": list(figures.longest_chain),
        "longest_path_steps": len(figures.longest_chain),
        "prerequisite_count": figures.prerequisite_count,
        "downstream_count": figures.downstream_count,
    }


def _topic_summary(topic_id: str) -> dict[str, Any]:
    topic = catalog().topic(topic_id)
    return {"id": topic.id, "title": topic.title, "level": topic.level, "tags": list(topic.tags)}


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/topics")
def list_topics() -> Response:
    cat = catalog()
    return jsonify(topics=[_topic_summary(tid) for tid in cat.graph.topological_order()])


@bp.get("/topics/<topic_id>")
def get_topic(topic_id: str) -> Response:
    cat = catalog()
    topic = cat.topic(topic_id)
    return jsonify({
        **_topic_summary(topic_id),
        "core_idea": topic.core_idea,
        "how_best_learned": topic.how_best_learned,
        "explainer": topic.explainer,
        "prerequisites": [{"id": p.topic_id, "weight": p.weight, "title": cat.graph.title(p.topic_id)}
                          for p in topic.prerequisites],
        "leads_to": [{"id": t, "title": cat.graph.title(t)} for t in cat.graph.leads_to(topic_id)],
        "templates": [t.id for t in topic.templates],
        "revision": cat.revisions[topic_id],
        **_figures(cat.graph.figures(topic_id)),
    })


MAX_GRAPH_DEPTH = 6


@bp.get("/topics/<topic_id>/graph")
def topic_graph(topic_id: str) -> Response:
    """The topic's neighbourhood: prerequisites and leads-to topics up to ``depth`` levels each way."""
    cat = catalog()
    cat.topic(topic_id)  # an unknown topic is a 404
    raw = request.args.get("depth", "2")
    if not re.fullmatch(r"[0-9]{1,2}", raw) or int(raw) > MAX_GRAPH_DEPTH:
        abort(400, f"Query parameter 'depth' must be a whole number from 0 to {MAX_GRAPH_DEPTH}.")
    depth = int(raw)
    return jsonify(topic_id=topic_id, depth=depth,
                   **cat.graph.neighbourhood(topic_id, up=depth, down=depth))


@bp.get("/map")
def knowledge_map_data() -> Response:
    """Every topic with the learner's status on it, the edges, and the path to the goal."""
    goal = request.args.get("goal") or None
    return jsonify(knowledge_map(db(), catalog(), current_learner(), goal))


@bp.get("/topics/<topic_id>/question")
def get_question(topic_id: str) -> Response:
    topic = catalog().topic(topic_id)
    if not topic.templates:
        abort(404, f"Topic {topic_id!r} has no practice questions.")
    template_id = request.args.get("template") or topic.templates[0].id
    seed_arg = request.args.get("seed")
    if seed_arg is not None and not seed_arg.isdigit():
        abort(400, "Query parameter 'seed' must be a non-negative integer.")
    template = catalog().template(topic_id, template_id)
    seed = int(seed_arg) % 2**31 if seed_arg is not None else services.current_seed(
        db(), current_learner(), template)
    variant = catalog().variant(topic_id, template_id, seed)
    return jsonify(topic_id=topic_id, template_id=template_id, revision=variant.revision,
                   seed=variant.seed, prompt=variant.prompt, hints=list(variant.hints),
                   choices=list(variant.choices), variables=list(variant.variables),
                   parts=[{"label": p.label, "prompt": p.prompt, "choices": list(p.choices)}
                          for p in variant.parts])


def _responses(body: dict[str, Any], parts: int) -> list[str]:
    """``response`` (one part) or ``responses`` (a list, one per part)."""
    if "responses" in body:
        responses = _field(body, "responses", list)
        if len(responses) != parts or not all(isinstance(r, str) for r in responses):
            abort(400, f"Field 'responses' must be a list of {parts} strings, one per part.")
    else:
        if parts != 1:
            abort(400, f"This question has {parts} parts: send 'responses', a list of {parts} strings.")
        responses = [_field(body, "response", str)]
    if any(len(r) > MAX_RESPONSE_CHARS for r in responses):
        abort(413, f"Answers are limited to {MAX_RESPONSE_CHARS} characters each.")
    return responses


def _verdict(result: Grade, part: Part) -> dict[str, Any]:
    verdict = {"valid": result.valid, "correct": result.correct, "score": result.verdict.score,
               "feedback": result.feedback, "note": result.note, "response_tex": result.verdict.response_tex}
    if result.mistake and result.mistake.prerequisite:
        verdict["prerequisite"] = result.mistake.prerequisite
    if result.valid and not result.correct:
        verdict["answer"] = part.answer_plain
    return verdict


@bp.post("/answers")
@reads_before_writing
def post_answer() -> tuple[Response, int]:
    body = _json_body()
    topic_id = _field(body, "topic_id", str)
    template_id = _field(body, "template_id", str)
    seed = _field(body, "seed", int)
    key = _field(body, "idempotency_key", str, required=False)
    if not 0 <= seed < 2**31:
        abort(400, "Field 'seed' must be between 0 and 2^31 - 1.")
    if key is not None and not 1 <= len(key) <= 100:
        abort(400, "Field 'idempotency_key' must be 1 to 100 characters.")
    variant = catalog().variant(topic_id, template_id, seed)
    responses = _responses(body, len(variant.parts))
    grades = grade_all(variant, responses)
    parts = [_verdict(g, p) for g, p in zip(grades, variant.parts, strict=True)]
    overall = {"valid": all(g.valid for g in grades), "correct": all(g.correct for g in grades),
               "score": sum(g.verdict.score for g in grades) / len(grades),
               "feedback": " ".join(v["feedback"] for v in parts), "note": parts[0]["note"],
               "response_tex": parts[0]["response_tex"]} if len(parts) > 1 else dict(parts[0])
    if not overall["valid"]:
        return jsonify(verdict=overall, parts=parts, recorded=False), 422
    if not overall["correct"]:
        overall["solution"] = variant.solution
    writing_db()
    learner = current_learner(create=True)
    recorded = [services.record_attempt(db(), learner, variant, g, r, idempotency_key=key, part=i,
                                        graph=catalog().graph)
                for i, (g, r) in enumerate(zip(grades, responses, strict=True))]
    duplicate = recorded[0].duplicate
    return jsonify(verdict=overall, parts=parts, recorded=True, attempt_id=recorded[0].attempt.id,
                   duplicate=duplicate, p_known=recorded[-1].p_known), 200 if duplicate else 201


MAX_PREVIEW_VARIABLES = 20


@bp.post("/preview")
def preview_answer() -> Response:
    """As-you-type validation: how an answer was read (TeX), or what to fix. Records nothing."""
    body = _json_body()
    response = _field(body, "response", str)
    variables = _field(body, "variables", list, required=False) or []
    if len(response) > MAX_RESPONSE_CHARS:  # a field over its maxLength, as the description says
        abort(400, f"Field 'response' is limited to {MAX_RESPONSE_CHARS} characters.")
    if len(variables) > MAX_PREVIEW_VARIABLES or not all(
            isinstance(v, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,19}", v) for v in variables):
        abort(400, f"Field 'variables' must be a list of at most {MAX_PREVIEW_VARIABLES} variable names.")
    result = preview(response, symbols=variables)
    return jsonify(valid=result.valid, tex=result.tex, message=result.message)


def _goal_view(topic_id: str, rows: dict[str, Mastery]) -> dict[str, Any]:
    mastered = {t for t, m in rows.items() if is_mastered(m.p_known, m.claimed_known)}
    progress = planning.goal_progress(catalog().graph, topic_id, {t: m.p_known for t, m in rows.items()},
                                      mastered)
    return {**_topic_summary(topic_id), "topics_needed": progress.topics_needed,
            "topics_mastered": progress.topics_mastered,
            "estimate": {"remaining_topics": progress.remaining_topics,
                         "questions": progress.estimated_questions,
                         "minutes": progress.estimated_minutes, "summary": progress.summary()}}


@bp.get("/goals")
def list_goals() -> Response:
    learner = current_learner()
    rows = services.mastery_map(db(), learner)
    cat = catalog()
    return jsonify(goals=[_goal_view(g.topic_id, rows) for g in services.goals(db(), learner)
                          if g.topic_id in cat.topics])


@bp.post("/goals")
def create_goal() -> tuple[Response, int]:
    topic_id = _field(_json_body(), "topic_id", str)
    learner = current_learner(create=True)
    services.set_goal(db(), catalog(), learner, topic_id)
    return jsonify(goal=_goal_view(topic_id, services.mastery_map(db(), learner))), 201


@bp.delete("/goals/<topic_id>")
def delete_goal(topic_id: str) -> tuple[Response, int]:
    learner = current_learner()
    if learner is None or not services.clear_goal(db(), learner, topic_id):
        abort(404, f"{topic_id!r} is not one of your goals.")
    return jsonify(deleted=topic_id), 200


@bp.get("/mastery")
def list_mastery() -> Response:
    rows = services.mastery_map(db(), current_learner())
    return jsonify(mastery=[{"topic_id": m.topic_id, "p_known": m.p_known,
                             "uncertainty": uncertainty(m.p_known, m.evidence or 0.0),
                             "evidence": m.evidence or 0.0, "attempts": m.attempts,
                             "correct": m.correct, "claimed_known": m.claimed_known,
                             "claim_pending": m.claim_prior is not None,
                             "remediation": bool(m.remediation),
                             "review_due_at": m.due_at.isoformat() if m.due_at else None,
                             "mastered": is_mastered(m.p_known, m.claimed_known)}
                            for m in rows.values()])


@bp.post("/topics/<topic_id>/known")
def claim_known(topic_id: str) -> tuple[Response, int]:
    """Weak credit now; the returned check (one or two questions) confirms or undoes it."""
    from tutor.web.engine_api import diagnostic_view

    check = diagnostics.start_claim(db(), catalog(), current_learner(create=True), topic_id)
    return jsonify(marked=diagnostics.state_of(check)["marked"], check=diagnostic_view(check)), 201


def _timestamp(moment: datetime) -> str:
    """RFC 3339 with its offset: SQLite hands back our UTC times without one."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def _user_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "role": user.role}


@bp.get("/me")
@require_role()
def me() -> Response:
    return jsonify(_user_view(current_user()))


@bp.get("/tokens")
@require_role()
def list_tokens() -> Response:
    return jsonify(tokens=[{"id": t.id, "name": t.name, "prefix": t.prefix,
                            "created_at": _timestamp(t.created_at)}
                           for t in accounts.tokens(db(), current_user())])


@bp.post("/tokens")
@require_role()
def create_token() -> tuple[Response, int]:
    name = _field(_json_body(), "name", str)
    try:
        new = accounts.create_token(db(), current_user(), name)
    except accounts.AccountError as exc:
        abort(400, str(exc))
    return jsonify(id=new.token.id, name=new.token.name, token=new.secret), 201


@bp.delete("/tokens/<int:token_id>")
@require_role()
def revoke_token(token_id: int) -> Response:
    if not accounts.revoke_token(db(), current_user(), token_id):
        abort(404, f"You have no token {token_id}.")
    return jsonify(revoked=token_id)


@bp.get("/users")
@require_role("admin")
def list_users() -> Response:
    return jsonify(users=[_user_view(u) for u in accounts.users(db())])


@bp.put("/users/<int:user_id>/role")
@require_role("admin")
def set_role(user_id: int) -> Response:
    role = _field(_json_body(), "role", str)
    try:
        user = accounts.set_role(db(), user_id, role)
    except LookupError as exc:
        abort(404, str(exc))
    except accounts.AccountError as exc:
        abort(400, str(exc))
    return jsonify(_user_view(user))
