"""Localhost protection: Host allowlist (DNS rebinding), the launch token."""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable

from fastapi import Header, HTTPException, Request, status
from starlette.types import ASGIApp, Receive, Scope, Send

LAUNCH_TOKEN_HEADER = "X-Launch-Token"  # noqa: S105 (a header name, not a secret)
_LAUNCH_TOKEN_KEY = LAUNCH_TOKEN_HEADER.lower().encode("latin-1")
# The only route an embedded backend answers without the launch token: the supervisor's gate.
TOKEN_FREE_PATHS = frozenset({"/api/health"})
LAUNCH_TOKEN_MESSAGE = (
    "Only the Meeting Assistant app that started this backend may call it: the "
    f"{LAUNCH_TOKEN_HEADER} header is missing or wrong."
)


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


class HostAllowlistMiddleware:
    """Answers 403 to any request whose Host header is not this sidecar's own loopback address.

    A web page that rebinds its DNS name to 127.0.0.1 still sends its own name as Host.
    """

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = ""
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1").strip().lower()
                break
        if host in self.hosts:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = json.dumps({"detail": "Host header not allowed"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status.HTTP_403_FORBIDDEN,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def launch_token_matches(given: bytes | None, expected: bytes) -> bool:
    # compare_digest runs in time independent of where the strings differ.
    return bool(given) and hmac.compare_digest(given or b"", expected)


def _header(scope: Scope, key: bytes) -> bytes | None:
    for name, value in scope["headers"]:
        if name == key:
            return bytes(value)
    return None


def _is_cors_preflight(scope: Scope) -> bool:
    preflight = _header(scope, b"access-control-request-method") is not None
    return scope["method"] == "OPTIONS" and preflight


class LaunchTokenMiddleware:
    """Embedded mode: every route but /api/health needs the per-launch token, checked before the
    body is read (FastAPI would read and parse the body before a dependency runs).

    CORS preflights pass: a browser sends them without custom headers, and they carry no body.
    """

    def __init__(self, app: ASGIApp, token: bytes) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] in TOKEN_FREE_PATHS
            or _is_cors_preflight(scope)
            or launch_token_matches(_header(scope, _LAUNCH_TOKEN_KEY), self.token)
        ):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            {
                "code": "launch_token_required",
                "message": LAUNCH_TOKEN_MESSAGE,
                "detail": f"missing or wrong {LAUNCH_TOKEN_HEADER} header",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status.HTTP_401_UNAUTHORIZED,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    # A body may follow that is never read; don't reuse the connection.
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def require_launch_token(
    request: Request,
    x_launch_token: str | None = Header(default=None, alias=LAUNCH_TOKEN_HEADER),
) -> None:
    """Dependency: the caller must present the per-launch token Electron passed on stdin.

    LaunchTokenMiddleware already refused a request without it; this keeps the setup routes
    safe should they ever be mounted without the middleware, and documents the header.
    """
    expected: bytes = request.app.state.launch_token
    # Starlette decodes header bytes as latin-1; encoding back gives the bytes that were sent.
    given = (x_launch_token or "").encode("latin-1")
    if not launch_token_matches(given, expected):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=f"missing or wrong {LAUNCH_TOKEN_HEADER} header",
        )
