"""Pages for the short diagnostics: the "I know this" check and placement."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tutor.diagnostics import placing, sessions
from tutor.diagnostics.answering import AnswerRule, Finished, answer_diagnostic
from tutor.practice import planning
from tutor.store.models import Diagnostic, utcnow
from tutor.web import instances
from tutor.web.identity import current_learner
from tutor.web.inputs import optional_whole_number
from tutor.web.pages.learn import response_names
from tutor.web.requests import catalog, db, reads_before_writing

bp = Blueprint("diagnose", __name__)
ENDPOINTS = {"claim": "diagnose.check", "placement": "diagnose.placement"}


def _find(diagnostic_id: int, kind: str) -> Diagnostic:
    return sessions.find(db(), current_learner(), diagnostic_id, kind)


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
            sessions.question_context(diagnostic, state),
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


def _answer(diagnostic_id: int, kind: str, rule: AnswerRule) -> Response | tuple[str, int]:
    form = request.form
    try:
        result = answer_diagnostic(
            db(),
            catalog(),
            current_learner(),
            diagnostic_id,
            kind,
            lambda position: instances.verify(form.get("instance"), current_learner(), position),
            lambda parts: [form.get(name, "") for name in response_names(parts)],
            rule,
            duration_ms=optional_whole_number(
                form.get("duration_ms"), "duration_ms", where="Form field"
            ),
        )
    except Finished:
        return redirect(url_for(ENDPOINTS[kind], diagnostic_id=diagnostic_id))
    if not result.recorded:
        return _page(
            result.diagnostic,
            list(zip(result.variant.parts, result.grades, result.responses, strict=True)),
            422,
        )
    return redirect(url_for(ENDPOINTS[kind], diagnostic_id=diagnostic_id))


@bp.get("/checks/<int:diagnostic_id>")
def check(diagnostic_id: int) -> tuple[str, int]:
    return _page(_find(diagnostic_id, "claim"))


@bp.post("/checks/<int:diagnostic_id>/answer")
@reads_before_writing
def answer_claim(diagnostic_id: int) -> Response | tuple[str, int]:
    return _answer(diagnostic_id, "claim", sessions.answer_claim)


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
@reads_before_writing
def answer_placement(diagnostic_id: int) -> Response | tuple[str, int]:
    return _answer(diagnostic_id, "placement", placing.answer_placement)
