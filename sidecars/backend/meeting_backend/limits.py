"""Request body limits, enforced before the application reads anything.

FastAPI reads and parses a whole body before dependencies (the launch token, the sign-in token)
run, so without this any local process, or a web page's no-cors POST, could make the backend
hold an arbitrarily large body in memory. This middleware sits in front of the app:

- a `Content-Length` over the route's limit is answered 413 at once, before a byte is read;
- a body without a length (chunked) is counted as it streams in, and reading stops with 413 as
  soon as it passes the limit.

Each route's limit is looked up by method and path, so a route added later (the audio upload)
gets its limit as soon as it exists.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from meeting_backend.api.routes.admin import TEMPLATE_BODY_LIMIT
from meeting_backend.api.routes.ai import SUMMARIZE_BODY_LIMIT
from meeting_backend.api.routes.meetings import MEETING_BODY_LIMIT

KIB = 1024
MIB = 1024 * KIB
# Every JSON route that is not listed below: setup checks, sign-in, small updates.
DEFAULT_BODY_LIMIT = 64 * KIB
# POST /api/ai/transcribe-chunk: one audio chunk for Dify's speech-to-text (Dify accepts files
# up to 15 MB) plus room for the multipart framing and form fields around it. The route itself
# refuses a chunk over 15 MB (audio_too_large) a little earlier; the margin is wider than one
# read from the socket (64 KiB), so that the route's answer is the one the client gets.
AUDIO_CHUNK_BODY_LIMIT = 15 * MIB + 256 * KIB
# The export template travels as raw bytes today; the margin allows a multipart upload of it.
TEMPLATE_UPLOAD_LIMIT = TEMPLATE_BODY_LIMIT + 64 * KIB


@dataclass(frozen=True)
class RouteLimit:
    methods: frozenset[str]
    path: re.Pattern[str]
    limit: int


def _route(methods: str, path: str, limit: int) -> RouteLimit:
    return RouteLimit(frozenset(methods.split()), re.compile(path), limit)


ROUTE_LIMITS: tuple[RouteLimit, ...] = (
    _route("POST", r"/api/meetings/?", MEETING_BODY_LIMIT),
    _route("PUT", r"/api/meetings/[^/]+/?", MEETING_BODY_LIMIT),
    _route("PUT POST", r"/api/admin/export-template/?", TEMPLATE_UPLOAD_LIMIT),
    _route("POST", r"/api/ai/transcribe-chunk/?", AUDIO_CHUNK_BODY_LIMIT),
    _route("POST", r"/api/ai/summarize/?", SUMMARIZE_BODY_LIMIT),
)


def body_limit(method: str, path: str) -> int:
    for route in ROUTE_LIMITS:
        if method in route.methods and route.path.fullmatch(path):
            return route.limit
    return DEFAULT_BODY_LIMIT


class BodyTooLarge(Exception):
    """Raised from `receive` once a streamed body passes its limit; it stops the reader."""


def _describe(limit: int) -> str:
    return f"{limit / MIB:.1f} MB" if limit >= MIB else f"{limit // KIB} KB"


def too_large_body(limit: int) -> bytes:
    return json.dumps(
        {
            "code": "payload_too_large",
            "message": f"The request body is larger than the {_describe(limit)} this route "
            "accepts. Send less data in one request.",
            "limit": limit,
        }
    ).encode()


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when absent. A malformed one counts as too large."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and (declared < 0 or declared > limit):
            await _send_413(send, limit)
            return

        received = 0
        exceeded = False
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            # Whatever the app makes of the interrupted read (FastAPI calls it a 400), the
            # client is told the real reason.
            if exceeded:
                return
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            # BodyTooLarge itself, or whatever the app wrapped it in.
            if not exceeded:
                raise
        if exceeded and not response_started:
            await _send_413(send, limit)


async def _send_413(send: Send, limit: int) -> None:
    body = too_large_body(limit)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                # The rest of the body is never read, so the connection cannot be reused.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
