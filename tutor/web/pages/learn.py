"""Pages for learners: home, topic list, topic page, practice."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tutor.content import LEVELS
from tutor.diagnostics import sessions
from tutor.engine.mastery import is_mastered
from tutor.practice import attempts, planning
from tutor.practice.knowledge_map import highlight, knowledge_map
from tutor.practice.submit import submit
from tutor.questions import Variant
from tutor.store.models import Diagnostic, Mastery, utcnow
from tutor.web import instances, page_cache
from tutor.web.identity import current_learner
from tutor.web.inputs import optional_whole_number
from tutor.web.requests import catalog, db, fits, reads_before_writing

bp = Blueprint("learn", __name__)


def _variant(topic_id: str, template_id: str | None = None) -> Variant | None:
    topic = catalog().topic(topic_id)
    if not topic.templates:
        return None
    learner = current_learner()
    if template_id is None:
        template_id = attempts.next_template(db() if learner else None, learner, topic)
    template = catalog().template(topic_id, template_id)
    seed = attempts.current_seed(db() if learner else None, learner, template)
    return catalog().variant(topic_id, template_id, seed)


@bp.get("/")
def home() -> str:
    learner = current_learner()
    cat = catalog()
    rows = attempts.mastery_map(db(), learner)
    mastered = {t for t, m in rows.items() if is_mastered(m.p_known, m.claimed_known)}
    p_known = {t: m.p_known for t, m in rows.items()}
    goal_views = []
    for goal in attempts.goals(db(), learner):
        if goal.topic_id not in cat.topics:
            continue
        progress = planning.goal_progress(cat.graph, goal.topic_id, p_known, mastered)
        path = [t for t in cat.graph.path_to_goal(goal.topic_id, mastered) if t not in mastered]
        goal_views.append(
            {
                "topic": cat.topics[goal.topic_id],
                "total": progress.topics_needed,
                "done": progress.topics_mastered,
                "progress": progress,
                "next": path[:5],
                "status": progress.status,
            }
        )
    goal_views.sort(
        key=lambda view: view["status"] == "done"
    )  # open goals first, as planning takes them
    tasks = planning.next_tasks(db(), cat.graph, learner, utcnow())
    frontier = cat.graph.frontier(mastered)[:8]
    return render_template(
        "home.html",
        goals=goal_views,
        frontier=frontier,
        catalog=cat,
        tasks=tasks,
        upcoming=planning.upcoming_reviews(db(), learner),
        recent=attempts.recent_attempts(db(), learner),
        mastered=mastered,
    )


@bp.get("/map")
def knowledge_map_page() -> str:
    """The whole graph coloured by the learner's mastery, with the path to the goal."""
    goal = request.args.get("goal") or None
    data = knowledge_map(db(), catalog(), current_learner(), goal)
    marked = None
    if request.args.get("highlight"):
        try:
            marked = highlight(
                catalog(), request.args["highlight"], request.args.get("show", "prerequisites")
            )
        except ValueError as exc:
            abort(400, str(exc))
    return render_template("map.html", data=data, catalog=catalog(), highlight=marked)


@bp.get("/topics")
def topics() -> str:
    cat = catalog()
    query = request.args.get("q", "").strip().lower()[:100]
    items = [
        t
        for t in cat.topics.values()
        if not query or query in t.title.lower() or any(query in tag for tag in t.tags)
    ]
    by_level = {
        level: sorted(
            (t for t in items if t.level == level),
            key=lambda t: (cat.graph.figures(t.id).depth, t.title),
        )
        for level in LEVELS
    }
    return render_template(
        "topics.html",
        by_level=by_level,
        query=query,
        catalog=cat,
        mastered=attempts.mastered_topics(db(), current_learner()),
    )


@bp.get("/topics/<topic_id>")
def topic(topic_id: str) -> str | Response:
    cat = catalog()
    current = cat.topic(topic_id)
    if page_cache.anonymous_visitor():
        variant = _variant(topic_id)
        return page_cache.anonymous_page(
            f"topic/{topic_id}",
            "topic.html",
            partial(instances.issue_to_visitor, variant) if variant is not None else None,
            topic=current,
            figures=cat.graph.figures(topic_id),
            catalog=cat,
            variant=variant,
            mastery=None,
            mastered=False,
            is_goal=False,
            pending_check=None,
        )
    learner = current_learner()
    mastery = db().get(Mastery, (learner.id, topic_id)) if learner is not None else None
    variant = _variant(topic_id)
    return render_template(
        "topic.html",
        topic=current,
        figures=cat.graph.figures(topic_id),
        catalog=cat,
        variant=variant,
        instance=instances.issue(learner, variant) if variant else None,
        mastery=mastery,
        mastered=bool(mastery and is_mastered(mastery.p_known, mastery.claimed_known)),
        is_goal=any(g.topic_id == topic_id for g in attempts.goals(db(), learner)),
        pending_check=_pending_check(topic_id),
    )


def _pending_check(topic_id: str) -> Diagnostic | None:
    """The learner's unanswered "I know this" check on this topic, if any."""
    check = sessions.latest(db(), current_learner(), "claim", topic_id)
    return check if check is not None and check.status == "active" else None


@bp.get("/topics/<topic_id>/practice")
def practice(topic_id: str) -> str:
    template_id = request.args.get("template") or None
    variant = _variant(topic_id, template_id)
    if variant is None:
        abort(404, "This topic has no practice questions yet.")
    return render_template(
        "practice.html",
        topic=catalog().topic(topic_id),
        variant=variant,
        results=None,
        valid=False,
        catalog=catalog(),
        instance=instances.issue(current_learner(), variant),
    )


@bp.post("/topics/<topic_id>/answer")
@reads_before_writing
def answer(topic_id: str) -> tuple[str, int]:
    form = request.form
    token = form.get("instance")
    if not token:
        abort(400, "The form is missing the question's instance; reload the page.")
    shown = instances.verify(token, current_learner())
    submission = submit(
        db(),
        catalog(),
        shown,
        lambda parts: [form.get(name, "") for name in response_names(parts)],
        lambda: current_learner(create=True),
        claimed={"topic_id": topic_id},
        idempotency_key=(form.get("idempotency_key") or "")[:100] or None,
        duration_ms=optional_whole_number(
            form.get("duration_ms"), "duration_ms", where="Form field"
        ),
        fits=fits(),
    )
    results = list(
        zip(submission.variant.parts, submission.grades, submission.responses, strict=True)
    )
    return render_template(
        "practice.html",
        topic=catalog().topic(topic_id),
        variant=submission.variant,
        results=results,
        valid=submission.valid,
        catalog=catalog(),
        instance=token,
    ), 200 if submission.valid else 422


def response_names(parts: int) -> list[str]:
    """The form fields of a question's answers: one box, or one a part."""
    return ["response"] if parts == 1 else [f"response-{i}" for i in range(parts)]


@bp.post("/topics/<topic_id>/goal")
def set_goal(topic_id: str) -> Response:
    learner = current_learner(create=True)
    if request.form.get("action") == "clear":
        attempts.clear_goal(db(), learner, topic_id)
    else:
        attempts.set_goal(db(), catalog(), learner, topic_id)
    return redirect(url_for("learn.topic", topic_id=topic_id))


@bp.post("/topics/<topic_id>/known")
def claim_known(topic_id: str) -> Response:
    """Weak credit now, then a short check on the next page confirms or undoes it."""
    check = sessions.start_claim(db(), catalog(), current_learner(create=True), topic_id)
    return redirect(url_for("diagnose.check", diagnostic_id=check.id))
