"""Host allowlist (403), launch token (401) and CORS on a real sidecar."""

from __future__ import annotations

import httpx
import pytest
from backend_support import secrets
from backend_support.sidecar import Sidecar

TOKEN = secrets.LAUNCH_TOKEN
BODY = {"authApiUrl": "not a url"}


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1",
        "127.0.0.1:1",
        "localhost:1",
        "[::1]:{port}",
    ],
)
def test_foreign_host_header_is_403(setup_sidecar: Sidecar, host: str) -> None:
    headers = {"Host": host.format(port=setup_sidecar.port)}
    assert setup_sidecar.get("/api/health", headers=headers).status_code == 403
    response = setup_sidecar.post("/api/setup/test-auth", BODY, token=TOKEN, headers=headers)
    assert response.status_code == 403


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_loopback_host_header_is_allowed(setup_sidecar: Sidecar, host: str) -> None:
    headers = {"Host": host.format(port=setup_sidecar.port)}
    assert setup_sidecar.get("/api/health", headers=headers).status_code == 200


def test_unknown_route_behind_a_foreign_host_is_still_403(setup_sidecar: Sidecar) -> None:
    response = setup_sidecar.get("/nothing-here", headers={"Host": "rebind.example"})
    assert response.status_code == 403


@pytest.mark.parametrize("token", [None, "", "wrong-token", TOKEN[:-1], TOKEN + "x", b"\xe4" * 8])
def test_setup_routes_need_the_launch_token(
    setup_sidecar: Sidecar, token: str | bytes | None
) -> None:
    for path in ("/api/setup/test-auth", "/api/setup/test-database", "/api/setup/test-dify"):
        response = setup_sidecar.post(path, BODY, token=token)
        assert response.status_code == 401, (path, response.text)
        assert not secrets.leaks(response.text)


def test_right_launch_token_is_accepted(setup_sidecar: Sidecar) -> None:
    response = setup_sidecar.post("/api/setup/test-auth", BODY, token=TOKEN)
    assert response.status_code == 200
    assert response.json()["code"] == "invalid_url"


def test_health_needs_no_token(setup_sidecar: Sidecar) -> None:
    response = setup_sidecar.get("/api/health")
    assert response.status_code == 200
    assert response.json()["mode"] == "setup"


def test_cors_allows_only_the_app_origin(setup_sidecar: Sidecar) -> None:
    allowed = setup_sidecar.get("/api/health", headers={"Origin": "http://localhost:5173"})
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:5173"
    foreign = setup_sidecar.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in foreign.headers


def test_cors_preflight(setup_sidecar: Sidecar) -> None:
    headers = {
        "Origin": "file://",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-launch-token",
    }
    ok = httpx.options(setup_sidecar.base_url + "/api/setup/test-auth", headers=headers)
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "file://"
    bad = httpx.options(
        setup_sidecar.base_url + "/api/setup/test-auth", headers={**headers, "Origin": "null"}
    )
    assert bad.status_code == 400
    assert "access-control-allow-origin" not in bad.headers
