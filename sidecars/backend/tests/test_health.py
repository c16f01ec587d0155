"""GET /api/health in normal mode on a real backend and a real MariaDB: it does not sign in to the
database on every call, and tells a caller without the launch token no host or user name."""

from __future__ import annotations

import time
from typing import Any

import pytest
from backend_support import secrets
from backend_support.databases import ScratchDb, root
from backend_support.fakes import closed_port
from backend_support.normal import start_normal
from meeting_backend.services.db_health import CACHE_S

TOKEN = secrets.LAUNCH_TOKEN


def _sign_ins(db: ScratchDb) -> int:
    """Connections (successful or refused) MariaDB counted for the test's account."""
    conn = root(db.socket)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT TOTAL_CONNECTIONS + DENIED_CONNECTIONS "
                "FROM information_schema.USER_STATISTICS WHERE USER = %s",
                (db.user,),
            )
            row = cur.fetchone()
            return int(row[0]) if row else 0
    finally:
        conn.close()


def _count_sign_ins(db: ScratchDb) -> None:
    conn = root(db.socket)
    try:
        with conn.cursor() as cur:
            cur.execute("SET GLOBAL userstat = 1")  # MariaDB's per-account statistics
    finally:
        conn.close()


def test_polling_health_does_not_sign_in_every_time(
    fresh_db: ScratchDb, sidecar_factory: Any, fake_auth: Any
) -> None:
    _count_sign_ins(fresh_db)
    sidecar = sidecar_factory()
    start_normal(sidecar, fresh_db, fake_auth.url)
    before = _sign_ins(fresh_db)
    polls = 4
    for i in range(polls):
        if i:
            time.sleep(CACHE_S + 0.3)  # past the cache: each poll really probes the database
        response = sidecar.get("/api/health")
        assert response.status_code == 200, response.text
        assert response.json()["database"] == "ok"
    # The probe keeps its one connection: at most the first poll opens it.
    assert _sign_ins(fresh_db) - before <= 1


@pytest.mark.parametrize("problem", ["wrong_password", "nothing_listening"])
def test_health_tells_a_stranger_no_host_or_user_name(
    problem: str, fresh_db: ScratchDb, sidecar_factory: Any, fake_auth: Any
) -> None:
    if problem == "wrong_password":
        target = fresh_db.target(password=secrets.WRONG_PASSWORD)
        names = [fresh_db.user]
        code = "access_denied"
    else:
        port = closed_port()
        target = fresh_db.target(host="localhost", port=port)
        names = ["localhost", str(port), fresh_db.user]
        code = "connection_refused"
    sidecar = sidecar_factory()
    start_normal(sidecar, fresh_db, fake_auth.url, database=target)

    stranger = sidecar.get("/api/health")
    assert stranger.status_code == 503
    body = stranger.json()
    assert body["database"] == "error" and body["code"] == code
    assert body["message"]  # still a sentence that says what kind of problem it is
    for name in names:
        assert name not in stranger.text, (name, stranger.text)

    # The app that started the backend (the launch token) gets the details for its screen.
    app = sidecar.get("/api/health", headers={"X-Launch-Token": TOKEN})
    assert app.status_code == 503
    assert app.json()["code"] == code
    assert names[0] in app.json()["message"]
    wrong = sidecar.get("/api/health", headers={"X-Launch-Token": TOKEN + "x"})
    for name in names:
        assert name not in wrong.text
