"""Issue 17's author-side fixes: analytics read as numbers and a legend, editors keep input."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.author.test_analytics import TEMPLATE, TOPIC, _educator, seeded  # noqa: F401 (a fixture)
from tests.fixtures import ROOT
from tutor.analytics import reports
from tutor.store.db import transaction
from tutor.store.models import Attempt


@pytest.mark.parametrize(
    ("logged", "shown"),
    [
        ("11/10", "1.1"),
        ("19/20", "0.95"),
        ("-3/4", "-0.75"),
        ("100/1", "100"),
        ("10/4", "2.5"),
        ("1/3", "1/3"),  # no finite decimal: the exact ratio is the value
        ("7", "7"),
        ("1.5", "1.5"),
        ("sqrt(2)", "sqrt(2)"),
    ],
)
def test_logged_ratios_are_shown_as_the_decimals_the_learner_saw(logged: str, shown: str) -> None:
    assert reports.shown_value(logged) == shown


def test_the_template_page_shows_decimal_parameters_as_decimals(seeded) -> None:  # noqa: F811
    with transaction(seeded.extensions["tutor.sessions"]) as session:
        for row in session.scalars(select(Attempt).where(Attempt.template_id == TEMPLATE)):
            row.parameters = {"rate": "11/10" if row.seed % 2 else "19/20"}
    client = seeded.test_client()
    client.post("/sign-in", data={"email": _educator(seeded), "password": "correct horse battery"})
    page = client.get(f"/author/topics/{TOPIC}/templates/{TEMPLATE}/analytics").get_data(
        as_text=True
    )
    assert "<td>0.95</td>" in page and "<td>1.1</td>" in page
    assert page.index("<td>0.95</td>") < page.index("<td>1.1</td>")  # sorted by value
    assert "11/10" not in page and "19/20" not in page


def test_analytics_explain_the_flag_and_say_when_nothing_is_flagged(seeded) -> None:  # noqa: F811
    client = seeded.test_client()
    client.post("/sign-in", data={"email": _educator(seeded), "password": "correct horse battery"})
    flagged = client.get(f"/author/topics/{TOPIC}/analytics").get_data(as_text=True)
    assert 'class="legend"' in flagged and "fewer than 50% pass on the first attempt" in flagged
    assert re.search(r"1 of \d+ templates flagged.", flagged) and "Nothing flagged" not in flagged
    other = client.get(f"/author/topics/{ROOT}/analytics").get_data(as_text=True)
    assert "Nothing flagged: no template is below the mark." in other
    assert "Flagged:" not in other


def test_a_refused_save_keeps_what_changed(author_client, signed_in) -> None:
    signed_in()
    note = 'Fix the "typo" <here>'
    for path, field in [
        (f"/author/topics/{ROOT}", "source"),
        (f"/author/topics/{ROOT}/templates/new", "source"),
        (f"/author/topics/{ROOT}/prerequisites", "prerequisites"),
    ]:
        refused = author_client.post(path, data={field: "no front matter: [", "message": note})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422, path
        assert 'value="Fix the &#34;typo&#34; &lt;here&gt;"' in page, path
    fresh = author_client.get(f"/author/topics/{ROOT}").get_data(as_text=True)
    assert 'name="message" maxlength="500" value=""' in fresh


def test_author_pages_share_the_headers_width(author_client, signed_in) -> None:
    signed_in()
    page = author_client.get("/author/").get_data(as_text=True)
    assert '<body class="wide">' in page
    css = author_client.get("/static/author.css").get_data(as_text=True)
    assert ".wide main, .wide .site-header nav { max-width: 76rem; }" in css
