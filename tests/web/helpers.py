"""Reading the question a page shows, the way a browser would submit it."""

from __future__ import annotations

import re

from flask import Flask

from tutor.learner.db import make_session_factory
from tutor.questions import Variant

SEED_TOPIC = "vanishing-gradient-problem"


def form_fields(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))
    return fields


def shown_variant(app: Flask, html: str, topic_id: str) -> tuple[dict[str, str], Variant]:
    fields = form_fields(html)
    with make_session_factory(app.extensions["tutor.engine"])() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(topic_id, fields["template_id"]).variant(int(fields["seed"]))
    return fields, variant
