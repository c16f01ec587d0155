"""POST /api/setup/test-dify against a fake Dify that answers as Dify documents."""

from __future__ import annotations

from typing import Any

from backend_support import fakes, secrets
from backend_support.sidecar import Sidecar

TOKEN = secrets.LAUNCH_TOKEN


def check(sidecar: Sidecar, url: str, key: str, **extra: Any) -> dict[str, Any]:
    body = {"difyApiUrl": url, "apiKey": key, **extra}
    response = sidecar.post("/api/setup/test-dify", body, token=TOKEN)
    assert response.status_code == 200, response.text
    assert not secrets.leaks(response.text)
    assert key not in response.text
    result: dict[str, Any] = response.json()
    if not result["ok"]:
        assert set(result) == {"ok", "code", "message", "hint"}
    return result


def test_valid_key_with_speech_to_text(setup_sidecar: Sidecar) -> None:
    with fakes.fake_dify() as (url, dify):
        result = check(setup_sidecar, url, dify.KEY_STT)
    assert result["ok"] is True
    assert result["speechToText"] is True
    assert dify.requests[-1] == {
        "path": "/v1/parameters",
        "authorization": f"Bearer {dify.KEY_STT}",
    }


def test_valid_key_without_speech_to_text_and_trailing_slash(setup_sidecar: Sidecar) -> None:
    with fakes.fake_dify() as (url, dify):
        result = check(setup_sidecar, url + "/", dify.KEY_NO_STT)
    assert result == {"ok": True, "speechToText": False, "latencyMs": result["latencyMs"]}


def test_invalid_key_is_unauthorized(setup_sidecar: Sidecar) -> None:
    with fakes.fake_dify() as (url, _):
        result = check(setup_sidecar, url, secrets.REQUEST_DIFY_KEY)
    assert result["code"] == "unauthorized"
    assert "Access token is invalid" in result["message"]


def test_missing_key_is_unauthorized(setup_sidecar: Sidecar) -> None:
    with fakes.fake_dify() as (url, dify):
        result = check(setup_sidecar, url, "   ")
    assert result["code"] == "unauthorized"
    assert dify.requests == []  # nothing sent without a key


def test_disabled_api(setup_sidecar: Sidecar) -> None:
    with fakes.fake_dify() as (url, dify):
        result = check(setup_sidecar, url, dify.KEY_DISABLED)
    assert result["code"] == "api_disabled"
    assert "has been disabled" in result["message"]


def test_unpublished_app(setup_sidecar: Sidecar) -> None:
    with fakes.fake_dify() as (url, dify):
        result = check(setup_sidecar, url, dify.KEY_UNAVAILABLE)
    assert result["code"] == "api_disabled"


def test_url_without_v1_is_not_dify(setup_sidecar: Sidecar) -> None:
    with fakes.fake_dify() as (url, dify):
        result = check(setup_sidecar, url.removesuffix("/v1"), dify.KEY_STT)
    assert result["code"] == "not_dify"
    assert "/v1" in result["hint"]


def test_ordinary_web_site_is_not_dify(setup_sidecar: Sidecar) -> None:
    with fakes.html_server() as port:
        result = check(setup_sidecar, f"http://127.0.0.1:{port}/v1", secrets.REQUEST_DIFY_KEY)
    assert result["code"] == "not_dify"


def test_closed_port_is_unreachable(setup_sidecar: Sidecar) -> None:
    result = check(setup_sidecar, f"http://127.0.0.1:{fakes.closed_port()}/v1", "app-x")
    assert result["code"] == "unreachable"
    assert "refused" in result["message"]


def test_unknown_name_is_unreachable_and_says_dns(setup_sidecar: Sidecar) -> None:
    result = check(setup_sidecar, "https://dify.ma-test.invalid/v1", "app-x")
    assert result["code"] == "unreachable"
    assert "could not be found" in result["message"]


def test_silent_server_is_unreachable_within_the_timeout(setup_sidecar: Sidecar) -> None:
    with fakes.silent_listener() as port:
        result = check(setup_sidecar, f"http://127.0.0.1:{port}/v1", "app-x", timeoutSeconds=1)
    assert result["code"] == "unreachable"
    assert "did not answer within 1 s" in result["message"]


def test_not_a_url_is_unreachable(setup_sidecar: Sidecar) -> None:
    assert check(setup_sidecar, "dify.example.com/v1", "app-x")["code"] == "unreachable"
