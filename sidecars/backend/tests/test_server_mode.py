"""`python -m meeting_backend serve --config server.json`: two worker processes, the existing
server's .env keys, configured Host names, no launch token, no setup routes, JSON logs."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

from backend_support import secrets
from backend_support.databases import ScratchDb
from backend_support.normal import meeting_body
from backend_support.server_mode import (
    json_logs,
    start_server,
    wait_serving,
    worker_pids,
    write_server_files,
)
from backend_support.sidecar import wait_gone


def test_serve_with_two_workers_answers_health_and_login(
    tmp_path: Path, sidecar_factory: Any, fresh_db: ScratchDb, fake_auth: Any
) -> None:
    config, port = write_server_files(tmp_path, fresh_db, fake_auth.url, workers=2)
    server = start_server(sidecar_factory(), config)
    api = wait_serving(port, server)
    assert server.proc is not None
    workers = worker_pids(server.proc.pid)
    assert len(workers) == 2, workers

    health = api.call("GET", "/api/health").json()
    assert health == {**health, "status": "ok", "mode": "normal", "database": "ok"}
    api.sign_in("admin", "alice")
    created = api.call("POST", "/api/meetings", as_user="alice", json=meeting_body("Server mode"))
    assert created.status_code == 201
    assert api.call("GET", "/api/me", as_user="admin").json()["role"] == "admin"

    # Requests are spread over both workers, and a token works on each of them.
    seen: set[int] = set()
    for _ in range(300):
        assert api.call("GET", "/api/meetings", as_user="alice").status_code == 200
        seen = {
            entry["pid"] for entry in json_logs(server) if "GET /api/meetings" in entry["message"]
        }
        if len(seen) == 2:
            break
    assert seen == set(workers)

    # No launch token, no setup routes, and only the configured Host names.
    assert api.call("POST", "/api/setup/test-auth", json={"authApiUrl": "x"}).status_code == 404
    foreign = api.call("GET", "/api/health", headers={"Host": "evil.example"})
    assert foreign.status_code == 400
    loopback = api.call("GET", "/api/health", headers={"Host": f"127.0.0.1:{port}"})
    assert loopback.status_code == 400

    # JSON logs on stdout, one object per line; secrets from .env never appear.
    logs = json_logs(server)
    assert any("2 worker(s)" in entry["message"] for entry in logs)
    assert all({"time", "level", "logger", "message", "pid"} <= set(entry) for entry in logs)
    assert not secrets.leaks(server.output)

    server.proc.send_signal(signal.SIGTERM)
    assert server.wait_exit(20) == 0
    for pid in workers:
        assert wait_gone(pid, 5)


def test_tokens_work_across_instances(
    tmp_path: Path, sidecar_factory: Any, fresh_db: ScratchDb, fake_auth: Any
) -> None:
    """Stateless: a token from one server instance is accepted by another on the same database."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    config_a, port_a = write_server_files(tmp_path / "a", fresh_db, fake_auth.url, workers=1)
    config_b, port_b = write_server_files(tmp_path / "b", fresh_db, fake_auth.url, workers=1)
    server_a = start_server(sidecar_factory(), config_a)
    server_b = start_server(sidecar_factory(), config_b)
    a, b = wait_serving(port_a, server_a), wait_serving(port_b, server_b)
    a.sign_in("bob")
    b.tokens["bob"] = a.tokens["bob"]
    created = b.call("POST", "/api/meetings", as_user="bob", json=meeting_body("Across"))
    assert created.status_code == 201
    assert a.call("GET", f"/api/meetings/{created.json()['id']}", as_user="bob").status_code == 200


def _serve_error(tmp_path: Path, sidecar_factory: Any, config: dict[str, Any]) -> str:
    path = tmp_path / "server.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    server = start_server(sidecar_factory(), path)
    assert server.wait_exit(30) == 2
    time.sleep(0.2)  # let the reader threads drain the pipes
    errors = [e["message"] for e in json_logs(server) if e["level"] == "error"]
    assert errors, server.output
    return errors[0]


def test_configuration_mistakes_are_named(
    tmp_path: Path, sidecar_factory: Any, fresh_db: ScratchDb
) -> None:
    database = {
        "host": fresh_db.host,
        "port": fresh_db.port,
        "user": fresh_db.user,
        "password": fresh_db.password,
        "database": fresh_db.name,
    }
    auth = {"jwtSecret": secrets.SERVER_JWT_SECRET}
    message = _serve_error(tmp_path, sidecar_factory, {"database": database, "auth": auth})
    assert "'server' object" in message and "allowedHosts" in message
    message = _serve_error(
        tmp_path,
        sidecar_factory,
        {"server": {"allowedHosts": ["*"]}, "database": database, "auth": auth},
    )
    assert "server.allowedHosts" in message
    message = _serve_error(
        tmp_path,
        sidecar_factory,
        {
            "server": {"allowedHosts": ["m.test"]},
            "database": database,
            "auth": {"jwtSecret": secrets.JWT_SECRET},
        },
    )
    assert "at least 32" in message
    message = _serve_error(
        tmp_path, sidecar_factory, {"server": {"allowedHosts": ["m.test"]}, "auth": auth}
    )
    assert "DB_HOST" in message
    message = _serve_error(
        tmp_path,
        sidecar_factory,
        {"server": {"allowedHosts": ["m.test"], "workers": 0}, "database": database, "auth": auth},
    )
    assert "server.workers" in message
    (tmp_path / ".env").write_text("DB_USER='x'\nDB_PASS=\"no closing quote\n", encoding="utf-8")
    message = _serve_error(
        tmp_path,
        sidecar_factory,
        {"server": {"allowedHosts": ["m.test"]}, "database": database, "auth": auth},
    )
    assert ".env: line 2 cannot be read" in message
