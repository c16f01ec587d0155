"""Checks a Dify app API key with Dify's own `GET {difyApiUrl}/parameters`.

Dify answers an invalid or missing key with 401 `{"code":"unauthorized",...}`, and a disabled
service API (or an app in an abnormal state, or an archived workspace) with 403 `{"code":
"forbidden","message":"The app's API service has been disabled.",...}`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from meeting_backend.services import http_probe
from meeting_backend.services.results import CheckFailure

_DIFY_PARAMETER_KEYS = ("user_input_form", "speech_to_text", "opening_statement", "file_upload")
_V1_HINT = (
    "Use the app's API base address shown on Dify's API Access page; it usually ends in /v1 "
    "(for example https://api.dify.ai/v1)."
)


@dataclass(frozen=True)
class DifyCheckOk:
    speech_to_text_enabled: bool
    latency_ms: int

    def public(self) -> dict[str, object]:
        return {
            "ok": True,
            "speechToText": self.speech_to_text_enabled,
            "latencyMs": self.latency_ms,
        }


def _dify_error(body: Any) -> tuple[str, str] | None:
    if isinstance(body, dict) and isinstance(body.get("code"), str) and "message" in body:
        return body["code"], str(body["message"])
    return None


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


async def check_dify(api_url: str, api_key: str, timeout_s: float) -> DifyCheckOk | CheckFailure:
    """Codes: unauthorized, api_disabled, unreachable, not_dify."""
    bad = http_probe.invalid_url(api_url)
    if bad is not None:
        return CheckFailure("unreachable", bad.message, bad.hint)
    if not api_key.strip():
        return CheckFailure(
            "unauthorized",
            "No API key was given.",
            "Copy the app's API key from Dify: open the app, then API Access, then API Key.",
        )
    url = api_url.strip().rstrip("/") + "/parameters"
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout_s), http_probe.client(timeout_s) as client:
            response = await client.get(url, headers={"Authorization": f"Bearer {api_key}"})
    except (httpx.HTTPError, OSError, TimeoutError) as exc:
        failure = http_probe.explain_transport_error(exc, url, timeout_s)
        return CheckFailure("unreachable", failure.message, failure.hint)
    latency_ms = round((time.monotonic() - started) * 1000)
    return _interpret(response, latency_ms)


def _interpret(response: httpx.Response, latency_ms: int) -> DifyCheckOk | CheckFailure:
    status = response.status_code
    body = _json(response)
    dify_error = _dify_error(body)
    said = f" Dify said: {dify_error[1]}" if dify_error else ""
    if status == 200:
        if isinstance(body, dict) and any(key in body for key in _DIFY_PARAMETER_KEYS):
            stt = body.get("speech_to_text")
            enabled = isinstance(stt, dict) and stt.get("enabled") is True
            return DifyCheckOk(speech_to_text_enabled=enabled, latency_ms=latency_ms)
        return CheckFailure(
            "not_dify",
            "The server answered, but not with a Dify app's parameters.",
            _V1_HINT,
        )
    if status == 401:
        return CheckFailure(
            "unauthorized",
            f"Dify did not accept the API key.{said}",
            "Copy the key again from Dify (app, then API Access, then API Key); app keys start "
            "with 'app-'. A key from another Dify server or a deleted key does not work.",
        )
    if status == 403 and dify_error:
        return CheckFailure(
            "api_disabled",
            f"Dify refused access to this app.{said}",
            "In Dify, open the app's API Access page and enable its service API; an archived "
            "workspace or a deleted app also gives this answer.",
        )
    if status == 400 and dify_error and dify_error[0] == "app_unavailable":
        return CheckFailure(
            "api_disabled",
            f"Dify says the app is unavailable.{said}",
            "Publish the app in Dify and check its model settings, then try again.",
        )
    if status in (502, 503, 504) or (status >= 500 and dify_error):
        return CheckFailure(
            "unreachable",
            f"The Dify server is not available right now (HTTP {status}).{said}",
            "Try again later; if it persists, tell the Dify administrator.",
        )
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("location", "")
        return CheckFailure(
            "not_dify",
            f"The address redirects elsewhere (HTTP {status} to {location}).",
            _V1_HINT,
        )
    return CheckFailure(
        "not_dify",
        f"No Dify API answered at this address (HTTP {status}).",
        _V1_HINT,
    )
