"""The learner's progress page: a chart of mastered, in progress and due over time, and lists."""

from __future__ import annotations

from flask import Blueprint, render_template

from tutor.practice import planning
from tutor.practice.progress import progress_history
from tutor.store.models import utcnow
from tutor.web.identity import current_learner
from tutor.web.progress_chart import progress_chart
from tutor.web.requests import catalog, db

bp = Blueprint("progress", __name__)


@bp.get("/progress")
def progress() -> str:
    now = utcnow()
    learner = current_learner()
    history = progress_history(db(), learner, now)
    states = planning.topic_states(db(), learner, now)
    title = catalog().graph.title
    known = [t for t in states if t in catalog().topics]
    lists = {
        "mastered": sorted((t for t in known if states[t].mastered), key=title),
        "in_progress": sorted((t for t in known if not states[t].mastered), key=title),
        "due": sorted((t for t in known if states[t].due_at is not None), key=title),
    }
    return render_template(
        "progress.html",
        history=history,
        chart=progress_chart(history),
        lists=lists,
        catalog=catalog(),
    )
