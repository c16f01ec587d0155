"""Calls the company sign-in service and finds the user in its reply.

Companies answer in different shapes (docs/auth-api.md): any 2xx reply that does not say
`"success": false` is a success, and the e-mail and display name are looked for in the common
places. Nothing here logs the password or the reply body.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import httpx

from meeting_backend.services import http_probe

TIMEOUT_S = 10.0
# Where the user is looked for, in this order.
CONTAINERS: tuple[tuple[str, ...], ...] = (
    (),
    ("user",),
    ("data",),
    ("data", "user"),
    ("data", "user_info"),
)
EMAIL_KEYS = ("email", "mail")
NAME_KEYS = ("displayName", "display_name", "name", "username")
MESSAGE_KEYS = ("message", "msg", "error_description", "errorMessage", "error", "detail")
CREDENTIAL_STATUSES = frozenset({400, 401, 403, 422})
MAX_MESSAGE = 300


@dataclass(frozen=True)
class Identity:
    email: str
    name: str


class SignInRejected(Exception):
    """The service said the credentials are wrong; `service_message` is its own words, if any."""

    def __init__(self, service_message: str | None) -> None:
        super().__init__(service_message or "rejected")
        self.service_message = service_message


class SignInFailed(Exception):
    """The service could not be used: `code` is auth_unreachable or auth_service_error."""

    def __init__(self, code: str, message: str, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after


def _at(body: Any, path: tuple[str, ...]) -> dict[str, Any] | None:
    node = body
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:  # LDAP-style multi-valued attributes
        value = value[0]
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _looks_like_email(value: str) -> bool:
    local, at, domain = value.partition("@")
    return bool(at and local and "." in domain) and not any(c.isspace() for c in value)


def find_identity(body: Any, username: str) -> Identity | str:
    """The user in a success reply, or a sentence that says what is missing."""
    containers = [c for c in (_at(body, path) for path in CONTAINERS) if c is not None]
    email: str | None = None
    name: str | None = None
    for container in containers:
        found = next((v for v in (_text(container.get(k)) for k in EMAIL_KEYS) if v), None)
        if found is not None:
            email = found
            name = next((v for v in (_text(container.get(k)) for k in NAME_KEYS) if v), None)
            break
    if email is None:
        places = ", ".join(".".join(p) or "the top level" for p in CONTAINERS)
        return (
            "The company sign-in service accepted the password, but its reply has no e-mail "
            f"address: looked for 'email' or 'mail' in {places}."
        )
    if not _looks_like_email(email) or len(email) > 255:
        return (
            "The company sign-in service accepted the password, but the e-mail address in its "
            "reply is not a valid address."
        )
    if name is None:
        for container in containers:
            name = next((v for v in (_text(container.get(k)) for k in NAME_KEYS) if v), None)
            if name:
                break
    return Identity(email=email.lower(), name=(name or email.split("@")[0] or username)[:255])


def service_message(body: Any, password: str) -> str | None:
    """The service's own explanation, if its reply has one (never the password it was sent)."""
    for container in (body, _at(body, ("data",)), _at(body, ("error",))):
        if not isinstance(container, dict):
            continue
        for key in MESSAGE_KEYS:
            text = _text(container.get(key))
            if text:
                if password:
                    text = text.replace(password, "[redacted]")
                return text[:MAX_MESSAGE]
    return None


def _denied(body: Any) -> bool:
    success = body.get("success") if isinstance(body, dict) else None
    return success is False or (isinstance(success, str) and success.lower() == "false")


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


async def company_sign_in(url: str, username: str, password: str) -> Identity:
    """Raises SignInRejected or SignInFailed."""
    try:
        async with asyncio.timeout(TIMEOUT_S), http_probe.client(TIMEOUT_S) as client:
            response = await client.post(url, json={"username": username, "password": password})
    except (httpx.HTTPError, OSError, TimeoutError) as exc:
        failure = http_probe.explain_transport_error(exc, url, TIMEOUT_S)
        raise SignInFailed(
            "auth_unreachable",
            f"The company sign-in service could not be reached: {failure.message} {failure.hint}",
        ) from None
    body = _json(response)
    status = response.status_code
    if 200 <= status < 300:
        if not isinstance(body, dict):
            raise SignInFailed(
                "auth_service_error",
                "The company sign-in service answered, but not with a JSON object. Check that "
                "the sign-in address (backend.externalApis.authApiUrl) is its API, not a web page.",
            )
        if _denied(body):
            raise SignInRejected(service_message(body, password))
        identity = find_identity(body, username)
        if isinstance(identity, str):
            raise SignInFailed("auth_service_error", identity)
        return identity
    if status in CREDENTIAL_STATUSES:
        raise SignInRejected(service_message(body, password))
    if status == 429:
        raise SignInFailed(
            "rate_limited",
            "The company sign-in service is refusing sign-ins for a while. Try again later.",
            retry_after=response.headers.get("Retry-After"),
        )
    if 300 <= status < 400:
        detail = "redirected elsewhere; the sign-in address is probably a web page, not its API"
    elif status in (404, 405):
        detail = f"answered {status}: the sign-in address is probably wrong"
    else:
        detail = f"failed with HTTP {status}"
    message = service_message(body, password)
    raise SignInFailed(
        "auth_service_error",
        f"The company sign-in service {detail}." + (f" It said: {message}" if message else ""),
    )
