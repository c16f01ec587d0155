"""Sign-in through the company service (three reply shapes), tokens, and failed sign-in limits,
against a real backend process, real MariaDB and a fake company service on a real socket."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import httpx
import jwt
import pytest
from backend_support import fakes, secrets
from backend_support.fake_signin import WRONG_MESSAGE, fake_signin
from backend_support.normal import NormalBackend, start_normal


@pytest.mark.parametrize("shape", ["nested", "flat", "user_info"])
def test_sign_in_with_each_reply_shape(sidecar_factory: Any, fresh_db: Any, shape: str) -> None:
    with fake_signin(shape) as auth:
        api = start_normal(sidecar_factory(), fresh_db, auth.url)
        ok = api.login("wang")
        assert ok.status_code == 200, ok.text
        body = ok.json()
        assert body["user"] == {"email": "wang@example.com", "name": "王小明", "role": "user"}
        expires = dt.datetime.fromisoformat(body["expires_at"])
        assert dt.timedelta(hours=23) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=24)
        claims = jwt.decode(
            body["token"], secrets.JWT_SECRET, algorithms=["HS256"], issuer="meeting-assistant"
        )
        assert claims["sub"] == "wang@example.com"
        me = api.call("GET", "/api/me", token=body["token"])
        assert me.json() == body["user"]
        wrong = api.login("wang", secrets.WRONG_PASSWORD)
        assert wrong.status_code == 401
        assert wrong.json()["code"] == "invalid_credentials"
        # The service's own words reach the user.
        assert WRONG_MESSAGE[shape] in wrong.json()["message"]
        assert secrets.WRONG_PASSWORD not in wrong.text
    rows = fresh_db.sql("SELECT email, display_name, role FROM meeting_users")
    assert rows == [("wang@example.com", "王小明", "user")]


def test_admin_is_the_configured_email_in_any_case(normal_backend: NormalBackend) -> None:
    # The fake service spells it "Admin@Example.com"; the settings say "admin@example.com".
    response = normal_backend.api.login("admin")
    assert response.json()["user"]["role"] == "admin"
    assert response.json()["user"]["email"] == "admin@example.com"
    role = normal_backend.database.sql(
        "SELECT role FROM meeting_users WHERE email = 'admin@example.com'"
    )
    assert role == [("admin",)]


def test_sign_in_with_the_email_as_username(normal_backend: NormalBackend) -> None:
    response = normal_backend.api.login("carol@example.com")
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "carol@example.com"


def test_reply_without_email_names_what_is_missing(normal_backend: NormalBackend) -> None:
    response = normal_backend.api.login("noemail")
    assert response.status_code == 502
    body = response.json()
    assert body["code"] == "auth_service_error"
    assert "no e-mail address" in body["message"]
    assert "'email' or 'mail'" in body["message"] and "data.user_info" in body["message"]


def test_service_error_page_is_auth_service_error(normal_backend: NormalBackend) -> None:
    response = normal_backend.api.login("broken")
    assert response.status_code == 502
    assert response.json()["code"] == "auth_service_error"
    assert "HTTP 500" in response.json()["message"]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:{closed}/login", "refused"),
        ("http://signin.nowhere.invalid/login", "DNS"),
        ("https://127.0.0.1:{tls}/login", "certificate"),
    ],
)
def test_unreachable_service_is_502_with_a_reason(
    sidecar_factory: Any, fresh_db: Any, url: str, words: str
) -> None:
    with fakes.http_server(
        lambda *_: (200, {}, "application/json"), tls=fakes.self_signed_context()
    ) as tls:
        auth_url = url.format(closed=fakes.closed_port(), tls=tls)
        api = start_normal(sidecar_factory(), fresh_db, auth_url)
        response = api.login("alice")
    assert response.status_code == 502
    assert response.json()["code"] == "auth_unreachable"
    assert words in response.json()["message"]


def test_no_auth_url_is_auth_not_configured(sidecar_factory: Any, fresh_db: Any) -> None:
    api = start_normal(sidecar_factory(), fresh_db, "")
    response = api.login("alice")
    assert response.status_code == 503
    assert response.json()["code"] == "auth_not_configured"
    assert "authApiUrl" in response.json()["message"]


def test_refresh_gives_a_new_token_of_the_same_shape(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    response = api.call("POST", "/api/refresh", as_user="alice")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["user"]["email"] == "alice@example.com"
    assert api.call("GET", "/api/me", token=body["token"]).status_code == 200


def _token(claims: dict[str, Any], secret: str = secrets.JWT_SECRET, alg: str = "HS256") -> str:
    now = dt.datetime.now(dt.UTC)
    payload = {
        "sub": "alice@example.com",
        "name": "Alice",
        "iss": "meeting-assistant",
        "iat": now,
        "exp": now + dt.timedelta(hours=1),
        **claims,
    }
    return jwt.encode(payload, secret, algorithm=alg)


def _unsigned(claims: dict[str, Any]) -> str:
    def part(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj, default=str).encode()).rstrip(b"=").decode()

    now = int(dt.datetime.now(dt.UTC).timestamp())
    payload = {
        "sub": "admin@example.com",
        "iss": "meeting-assistant",
        "iat": now,
        "exp": now + 3600,
        **claims,
    }
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (None, "token_required"),
        ("", "token_required"),
        ("not-a-jwt", "token_invalid"),
        (_unsigned({}), "token_invalid"),
        (_token({}, alg="HS512"), "token_invalid"),
        (_token({}, secret="another-secret-of-32-bytes-or-more!!"), "token_invalid"),
        (_token({"iss": "someone-else"}), "token_invalid"),
        (
            _token(
                {
                    "iat": dt.datetime.now(dt.UTC) - dt.timedelta(hours=3),
                    "exp": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
                }
            ),
            "token_expired",
        ),
    ],
)
def test_bad_tokens_are_refused(
    normal_backend: NormalBackend, token: str | None, code: str
) -> None:
    api = normal_backend.api
    for method, path in (("GET", "/api/me"), ("GET", "/api/meetings"), ("POST", "/api/refresh")):
        headers = {} if token is None else {"Authorization": f"Bearer {token}".strip()}
        response = api.call(method, path, headers=headers)
        assert response.status_code == 401, (path, response.text)
        assert response.json()["code"] == code
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_correctly_signed_token_is_accepted(normal_backend: NormalBackend) -> None:
    # The control for the test above: the same construction with the right key works.
    assert normal_backend.api.call("GET", "/api/me", token=_token({})).status_code == 200


def test_failed_sign_ins_are_limited_per_username(sidecar_factory: Any, fresh_db: Any) -> None:
    with fake_signin("flat") as auth:
        api = start_normal(sidecar_factory(), fresh_db, auth.url)
        for _ in range(5):
            assert api.login("bob", secrets.WRONG_PASSWORD).status_code == 401
        calls = len(auth.calls)
        blocked = api.login("bob")  # even the right password, for now
        assert blocked.status_code == 429
        assert blocked.json()["code"] == "too_many_attempts"
        assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
        assert "user name" in blocked.json()["message"]
        # The company service was not asked: the backend can't be used to guess passwords.
        assert len(auth.calls) == calls
        # Other users are not affected.
        assert api.login("carol").status_code == 200


def test_failed_sign_ins_are_limited_per_address(sidecar_factory: Any, fresh_db: Any) -> None:
    with fake_signin("nested") as auth:
        api = start_normal(sidecar_factory(), fresh_db, auth.url)
        for i in range(20):
            assert api.login(f"guess{i}", secrets.WRONG_PASSWORD).status_code == 401
        blocked = api.login("alice")
        assert blocked.status_code == 429
        assert "address" in blocked.json()["message"]
        assert int(blocked.headers["Retry-After"]) > 0
    # Stored as hashes only: no typed name (or password typed as a name) lands in a table.
    subjects = fresh_db.sql("SELECT subject FROM meeting_signin_failures")
    assert subjects and all(len(s[0]) == 64 for s in subjects)
    assert not fresh_db.sql("SELECT 1 FROM meeting_signin_failures WHERE subject LIKE '%guess%'")


def test_login_body_is_validated_without_echo(normal_backend: NormalBackend) -> None:
    response = normal_backend.api.call(
        "POST", "/api/login", json={"username": "", "password": [secrets.USER_PASSWORD]}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert {f["field"] for f in body["fields"]} == {"username", "password"}
    assert secrets.USER_PASSWORD not in response.text


def test_user_password_never_reaches_the_log(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    api.login("alice", secrets.WRONG_PASSWORD)
    api.login("alice")
    assert "POST /api/login" in normal_backend.sidecar.stderr
    assert not secrets.leaks(normal_backend.sidecar.output)
    httpx.get(api.base_url + "/api/health")
