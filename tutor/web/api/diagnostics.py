"""The JSON API of the adaptive engine: next task, "I know this" checks and placement."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from tutor.diagnostics import placing, sessions
from tutor.diagnostics.answering import AnswerRule, answer_diagnostic
from tutor.practice import planning
from tutor.store.models import Diagnostic, utcnow
from tutor.web import instances
from tutor.web.api.json_input import field as _field
from tutor.web.api.json_input import json_body as _json_body
from tutor.web.api.json_input import responses as _responses
from tutor.web.api.presenters import topic_summary as _topic_summary
from tutor.web.identity import current_learner
from tutor.web.requests import catalog, db, reads_before_writing

bp = Blueprint("diagnostics", __name__)


def task_view(task: Any) -> dict[str, Any]:
    return {
        "kind": task.kind,
        "topic_id": task.topic_id,
        "title": catalog().graph.title(task.topic_id),
        "reason": task.reason,
        "unlocks": task.unlocks,
        "reviews_covered": task.reviews_covered,
    }


@bp.get("/next")
def next_task() -> Response:
    learner = current_learner()
    graph = catalog().graph
    tasks = planning.next_tasks(db(), graph, learner, utcnow())
    goal = planning.first_goal(db(), learner, graph)
    return jsonify(
        goal=goal, next=task_view(tasks[0]) if tasks else None, tasks=[task_view(t) for t in tasks]
    )


def question_view(diagnostic: Diagnostic, state: dict[str, Any]) -> dict[str, Any] | None:
    variant = sessions.current_variant(catalog(), state)
    if variant is None:
        return None
    instance = instances.issue(
        diagnostic.learner_id, variant, sessions.question_context(diagnostic, state)
    )
    return {
        "topic_id": variant.topic_id,
        "title": catalog().graph.title(variant.topic_id),
        "instance": instance,
        "template_id": variant.template_id,
        "seed": variant.seed,
        "prompt": variant.prompt,
        "choices": list(variant.choices),
        "parts": [
            {"label": p.label, "prompt": p.prompt, "choices": list(p.choices)}
            for p in variant.parts
        ],
    }


def diagnostic_view(diagnostic: Diagnostic) -> dict[str, Any]:
    state = sessions.state_of(diagnostic)
    whole = (
        diagnostic.topic_id == placing.WHOLE_GRAPH
    )  # a placement over every topic has no one topic
    view = {
        "id": diagnostic.id,
        "kind": diagnostic.kind,
        "topic": None if whole else _topic_summary(diagnostic.topic_id),
        "status": diagnostic.status,
        "question": question_view(diagnostic, state),
    }
    if diagnostic.kind == "claim":
        view.update(marked=state["marked"], answers=state["answers"])
    else:
        view.update(questions_asked=len(state["answers"]), topics=len(state["topics"]))
        if diagnostic.status == "finished":
            view["result"] = placing.result_summary(state)
    return view


def _answer(diagnostic_id: int, kind: str, rule: AnswerRule) -> tuple[Response, int]:
    body = _json_body()  # a malformed body is a 400 whatever the id
    for name, expected in (
        ("responses", list),
        ("response", str),
        ("instance", str),
    ):  # types, then id
        _field(body, name, expected, required=False)
    result = answer_diagnostic(
        db(),
        catalog(),
        current_learner(),
        diagnostic_id,
        kind,
        lambda position: instances.verify(body.get("instance"), current_learner(), position),
        lambda parts: _responses(body, parts),
        rule,
        duration_ms=_field(body, "duration_ms", int, required=False),
    )
    if not result.recorded:
        return jsonify(
            error="We could not read that answer; nothing was recorded.",
            feedback=[g.feedback for g in result.grades],
            status=422,
        ), 422
    answered = sessions.state_of(result.diagnostic)["answers"][-1]
    correct = answered[1] if isinstance(answered, list) else answered
    return jsonify(correct=correct, **diagnostic_view(result.diagnostic)), 200


def _find(diagnostic_id: int, kind: str) -> Diagnostic:
    return sessions.find(db(), current_learner(), diagnostic_id, kind)


@bp.get("/checks/<int:check_id>")
def get_check(check_id: int) -> Response:
    return jsonify(diagnostic_view(_find(check_id, "claim")))


@bp.post("/checks/<int:check_id>/answer")
@reads_before_writing
def answer_check(check_id: int) -> tuple[Response, int]:
    return _answer(check_id, "claim", sessions.answer_claim)


@bp.post("/placement")
def start_placement() -> tuple[Response, int]:
    topic_id = _field(_json_body(), "topic_id", str)
    diagnostic = placing.start_placement(db(), catalog(), current_learner(create=True), topic_id)
    return jsonify(diagnostic_view(diagnostic)), 201


@bp.get("/placement/<int:placement_id>")
def get_placement(placement_id: int) -> Response:
    return jsonify(diagnostic_view(_find(placement_id, "placement")))


@bp.post("/placement/<int:placement_id>/answer")
@reads_before_writing
def answer_placement(placement_id: int) -> tuple[Response, int]:
    return _answer(placement_id, "placement", placing.answer_placement)


@bp.post("/topics/<topic_id>/known")
def claim_known(topic_id: str) -> tuple[Response, int]:
    """Weak credit now; the returned check (one or two questions) confirms or undoes it."""
    check = sessions.start_claim(db(), catalog(), current_learner(create=True), topic_id)
    return jsonify(marked=sessions.state_of(check)["marked"], check=diagnostic_view(check)), 201
