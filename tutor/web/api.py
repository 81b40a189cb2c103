"""The JSON API. Requests are parsed here; the work is done by the learner services."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, abort, jsonify, request
from werkzeug.wrappers import Response

from tutor.accounts import users
from tutor.checking import preview
from tutor.diagnostics import sessions
from tutor.engine.mastery import is_mastered, uncertainty
from tutor.graph import TopicFigures
from tutor.practice import attempts, planning
from tutor.practice.knowledge_map import knowledge_map
from tutor.checking.limits import MAX_ANSWER_CHARS
from tutor.practice.submit import submit
from tutor.questions import Grade, Part
from tutor.store.models import Mastery, User
from tutor.web import instances
from tutor.web.api_guard import field as _field
from tutor.web.api_guard import json_body as _json_body
from tutor.web.auth import current_user, require_role
from tutor.web.inputs import optional_whole_number, whole_number
from tutor.web.openapi import openapi_document
from tutor.web.requests import catalog, current_learner, db, reads_before_writing

bp = Blueprint("api", __name__, url_prefix="/api")


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
    depth = whole_number(request.args.get("depth", "2"), "depth", 0, MAX_GRAPH_DEPTH)
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
    chosen = optional_whole_number(request.args.get("seed"), "seed")
    template = catalog().template(topic_id, template_id)
    learner = current_learner()
    seed = chosen if chosen is not None else attempts.current_seed(db(), learner, template)
    variant = catalog().variant(topic_id, template_id, seed)
    # Only a question the server chose can be answered: a client that picks the seed could pick
    # one whose answer it has seen (in another account's feedback, say).
    instance = instances.issue(learner, variant) if chosen is None else None
    return jsonify(topic_id=topic_id, template_id=template_id, revision=variant.revision, instance=instance,
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
        return responses
    if parts != 1:
        abort(400, f"This question has {parts} parts: send 'responses', a list of {parts} strings.")
    return [_field(body, "response", str)]


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
    claimed = {"topic_id": _field(body, "topic_id", str, required=False),
               "template_id": _field(body, "template_id", str, required=False),
               "seed": _field(body, "seed", int, required=False)}
    key = _field(body, "idempotency_key", str, required=False)
    duration = _field(body, "duration_ms", int, required=False)
    token = _field(body, "instance", str, required=False)
    if claimed["seed"] is not None and not 0 <= claimed["seed"] < 2**31:
        abort(400, "Field 'seed' must be between 0 and 2^31 - 1.")
    if claimed["topic_id"] is not None:  # an unknown id is a 404, whatever the instance says
        catalog().topic(claimed["topic_id"])
        if claimed["template_id"] is not None:
            catalog().template(claimed["topic_id"], claimed["template_id"])
    submission = submit(db(), catalog(), instances.verify(token, current_learner()),
                        lambda parts: _responses(body, parts), lambda: current_learner(create=True),
                        claimed=claimed, idempotency_key=key, duration_ms=duration)
    variant, grades = submission.variant, submission.grades
    parts = [_verdict(g, p) for g, p in zip(grades, variant.parts, strict=True)]
    overall = {"valid": submission.valid, "correct": submission.correct,
               "score": sum(g.verdict.score for g in grades) / len(grades),
               "feedback": " ".join(v["feedback"] for v in parts), "note": parts[0]["note"],
               "response_tex": parts[0]["response_tex"]} if len(parts) > 1 else dict(parts[0])
    if not submission.valid:
        return jsonify(verdict=overall, parts=parts, recorded=False), 422
    if not submission.correct:
        overall["solution"] = variant.solution
    recorded, duplicate = submission.recorded, submission.duplicate
    return jsonify(verdict=overall, parts=parts, recorded=True, attempt_id=recorded[0].attempt.id,
                   duplicate=duplicate, p_known=recorded[-1].p_known), 200 if duplicate else 201


MAX_PREVIEW_VARIABLES = 20


@bp.post("/preview")
def preview_answer() -> Response:
    """As-you-type validation: how an answer was read (TeX), or what to fix. Records nothing."""
    body = _json_body()
    response = _field(body, "response", str)
    variables = _field(body, "variables", list, required=False) or []
    if len(response) > MAX_ANSWER_CHARS:  # a field over its maxLength, as the description says
        abort(400, f"Field 'response' is limited to {MAX_ANSWER_CHARS} characters.")
    if len(variables) > MAX_PREVIEW_VARIABLES or not all(
            isinstance(v, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,19}", v) for v in variables):
        abort(400, f"Field 'variables' must be a list of at most {MAX_PREVIEW_VARIABLES} variable names.")
    part = _previewed_part(body)
    if part is None:
        result = preview(response, symbols=variables)
    else:  # read exactly as the check will: its variables, answer kind and test, without grading
        result = preview(response, symbols=variables, expected=part.answer, test=part.test,
                         options=part.options)
    return jsonify(valid=result.valid, tex=result.tex, message=result.message)


def _previewed_part(body: dict[str, Any]) -> Part | None:
    """The part of the question named by the optional object ``question``."""
    question = _field(body, "question", dict, required=False)
    if question is None:
        return None
    topic_id = _field(question, "topic_id", str)
    template_id = _field(question, "template_id", str)
    seed = _field(question, "seed", int)
    index = _field(question, "part", int, required=False) or 0
    if seed < 0:
        abort(400, "Field 'seed' must not be negative.")
    catalog().template(topic_id, template_id)  # an unknown topic or template is a 404
    variant = catalog().variant(topic_id, template_id, seed)
    if not 0 <= index < len(variant.parts):
        abort(400, f"Field 'part' must be from 0 to {len(variant.parts) - 1}.")
    return variant.parts[index]


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
    rows = attempts.mastery_map(db(), learner)
    cat = catalog()
    return jsonify(goals=[_goal_view(g.topic_id, rows) for g in attempts.goals(db(), learner)
                          if g.topic_id in cat.topics])


@bp.post("/goals")
def create_goal() -> tuple[Response, int]:
    topic_id = _field(_json_body(), "topic_id", str)
    learner = current_learner(create=True)
    attempts.set_goal(db(), catalog(), learner, topic_id)
    return jsonify(goal=_goal_view(topic_id, attempts.mastery_map(db(), learner))), 201


@bp.delete("/goals/<topic_id>")
def delete_goal(topic_id: str) -> tuple[Response, int]:
    learner = current_learner()
    if learner is None or not attempts.clear_goal(db(), learner, topic_id):
        abort(404, f"{topic_id!r} is not one of your goals.")
    return jsonify(deleted=topic_id), 200


@bp.get("/mastery")
def list_mastery() -> Response:
    rows = attempts.mastery_map(db(), current_learner())
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

    check = sessions.start_claim(db(), catalog(), current_learner(create=True), topic_id)
    return jsonify(marked=sessions.state_of(check)["marked"], check=diagnostic_view(check)), 201


def _timestamp(moment: datetime) -> str:
    """RFC 3339 with its offset: SQLite hands back our UTC times without one."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def _user_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "role": user.role}


