"""The PyInstaller --onedir build: starts, serves, checks a real database, leaves no orphan,
migrates, and runs the shared server with worker processes.

Build it first with `npm run build:sidecars`. Without a build these tests are skipped, unless
MA_REQUIRE_BUILT_SIDECARS=1 (CI sets it), which turns the missing build into a failure.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest
from backend_support import fakes, secrets
from backend_support.config import base_settings
from backend_support.normal import meeting_body, start_normal
from backend_support.orphans import run_orphan_check
from backend_support.server_mode import (
    migrate_command,
    start_server,
    wait_serving,
    worker_pids,
    write_server_files,
)
from backend_support.sidecar import BUILT_EXE

if not BUILT_EXE.exists():
    if os.environ.get("MA_REQUIRE_BUILT_SIDECARS") == "1":
        pytest.fail(f"{BUILT_EXE} is missing: run `npm run build:sidecars` first", pytrace=False)
    pytest.skip(f"{BUILT_EXE} is not built (run `npm run build:sidecars`)", allow_module_level=True)

COMMAND = [str(BUILT_EXE)]


def test_built_executable_serves_health(sidecar_factory: Any) -> None:
    sidecar = sidecar_factory(COMMAND).start(base_settings())
    sidecar.wait_listening(timeout=60)
    response = sidecar.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    sidecar.close_stdin()
    assert sidecar.wait_exit(5) == 0


def test_built_executable_checks_database_and_dify(sidecar_factory: Any, db: Any) -> None:
    sidecar = sidecar_factory(COMMAND).start(base_settings(database=db.target()))
    sidecar.wait_listening(timeout=60)
    assert sidecar.get("/api/health").json()["database"] == "ok"
    token = secrets.LAUNCH_TOKEN
    ok = sidecar.post("/api/setup/test-database", db.target(), token=token).json()
    assert ok["ok"] is True, ok
    denied = sidecar.post(
        "/api/setup/test-database", db.target(password=secrets.WRONG_PASSWORD), token=token
    ).json()
    assert denied["code"] == "access_denied"
    with fakes.fake_dify() as (url, dify):
        body = {"difyApiUrl": url, "apiKey": dify.KEY_STT}
        result = sidecar.post("/api/setup/test-dify", body, token=token).json()
    assert result["ok"] is True and result["speechToText"] is True


def test_built_executable_invalid_settings_exit_2(sidecar_factory: Any) -> None:
    sidecar = sidecar_factory(COMMAND).start(raw_line=b"{}\n")
    assert sidecar.next_event(60)["code"] == "invalid_settings"
    assert sidecar.wait_exit(10) == 2


def test_built_executable_leaves_no_orphan(tmp_path: Any) -> None:
    run_orphan_check(COMMAND, tmp_path)


def test_built_executable_migrates_and_serves_meetings(
    sidecar_factory: Any, fresh_db: Any, fake_auth: Any
) -> None:
    """The bundle carries its migrations: an empty database is brought to the schema version."""
    api = start_normal(sidecar_factory(COMMAND), fresh_db, fake_auth.url)
    api.sign_in("alice")
    created = api.call("POST", "/api/meetings", as_user="alice", json=meeting_body("打包測試"))
    assert created.status_code == 201, created.text
    exported = api.call("GET", f"/api/meetings/{created.json()['id']}/export", as_user="alice")
    assert exported.status_code == 200 and exported.content.startswith(b"PK")
    assert fresh_db.sql("SELECT version_num FROM alembic_version") == [("0002",)]


def test_built_executable_migrate_command(fresh_db: Any) -> None:
    done = migrate_command(fresh_db, fresh_db.user, fresh_db.password, COMMAND)
    assert done.returncode == 0, done.stderr
    assert "migrated to schema version 2" in done.stderr


def test_built_executable_serves_with_two_workers(
    tmp_path: Any, sidecar_factory: Any, fresh_db: Any, fake_auth: Any
) -> None:
    config, port = write_server_files(tmp_path, fresh_db, fake_auth.url, workers=2)
    server = start_server(sidecar_factory(COMMAND), config, COMMAND)
    api = wait_serving(port, server)
    assert server.proc is not None
    assert len(worker_pids(server.proc.pid)) == 2
    api.sign_in("bob")
    assert api.call("GET", "/api/meetings", as_user="bob").status_code == 200
    server.proc.send_signal(signal.SIGTERM)
    assert server.wait_exit(20) == 0
