"""A backend in normal mode (real process, real MariaDB, fake company sign-in) and its API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from backend_support import secrets
from backend_support.config import base_settings
from backend_support.databases import ScratchDb
from backend_support.fake_signin import FakeSignIn
from backend_support.sidecar import Sidecar

ADMIN_EMAIL = "admin@example.com"


def normal_settings(db: ScratchDb, auth_url: str, **overrides: Any) -> dict[str, Any]:
    settings = base_settings(**{"database": db.target(), **overrides})
    settings["externalApis"] = {**settings["externalApis"], "authApiUrl": auth_url}
    settings["auth"] = {**settings["auth"], "adminEmail": ADMIN_EMAIL}
    return settings


@dataclass
class Api:
    """HTTP calls to one backend, with the launch token (embedded) and a sign-in token."""

    base_url: str
    launch_token: str | None = secrets.LAUNCH_TOKEN
    host_header: str | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    def call(
        self,
        method: str,
        path: str,
        as_user: str | None = None,
        token: str | None = None,
        **kw: Any,
    ) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if self.launch_token:
            headers.setdefault("X-Launch-Token", self.launch_token)
        if self.host_header:
            headers.setdefault("Host", self.host_header)
        bearer = token if token is not None else (self.tokens[as_user] if as_user else None)
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        return httpx.request(method, self.base_url + path, headers=headers, timeout=60, **kw)

    def login(self, username: str, password: str = secrets.USER_PASSWORD) -> httpx.Response:
        return self.call("POST", "/api/login", json={"username": username, "password": password})

    def sign_in(self, *usernames: str) -> None:
        for username in usernames:
            response = self.login(username)
            assert response.status_code == 200, response.text
            self.tokens[username] = response.json()["token"]


def start_normal(sidecar: Sidecar, db: ScratchDb, auth_url: str, **overrides: Any) -> Api:
    sidecar.start(normal_settings(db, auth_url, **overrides))
    event = sidecar.wait_listening(timeout=60)
    assert event["mode"] == "normal"
    return Api(sidecar.base_url)


def meeting_body(subject: str = "Weekly sync", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": subject,
        "meeting_time": "2025-03-04T09:30:00+08:00",
        "location": "Room 5",
        "chairperson": "Alice Chen",
    }
    body.update(overrides)
    return body


UPDATE_KEYS = (
    "subject",
    "meeting_time",
    "location",
    "chairperson",
    "recorder",
    "attendees",
    "transcript",
    "conclusions",
    "action_items",
    "version",
)


def update_body(meeting: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A PUT body: the whole meeting as GET gave it, with `changes`."""
    return {**{k: meeting[k] for k in UPDATE_KEYS}, **changes}


@dataclass
class NormalBackend:
    """What the module-scoped `normal_backend` fixture yields (tests import it from here: pytest
    runs both sidecars' tests in one process, so `conftest` names the transcriber's module)."""

    api: Api
    auth: FakeSignIn
    database: ScratchDb
    sidecar: Sidecar
