"""The practice API: topics, questions, answers, previews, goals and mastery."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, jsonify, request
from werkzeug.wrappers import Response

from tutor.checking import preview
from tutor.checking.limits import MAX_ANSWER_CHARS
from tutor.engine.mastery import is_mastered, uncertainty
from tutor.practice import attempts, planning
from tutor.practice.knowledge_map import knowledge_map
from tutor.practice.submit import submit
from tutor.questions import Grade, Part
from tutor.store.models import Mastery
from tutor.web import instances
from tutor.web.api.json_input import field as _field
from tutor.web.api.json_input import json_body as _json_body
from tutor.web.api.json_input import responses as _responses
from tutor.web.api.presenters import figures as _figures
from tutor.web.api.presenters import topic_summary as _topic_summary
from tutor.web.identity import current_learner
from tutor.web.inputs import optional_whole_number, whole_number
from tutor.web.requests import catalog, db, fits, reads_before_writing

bp = Blueprint("practice", __name__)


@bp.get("/topics")
def list_topics() -> Response:
    cat = catalog()
    return jsonify(topics=[_topic_summary(tid) for tid in cat.graph.topological_order()])


@bp.get("/topics/<topic_id>")
def get_topic(topic_id: str) -> Response:
    cat = catalog()
    topic = cat.topic(topic_id)
    return jsonify(
        {
            **_topic_summary(topic_id),
            "core_idea": topic.core_idea,
            "how_best_learned": topic.how_best_learned,
            "explainer": topic.explainer,
            "prerequisites": [
                {"id": p.topic_id, "weight": p.weight, "title": cat.graph.title(p.topic_id)}
                for p in topic.prerequisites
            ],
            "leads_to": [
                {"id": t, "title": cat.graph.title(t)} for t in cat.graph.leads_to(topic_id)
            ],
            "templates": [t.id for t in topic.templates],
            "revision": cat.revisions[topic_id],
            **_figures(cat.graph.figures(topic_id)),
        }
    )


MAX_GRAPH_DEPTH = 6


@bp.get("/topics/<topic_id>/graph")
def topic_graph(topic_id: str) -> Response:
    """The topic's neighbourhood: prerequisites and leads-to topics
    up to ``depth`` levels each way."""
    cat = catalog()
    cat.topic(topic_id)  # an unknown topic is a 404
    depth = whole_number(request.args.get("depth", "2"), "depth", 0, MAX_GRAPH_DEPTH)
    return jsonify(
        topic_id=topic_id, depth=depth, **cat.graph.neighbourhood(topic_id, up=depth, down=depth)
    )


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
    learner = current_learner()
    template_id = request.args.get("template") or attempts.next_template(
        db() if learner else None, learner, topic
    )
    chosen = optional_whole_number(request.args.get("seed"), "seed")
    template = catalog().template(topic_id, template_id)
    seed = chosen if chosen is not None else attempts.current_seed(db(), learner, template)
    variant = catalog().variant(topic_id, template_id, seed)
    # Only a question the server chose can be answered: a client that picks the seed could pick
    # one whose answer it has seen (in another account's feedback, say).
    instance = instances.issue(learner, variant) if chosen is None else None
    return jsonify(
        topic_id=topic_id,
        template_id=template_id,
        revision=variant.revision,
        instance=instance,
        seed=variant.seed,
        prompt=variant.prompt,
        hints=list(variant.hints),
        choices=list(variant.choices),
        variables=list(variant.variables),
        parts=[
            {"label": p.label, "prompt": p.prompt, "choices": list(p.choices)}
            for p in variant.parts
        ],
    )


def _verdict(result: Grade, part: Part) -> dict[str, Any]:
    verdict = {
        "valid": result.valid,
        "correct": result.correct,
        "score": result.verdict.score,
        "feedback": result.feedback,
        "note": result.note,
        "response_tex": result.verdict.response_tex,
    }
    if result.mistake and result.mistake.prerequisite:
        verdict["prerequisite"] = result.mistake.prerequisite
    if result.valid and not result.correct:
        verdict["answer"] = part.answer_plain
    return verdict


@bp.post("/answers")
@reads_before_writing
def post_answer() -> tuple[Response, int]:
    body = _json_body()
    claimed = {
        "topic_id": _field(body, "topic_id", str, required=False),
        "template_id": _field(body, "template_id", str, required=False),
        "seed": _field(body, "seed", int, required=False),
    }
    key = _field(body, "idempotency_key", str, required=False)
    duration = _field(body, "duration_ms", int, required=False)
    token = _field(body, "instance", str, required=False)
    if claimed["seed"] is not None and not 0 <= claimed["seed"] < 2**31:
        abort(400, "Field 'seed' must be between 0 and 2^31 - 1.")
    if claimed["topic_id"] is not None:  # an unknown id is a 404, whatever the instance says
        catalog().topic(claimed["topic_id"])
        if claimed["template_id"] is not None:
            catalog().template(claimed["topic_id"], claimed["template_id"])
    submission = submit(
        db(),
        catalog(),
        instances.verify(token, current_learner()),
        lambda parts: _responses(body, parts),
        lambda: current_learner(create=True),
        claimed=claimed,
        idempotency_key=key,
        duration_ms=duration,
        fits=fits(),
    )
    variant, grades = submission.variant, submission.grades
    parts = [_verdict(g, p) for g, p in zip(grades, variant.parts, strict=True)]
    overall = (
        {
            "valid": submission.valid,
            "correct": submission.correct,
            "score": sum(g.verdict.score for g in grades) / len(grades),
            "feedback": " ".join(v["feedback"] for v in parts),
            "note": parts[0]["note"],
            "response_tex": parts[0]["response_tex"],
        }
        if len(parts) > 1
        else dict(parts[0])
    )
    if not submission.valid:
        return jsonify(verdict=overall, parts=parts, recorded=False), 422
    if not submission.correct:
        overall["solution"] = variant.solution
    recorded, duplicate = submission.recorded, submission.duplicate
    return jsonify(
        verdict=overall,
        parts=parts,
        recorded=True,
        attempt_id=recorded[0].attempt_id,
        duplicate=duplicate,
        p_known=recorded[-1].p_known,
    ), 200 if duplicate else 201


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
        isinstance(v, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,19}", v) for v in variables
    ):
        abort(
            400,
            f"Field 'variables' must be a list of at most {MAX_PREVIEW_VARIABLES} variable names.",
        )
    part = _previewed_part(body)
    if part is None:
        result = preview(response, symbols=variables)
    else:  # read exactly as the check will: its variables, answer kind and test, without grading
        result = preview(
            response, symbols=variables, expected=part.answer, test=part.test, options=part.options
        )
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
    progress = planning.goal_progress(
        catalog().graph, topic_id, {t: m.p_known for t, m in rows.items()}, mastered
    )
    return {
        **_topic_summary(topic_id),
        "status": progress.status,
        "topics_needed": progress.topics_needed,
        "topics_mastered": progress.topics_mastered,
        "estimate": {
            "remaining_topics": progress.remaining_topics,
            "questions": progress.estimated_questions,
            "minutes": progress.estimated_minutes,
            "summary": progress.summary(),
        },
    }


@bp.get("/goals")
def list_goals() -> Response:
    learner = current_learner()
    rows = attempts.mastery_map(db(), learner)
    cat = catalog()
    return jsonify(
        goals=[
            _goal_view(g.topic_id, rows)
            for g in attempts.goals(db(), learner)
            if g.topic_id in cat.topics
        ]
    )


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
    return jsonify(
        mastery=[
            {
                "topic_id": m.topic_id,
                "p_known": m.p_known,
                "uncertainty": uncertainty(m.p_known, m.evidence or 0.0),
                "evidence": m.evidence or 0.0,
                "attempts": m.attempts,
                "correct": m.correct,
                "claimed_known": m.claimed_known,
                "claim_pending": m.claim_prior is not None,
                "remediation": bool(m.remediation),
                "review_due_at": m.due_at.isoformat() if m.due_at else None,
                "mastered": is_mastered(m.p_known, m.claimed_known),
            }
            for m in rows.values()
        ]
    )
