"""Localhost protection: Host allowlist (DNS rebinding), launch token, CORS origins."""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable

from fastapi import Header, HTTPException, Request, status
from starlette.types import ASGIApp, Receive, Scope, Send

LAUNCH_TOKEN_HEADER = "X-Launch-Token"  # noqa: S105 (a header name, not a secret)


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


def require_launch_token(
    request: Request,
    x_launch_token: str | None = Header(default=None, alias=LAUNCH_TOKEN_HEADER),
) -> None:
    """Dependency: the caller must present the per-launch token Electron passed on stdin."""
    expected: bytes = request.app.state.launch_token
    # Starlette decodes header bytes as latin-1; encoding back gives the bytes that were sent.
    given = (x_launch_token or "").encode("latin-1")
    # compare_digest runs in time independent of where the strings differ.
    if not x_launch_token or not hmac.compare_digest(given, expected):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=f"missing or wrong {LAUNCH_TOKEN_HEADER} header",
        )
