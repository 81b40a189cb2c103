import pytest
from click.testing import CliRunner

from tests.web.helpers import SEED_TOPIC


def test_sign_up_keeps_anonymous_progress(client) -> None:
    assert client.post(f"/topics/{SEED_TOPIC}/goal").status_code == 302
    response = client.post(
        "/sign-up", data={"email": "Ada@Example.org", "password": "a long passphrase"}
    )
    assert response.status_code == 302
    assert client.get("/api/me").get_json()["email"] == "ada@example.org"
    assert [g["id"] for g in client.get("/api/goals").get_json()["goals"]] == [SEED_TOPIC]


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", "a long passphrase", "valid email"),
        ("a@example.org", "short", "at least 10"),
        ("a@example.org", "password1234", "too easy to guess"),
        ("a@example.org", "qwertyuiop123", "too easy to guess"),
    ],
)
def test_sign_up_refuses_bad_input(client, email, password, message) -> None:
    response = client.post("/sign-up", data={"email": email, "password": password})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_sign_in_and_out(client, make_user) -> None:
    email, password = make_user()
    wrong = client.post("/sign-in", data={"email": email, "password": "wrong password!"})
    assert wrong.status_code == 401
    assert "not right" in wrong.get_data(as_text=True)
    right = client.post(
        "/sign-in", data={"email": email, "password": password, "next": "//evil.example"}
    )
    assert right.status_code == 302 and right.headers["Location"] == "/"
    cookie = right.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/api/me").status_code == 200
    client.post("/sign-out")
    assert client.get("/api/me").status_code == 401


def test_a_copied_session_cookie_is_worthless_after_sign_out(app, make_user) -> None:
    email, password = make_user()
    browser, thief = app.test_client(), app.test_client()
    signed_in = browser.post("/sign-in", data={"email": email, "password": password})
    name, _, value = signed_in.headers["Set-Cookie"].split(";", 1)[0].partition("=")
    thief.set_cookie(name, value)
    assert thief.get("/api/me").status_code == 200
    other_device = app.test_client()
    other_device.post("/sign-in", data={"email": email, "password": password})
    browser.post("/sign-out")
    assert thief.get("/api/me").status_code == 401
    assert other_device.get("/api/me").status_code == 200  # only that session was closed


def test_signing_out_everywhere_closes_every_session_but_keeps_tokens(app, make_user) -> None:
    email, password = make_user()
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        device.post("/sign-in", data={"email": email, "password": password})
    secret = laptop.post("/api/tokens", json={"name": "script"}).get_json()["token"]
    assert "2 signed-in sessions" in laptop.get("/account").get_data(as_text=True)
    done = laptop.post("/account/sign-out-everywhere", follow_redirects=True)
    assert "Signed out of 2 sessions." in done.get_data(as_text=True)
    assert laptop.get("/api/me").status_code == 401 and phone.get("/api/me").status_code == 401
    assert (
        app.test_client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )


def test_cookies_are_secure_over_https(app, make_user) -> None:
    email, password = make_user()
    client = app.test_client()
    response = client.post(
        "/sign-in", data={"email": email, "password": password}, base_url="https://tutor.example"
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_api_tokens_are_created_used_and_revoked(client, login, app) -> None:
    email = login(client)
    created = client.post("/api/tokens", json={"name": "laptop", "scopes": ["read", "answer"]})
    assert created.status_code == 201 and created.get_json()["scopes"] == ["read", "answer"]
    secret = created.get_json()["token"]
    other = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    assert other.get("/api/me", headers=headers).get_json()["email"] == email
    assert (
        other.post("/api/goals", json={"topic_id": SEED_TOPIC}, headers=headers).status_code == 201
    )
    assert [g["id"] for g in client.get("/api/goals").get_json()["goals"]] == [SEED_TOPIC]
    token_id = created.get_json()["id"]
    assert client.delete(f"/api/tokens/{token_id}").status_code == 200
    refused = other.get("/api/me", headers=headers)
    assert refused.status_code == 401 and "revoked" in refused.get_json()["error"]
    assert other.get("/api/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_only_admins_change_roles(client, login, make_user, app) -> None:
    login(client, "educator")
    assert client.get("/api/users").status_code == 403
    admin = app.test_client()
    login(admin, "admin")
    users = admin.get("/api/users").get_json()["users"]
    educator = next(u for u in users if u["role"] == "educator")
    changed = admin.put(f"/api/users/{educator['id']}/role", json={"role": "admin"})
    assert changed.status_code == 200 and changed.get_json()["role"] == "admin"
    assert admin.put(f"/api/users/{educator['id']}/role", json={"role": "king"}).status_code == 400
    assert admin.put("/api/users/999999/role", json={"role": "learner"}).status_code == 404


def test_the_last_admin_keeps_the_role(client, login) -> None:
    login(client, "admin")
    me = client.get("/api/me").get_json()
    response = client.put(f"/api/users/{me['id']}/role", json={"role": "learner"})
    assert response.status_code == 400 and "last administrator" in response.get_json()["error"]


def test_users_create_command(settings, monkeypatch) -> None:
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TUTOR_INSTANCE_DIR", str(settings.instance_dir))
    result = CliRunner().invoke(
        main,
        ["users", "create", "--role", "educator", "ed@example.org"],
        input="a long passphrase\na long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "ed@example.org (educator)" in result.output
    again = CliRunner().invoke(
        main, ["users", "create", "ed@example.org"], input="a long passphrase\na long passphrase\n"
    )
    assert again.exit_code != 0 and "already exists" in again.output
