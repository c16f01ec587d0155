"""POST /api/setup/test-auth: reachability of the company auth API, failures in plain words."""

from __future__ import annotations

from typing import Any

from backend_support import fakes, secrets
from backend_support.sidecar import Sidecar

TOKEN = secrets.LAUNCH_TOKEN


def check(sidecar: Sidecar, url: str, **extra: Any) -> dict[str, Any]:
    response = sidecar.post("/api/setup/test-auth", {"authApiUrl": url, **extra}, token=TOKEN)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    if not result["ok"]:
        assert set(result) == {"ok", "code", "message", "hint"}
    return result


def test_any_http_answer_means_reachable(setup_sidecar: Sidecar) -> None:
    with fakes.html_server() as port:
        result = check(setup_sidecar, f"http://127.0.0.1:{port}/auth")
    assert result["ok"] is True and result["status"] == 200


def test_dns_failure(setup_sidecar: Sidecar) -> None:
    result = check(setup_sidecar, "https://sso.ma-test.invalid/api")
    assert result["code"] == "dns_failed"
    assert "could not be found" in result["message"]


def test_closed_port(setup_sidecar: Sidecar) -> None:
    assert check(setup_sidecar, f"http://127.0.0.1:{fakes.closed_port()}/")["code"] == (
        "connection_refused"
    )


def test_timeout(setup_sidecar: Sidecar) -> None:
    with fakes.silent_listener() as port:
        result = check(setup_sidecar, f"http://127.0.0.1:{port}/", timeoutSeconds=1)
    assert result["code"] == "timeout"


def test_https_to_a_plain_http_server_explains_it(setup_sidecar: Sidecar) -> None:
    with fakes.html_server() as port:
        result = check(setup_sidecar, f"https://127.0.0.1:{port}/")
    assert result["code"] == "tls_error"
    assert "http://" in result["hint"]


def test_untrusted_certificate_explains_it(setup_sidecar: Sidecar) -> None:
    with fakes.http_server(
        lambda *_: (200, b"ok", "text/plain"), tls=fakes.self_signed_context()
    ) as port:
        result = check(setup_sidecar, f"https://127.0.0.1:{port}/")
    assert result["code"] == "tls_error"
    assert "does not trust the certificate" in result["message"]
    assert "root certificate" in result["hint"]


def test_invalid_url(setup_sidecar: Sidecar) -> None:
    assert check(setup_sidecar, "ftp://files.example.com")["code"] == "invalid_url"