@bp.get("/me")
@require_role()
def me() -> Response:
    return jsonify(_user_view(current_user()))


def _token_view(token: Any) -> dict[str, Any]:
    return {"id": token.id, "name": token.name, "prefix": token.prefix, "scopes": token.scopes.split(),
            "created_at": _timestamp(token.created_at),
            "expires_at": _timestamp(token.expires_at) if token.expires_at else None}


@bp.get("/tokens")
@require_role()
def list_tokens() -> Response:
    return jsonify(tokens=[_token_view(t) for t in users.tokens(db(), current_user())])


@bp.post("/tokens")
@require_role()
def create_token() -> tuple[Response, int]:
    body = _json_body()
    name = _field(body, "name", str)
    scopes = _field(body, "scopes", list, required=False)
    scopes = ["read"] if scopes is None else scopes
    days = _field(body, "expires_in_days", int, required=False)
    if not all(isinstance(s, str) for s in scopes) or len(scopes) > 10:
        abort(400, "Field 'scopes' must be a list of scope names.")
    try:
        new = users.create_token(db(), current_user(), name, scopes, days)
    except users.AccountError as exc:
        abort(400, str(exc))
    return jsonify(**_token_view(new.token), token=new.secret), 201


@bp.delete("/tokens/<int:token_id>")
@require_role()
def revoke_token(token_id: int) -> Response:
    if not users.revoke_token(db(), current_user(), token_id):
        abort(404, f"You have no token {token_id}.")
    return jsonify(revoked=token_id)


@bp.get("/users")
@require_role("admin")
def list_users() -> Response:
    return jsonify(users=[_user_view(u) for u in users.users(db())])


@bp.put("/users/<int:user_id>/role")
@require_role("admin")
def set_role(user_id: int) -> Response:
    role = _field(_json_body(), "role", str)
    try:
        user = users.set_role(db(), user_id, role)
    except LookupError as exc:
        abort(404, str(exc))
    except users.AccountError as exc:
        abort(400, str(exc))
    return jsonify(_user_view(user))
