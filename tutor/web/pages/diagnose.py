"""Pages for the short diagnostics: the "I know this" check and placement."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tutor.diagnostics import placing, sessions
from tutor.diagnostics.sessions import InvalidAnswer
from tutor.practice import planning
from tutor.questions import grade_all
from tutor.store.models import Diagnostic, utcnow
from tutor.web import instances
from tutor.web.identity import current_learner
from tutor.web.requests import catalog, db

bp = Blueprint("diagnose", __name__)
MAX_RESPONSE_CHARS = 2000
ENDPOINTS = {"claim": "diagnose.check", "placement": "diagnose.placement"}


def _find(diagnostic_id: int, kind: str, for_update: bool = False) -> Diagnostic:
    return sessions.find(db(), current_learner(), diagnostic_id, kind, for_update)


def _page(
    diagnostic: Diagnostic, results: list | None = None, status: int = 200
) -> tuple[str, int]:
    state = sessions.state_of(diagnostic)
    variant = sessions.current_variant(catalog(), state)
    summary = placing.result_summary(state) if diagnostic.status == "finished" else None
    tasks = (
        planning.next_tasks(db(), catalog().graph, current_learner(), utcnow())
        if variant is None
        else []
    )
    action = url_for(f"diagnose.answer_{diagnostic.kind}", diagnostic_id=diagnostic.id)
    topic = catalog().topic(variant.topic_id) if variant else None
    instance = (
        instances.issue(
            diagnostic.learner_id,
            variant,
            instances.diagnostic_context(diagnostic.kind, diagnostic.id, len(state["answers"])),
        )
        if variant
        else None
    )
    return render_template(
        "diagnostic.html",
        diagnostic=diagnostic,
        state=state,
        variant=variant,
        instance=instance,
        topic=topic,
        summary=summary,
        tasks=tasks,
        form_action=action,
        results=results,
        valid=False,
        catalog=catalog(),
        subject=placing.placement_title(catalog(), diagnostic),
        whole_graph=diagnostic.topic_id == placing.WHOLE_GRAPH,
    ), status


def _answer(diagnostic: Diagnostic, answer) -> Response | tuple[str, int]:  # type: ignore[no-untyped-def]
    state = sessions.state_of(diagnostic)
    variant = sessions.current_variant(catalog(), state)
    if variant is None:
        return redirect(url_for(ENDPOINTS[diagnostic.kind], diagnostic_id=diagnostic.id))
    instances.verify(
        request.form.get("instance"),
        current_learner(),
        instances.diagnostic_context(diagnostic.kind, diagnostic.id, len(state["answers"])),
    )
    names = (
        ["response"]
        if len(variant.parts) == 1
        else [f"response-{i}" for i in range(len(variant.parts))]
    )
    responses = [request.form.get(name, "") for name in names]
    if any(len(r) > MAX_RESPONSE_CHARS for r in responses):
        abort(413, f"Answers are limited to {MAX_RESPONSE_CHARS} characters.")
    try:
        answer(db(), catalog(), current_learner(), diagnostic, responses)
    except InvalidAnswer:
        results = list(zip(variant.parts, grade_all(variant, responses), responses, strict=True))
        return _page(diagnostic, results, 422)
    return redirect(url_for(ENDPOINTS[diagnostic.kind], diagnostic_id=diagnostic.id))


@bp.get("/checks/<int:diagnostic_id>")
def check(diagnostic_id: int) -> tuple[str, int]:
    return _page(_find(diagnostic_id, "claim"))


@bp.post("/checks/<int:diagnostic_id>/answer")
def answer_claim(diagnostic_id: int) -> Response | tuple[str, int]:
    return _answer(_find(diagnostic_id, "claim", for_update=True), sessions.answer_claim)


@bp.get("/placement")
def placement_start_page() -> str:
    """What placement is, and a form to start one for a goal or for the whole graph."""
    choices = placing.start_choices(db(), catalog(), current_learner(), request.args.get("topic"))
    return render_template("placement.html", choices=choices, whole_graph=placing.WHOLE_GRAPH)


@bp.post("/placement")
def start_placement() -> Response:
    learner = current_learner(create=True)
    topic_id = request.form.get("topic_id") or planning.first_goal(db(), learner, catalog().graph)
    if not topic_id:
        abort(400, "Choose a goal to place against first.")
    diagnostic = placing.start_placement(db(), catalog(), learner, topic_id)
    return redirect(url_for("diagnose.placement", diagnostic_id=diagnostic.id))


@bp.get("/placement/<int:diagnostic_id>")
def placement(diagnostic_id: int) -> tuple[str, int]:
    return _page(_find(diagnostic_id, "placement"))


@bp.post("/placement/<int:diagnostic_id>/answer")
def answer_placement(diagnostic_id: int) -> Response | tuple[str, int]:
    return _answer(_find(diagnostic_id, "placement", for_update=True), placing.answer_placement)
