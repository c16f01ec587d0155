"""The PyInstaller --onedir build: starts, serves, checks a real database, leaves no orphan.

Build it first with `npm run build:sidecars`. Without a build these tests are skipped, unless
MA_REQUIRE_BUILT_SIDECARS=1 (CI sets it), which turns the missing build into a failure.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from backend_support import fakes, secrets
from backend_support.config import base_settings
from backend_support.orphans import run_orphan_check
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
