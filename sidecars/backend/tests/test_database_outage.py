"""The database going away mid-test: a private MariaDB is stopped and started again while a
real backend keeps running. Requests meanwhile get 503 database_unavailable, nothing is
half-written, and the backend reconnects by itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from backend_support.databases import create_database
from backend_support.normal import meeting_body, start_normal
from backend_support.private_mariadb import PrivateMariaDb


@pytest.fixture
def private_db() -> Iterator[PrivateMariaDb]:
    server = PrivateMariaDb()
    server.start()
    yield server
    server.remove()


def test_database_restart_mid_test(
    private_db: PrivateMariaDb, sidecar_factory: Any, fake_auth: Any
) -> None:
    database = create_database(private_db.port, private_db.socket)
    sidecar = sidecar_factory()
    api = start_normal(sidecar, database, fake_auth.url)
    api.sign_in("alice")
    before = api.call("POST", "/api/meetings", as_user="alice", json=meeting_body("Before"))
    assert before.status_code == 201

    private_db.stop()
    for method, path, body in (
        ("GET", "/api/meetings", None),
        ("POST", "/api/meetings", meeting_body("During")),
        ("GET", f"/api/meetings/{before.json()['id']}", None),
    ):
        response = api.call(method, path, as_user="alice", json=body)
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "database_unavailable"
        assert "Try again" in response.json()["message"]
        assert int(response.headers["Retry-After"]) > 0
    health = sidecar.get("/api/health")
    assert health.status_code == 503 and health.json()["database"] == "error"
    assert api.login("bob").json()["code"] == "database_unavailable"

    private_db.start()
    # The very next request works: no backend restart, no retry by the client.
    listed = api.call("GET", "/api/meetings", as_user="alice")
    assert listed.status_code == 200, listed.text
    assert [m["subject"] for m in listed.json()["items"]] == ["Before"]  # nothing half-written
    after = api.call("POST", "/api/meetings", as_user="alice", json=meeting_body("After"))
    assert after.status_code == 201
    assert after.json()["meeting_number"] == "M-20250304-02"
    assert sidecar.proc is not None and sidecar.proc.poll() is None
