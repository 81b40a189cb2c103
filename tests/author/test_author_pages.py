"""Authoring through the pages, as a browser submits the forms."""

from __future__ import annotations

import html

import pytest

from tests.author.test_authoring import TEMPLATE
from tests.fixtures import GOAL, GOAL_BRANCH, ROOT, ROOT_TEMPLATE, ROOT_TITLE

PAGES = [
    "/author/",
    "/author/new",
    f"/author/topics/{ROOT}",
    f"/author/topics/{ROOT}/prerequisites",
    f"/author/topics/{ROOT}/templates/new",
    f"/author/topics/{ROOT}/templates/{ROOT_TEMPLATE}",
    f"/author/topics/{ROOT}/history",
    f"/author/topics/{ROOT}/analytics",
    f"/author/topics/{ROOT}/templates/{ROOT_TEMPLATE}/analytics",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_for_educators(author_client, signed_in, path: str) -> None:
    anonymous = author_client.get(path)
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]
    signed_in("learner")
    assert author_client.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_for_educators(author_client, signed_in, path: str) -> None:
    signed_in("educator")
    response = author_client.get(path)
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)  # scripts only from static files (CSP)


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_educator_creates_a_topic_with_a_template_and_a_learner_practises_it(
    author_app, author_client, signed_in
) -> None:
    signed_in("educator")
    skeleton = html.unescape(
        _page(author_client, "/author/new")
        .split('name="source"', 1)[1]
        .split(">", 1)[1]
        .split("</textarea>", 1)[0]
    )
    source = skeleton.replace("new-topic", "adding-two-numbers").replace(
        "New topic", "Adding two numbers"
    )
    created = author_client.post(
        "/author/new", data={"source": source.replace("\n", "\r\n"), "message": "new"}
    )
    assert created.status_code == 302
    assert created.headers["Location"].endswith("/author/topics/adding-two-numbers?saved=1")
    saved = author_client.post(
        "/author/topics/adding-two-numbers/templates/new",
        data={"source": TEMPLATE, "message": "first question", "base_revision": "1"},
    )
    # Post/redirect/get: the new template's own URL, not /templates/new.
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(
        "/author/topics/adding-two-numbers/templates/add-two?saved=2&tested=add-two"
    )
    page = _page(author_client, saved.headers["Location"])
    assert "Saved revision 2." in page
    assert "Self-tests of <code>add-two</code>: passed on 20 seeds." in page

    learner = author_app.test_client()
    practice = learner.get("/topics/adding-two-numbers/practice")
    assert (
        practice.status_code == 200
        and 'name="template_id" value="add-two"' in practice.get_data(as_text=True)
    )


def test_a_topic_text_edit_and_a_refused_one(author_client, signed_in) -> None:
    signed_in()
    page = _page(author_client, f"/author/topics/{ROOT}")
    assert (
        'name="base_revision" value="1"' in page
        and 'data-preview="/api/author/preview/topic"' in page
    )
    source = author_client.get(f"/api/author/topics/{ROOT}").get_json()["source"]
    saved = author_client.post(
        f"/author/topics/{ROOT}",
        data={
            "source": source.replace(f"title: {ROOT_TITLE}", "title: Counting to Ten"),
            "base_revision": "1",
        },
    )
    assert saved.status_code == 302
    assert "Counting to Ten" in _page(author_client, f"/topics/{ROOT}")
    with_template = source.replace("title: The number that comes next", "title: What comes next")
    tested = author_client.post(f"/author/topics/{ROOT}", data={"source": with_template})
    assert tested.headers["Location"].endswith(f"saved=3&tested={ROOT_TEMPLATE}")
    page = _page(author_client, tested.headers["Location"])
    assert f"Self-tests passed on 20 seeds for\n    <code>{ROOT_TEMPLATE}</code>." in page
    refused = author_client.post(f"/author/topics/{ROOT}", data={"source": "no front matter"})
    assert refused.status_code == 422 and "Not saved" in refused.get_data(as_text=True)


def test_a_prerequisite_cycle_is_refused_on_the_page(author_client, signed_in) -> None:
    signed_in()
    refused = author_client.post(
        f"/author/topics/{ROOT}/prerequisites",
        data={"prerequisites": f"{GOAL}\n", "base_revision": "1"},
    )
    text = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422 and "prerequisite cycle: " in text and f"-> {ROOT}" in text
    bad = author_client.post(f"/author/topics/{ROOT}/prerequisites", data={"prerequisites": "x 2"})
    assert bad.status_code == 422 and "weight in (0, 1]" in bad.get_data(as_text=True)
    saved = author_client.post(
        f"/author/topics/{GOAL}/prerequisites",
        data={"prerequisites": f"{ROOT}\n{GOAL_BRANCH} 0.5"},
    )
    assert saved.status_code == 302
    prerequisites = author_client.get(f"/api/topics/{GOAL}").get_json()["prerequisites"]
    assert [(p["id"], p["weight"]) for p in prerequisites] == [
        (ROOT, 1.0),
        (GOAL_BRANCH, 0.5),
    ]


def test_history_shows_diffs_and_reverts(author_client, signed_in) -> None:
    email = signed_in()
    source = author_client.get(f"/api/author/topics/{ROOT}").get_json()["source"]
    author_client.post(
        f"/author/topics/{ROOT}",
        data={
            "source": source.replace(f"title: {ROOT_TITLE}", "title: Counting to Ten"),
            "message": "spell out",
        },
    )
    page = _page(author_client, f"/author/topics/{ROOT}/history?from=1&to=2")
    assert f'<span class="del">-title: {ROOT_TITLE}</span>' in page
    assert '<span class="add">+title: Counting to Ten</span>' in page
    assert email in page and "spell out" in page
    reverted = author_client.post(f"/author/topics/{ROOT}/revert", data={"revision": "1"})
    assert reverted.status_code == 302
    assert author_client.get(f"/api/author/topics/{ROOT}").get_json() == {
        "topic_id": ROOT,
        "revision": 3,
        "source": source,
        "templates": author_client.get(f"/api/topics/{ROOT}").get_json()["templates"],
    }


def test_a_template_page_previews_variants_with_their_answers(author_client, signed_in) -> None:
    signed_in()
    page = _page(author_client, f"/author/topics/{ROOT}/templates/{ROOT_TEMPLATE}")
    assert page.count('class="variant card"') == 3 and page.count('class="variant-answer"') >= 3
    assert 'data-preview="/api/author/preview/template"' in page
