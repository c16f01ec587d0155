"""Every way a Dify call can fail, as the API's `{code, message}` errors (never a 500)."""

from __future__ import annotations

from typing import Any

import httpx

from meeting_backend.errors import ApiError
from meeting_backend.logs import secrets
from meeting_backend.services import http_probe


def dify_said(body: Any) -> str:
    """Dify's own message from its error body `{code, message, status}`, or ""."""
    if isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"]:
        return f" Dify said: {secrets.redact(body['message'])}"
    return ""


def dify_code(body: Any) -> str:
    return body["code"] if isinstance(body, dict) and isinstance(body.get("code"), str) else ""


def not_configured(field: str, what: str) -> ApiError:
    return ApiError(
        503,
        "dify_not_configured",
        f"{what} is not set up on this backend: an administrator must enter "
        f"externalApis.{field} in the settings.",
    )


def check_url(url: str) -> None:
    """dify_not_configured unless `url` is an http(s) address."""
    if not url.strip():
        raise not_configured("difyApiUrl", "Dify")
    bad = http_probe.invalid_url(url)
    if bad is not None:
        raise ApiError(
            503,
            "dify_not_configured",
            f"externalApis.difyApiUrl is not usable: {bad.message} {bad.hint}",
        )


def unauthorized(body: Any, status: int) -> ApiError:
    if status == 403:
        message = (
            "Dify refused access to the app (its service API may be disabled, or the app "
            "archived); an administrator must enable the app's API access in Dify."
        )
    else:
        message = (
            "Dify did not accept the backend's API key (it may have been revoked); an "
            "administrator must enter the app's current key in the settings."
        )
    return ApiError(502, "dify_unauthorized", message + dify_said(body))


def rate_limited(body: Any) -> ApiError:
    return ApiError(
        429,
        "dify_rate_limited",
        "Dify is receiving too many requests right now; try again in a minute." + dify_said(body),
        headers={"Retry-After": "60"},
    )


def timeout(timeout_s: float) -> ApiError:
    return ApiError(
        504,
        "dify_timeout",
        f"Dify did not finish within {timeout_s:g} s, so the request was stopped; try again "
        "later, or ask an administrator to raise externalApis.difyTimeoutSeconds.",
    )


def unreachable(exc: BaseException, url: str, timeout_s: float) -> ApiError:
    failure = http_probe.explain_transport_error(exc, url, timeout_s)
    if failure.code == "timeout":
        return timeout(timeout_s)
    return ApiError(
        502,
        "dify_unreachable",
        f"{secrets.redact(failure.message)} {secrets.redact(failure.hint)}",
        reason=failure.code,
    )


def connection_lost(exc: BaseException) -> ApiError:
    return ApiError(
        502,
        "dify_unreachable",
        f"The connection to Dify broke while it was writing the answer "
        f"({exc.__class__.__name__}); try again.",
        reason="connection_lost",
    )


def server_down(status: int, body: Any) -> ApiError:
    return ApiError(
        502,
        "dify_unreachable",
        f"The Dify server is not available right now (HTTP {status}); try again later."
        + dify_said(body),
        reason="server_error",
    )


def dify_error(message: str, body: Any = None) -> ApiError:
    return ApiError(502, "dify_error", message + dify_said(body), dify_code=dify_code(body))


def from_response(status: int, body: Any) -> ApiError:
    """The error for a Dify answer that is not a success (after any retries)."""
    if status in (401, 403):
        return unauthorized(body, status)
    if status == 429:
        return rate_limited(body)
    if status in (502, 503, 504) or (status >= 500 and not dify_code(body)):
        return server_down(status, body)
    return dify_error(f"Dify could not run the app (HTTP {status}).", body)


def json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
