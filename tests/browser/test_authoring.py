"""An educator in a real Chromium: the template preview follows the text, then the new topic is
practised."""

from __future__ import annotations

import re

import pytest

from tests.author.fixtures import PASSWORD
from tests.fixtures import ALGEBRA, ALGEBRA_TEMPLATE
from tutor.accounts.users import create_user
from tutor.store.db import transaction

pytestmark = pytest.mark.browser


def _sign_in(page, base: str, app) -> None:
    with transaction(app.extensions["tutor.sessions"]) as session:
        create_user(session, "author@example.org", PASSWORD, "educator")
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill("author@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_editing_a_template_changes_its_preview(author_server, page, artifacts) -> None:
    base, app = author_server
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    _sign_in(page, base, app)
    page.goto(f"{base}/author/topics/{ALGEBRA}/templates/{ALGEBRA_TEMPLATE}")
    preview = page.locator("#template-preview")
    assert preview.locator(".variant").count() == 3
    page.wait_for_selector("#template-preview .math[data-typeset=true]", state="attached")
    assert "Collect" not in preview.inner_text()

    source = page.get_by_label("Template (YAML, see docs/content-format.md)")
    text = source.input_value()
    source.fill(text.replace("Simplify by combining like terms:", "Tidy up this expression:"))
    page.wait_for_selector("#template-preview[data-previewed='1']", state="attached")
    assert "Tidy up this expression:" in preview.inner_text()
    assert "Simplify by combining like terms" not in preview.inner_text()
    page.wait_for_selector("#template-preview .math[data-typeset=true]", state="attached")

    source.fill(text.replace('answer: "p*x + q"', 'answer: "p*x + r"'))
    page.wait_for_selector("#template-preview[data-previewed='2']", state="attached")
    assert preview.locator(".variant").count() == 0 and preview.locator(".error").count() >= 1
    page.screenshot(path=str(artifacts / "author-template-preview.png"), full_page=True)
    assert [
        e for e in errors if "Failed to load resource" not in e
    ] == []  # no script or CSP errors


def test_an_educator_creates_a_topic_with_a_template_and_a_learner_practises_it(
    author_server, page, browser
) -> None:
    base, app = author_server
    _sign_in(page, base, app)
    page.goto(f"{base}/author/new")
    source = page.get_by_label("Topic file (front matter and sections)")
    source.fill(
        source.input_value()
        .replace("new-topic", "adding-two-numbers")
        .replace("New topic", "Adding two numbers")
        .replace("$...$", "$2 + 3 = 5$")
    )
    page.wait_for_selector("#topic-preview[data-previewed]", state="attached")
    assert "Adding two numbers" in page.locator("#topic-preview").inner_text()
    page.get_by_role("button", name="Create topic").click()
    assert "Saved revision 1." in page.locator(".saved").inner_text()

    page.get_by_role("link", name="Add template").click()
    page.get_by_role("button", name="Save and run self-tests").click()
    assert "passed on 20 seeds" in page.locator(".saved").inner_text()
    assert (
        "/templates/new-question?saved=2" in page.url
    )  # the template's own URL, not /templates/new

    learner = browser.new_context().new_page()
    learner.goto(f"{base}/topics/adding-two-numbers/practice")
    assert "What is" in learner.locator("form.question").inner_text()
    learner.context.close()
