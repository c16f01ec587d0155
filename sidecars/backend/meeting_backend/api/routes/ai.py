"""Dify: POST /api/ai/summarize (minutes from a transcript) and POST /api/ai/transcribe-chunk
(speech-to-text for one audio chunk). Both need a sign-in token; docs/dify.md has the details."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from typing import Any, TypeVar

import anyio
from anyio import to_thread
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from meeting_backend.api.deps import CurrentUserDep, SettingsDep, get_database, require_schema
from meeting_backend.auth.users import CurrentUser
from meeting_backend.db.errors import is_unavailable
from meeting_backend.db.runtime import Database
from meeting_backend.dify import errors as dify_errors
from meeting_backend.dify.client import DifyClient
from meeting_backend.dify.schemas import (
    SummarizePublic,
    SummarizeRequest,
    SummaryPublic,
    TranscriptionPublic,
)
from meeting_backend.dify.speech import stt_disabled, transcribe
from meeting_backend.dify.summarize import Progress, summarize
from meeting_backend.dify.upload import spooled_audio
from meeting_backend.errors import ApiError, database_unavailable, error_responses
from meeting_backend.meetings import service as meetings
from meeting_backend.meetings.schemas import (
    ActionItemBase,
    ConclusionBase,
    MeetingPublic,
    MinutesCreate,
)
from meeting_backend.settings import BackendSettings

log = logging.getLogger("meeting_backend.ai")
router = APIRouter(prefix="/ai", tags=["ai"])
T = TypeVar("T")

# Body limit for meeting_backend/limits.py: a transcript as large as a meeting's. (The audio
# chunk's is AUDIO_CHUNK_BODY_LIMIT there; the route itself refuses a chunk over 15 MB first.)
SUMMARIZE_BODY_LIMIT = 2 * 1024 * 1024 + 256 * 1024
CLIENT_CLOSED_REQUEST = 499

SSE_DOC = (
    "With `Accept: text/event-stream`: `progress` events `{characters, part, parts}`, then one "
    "`result` event with the JSON body, or one `error` event `{code, message}`."
)
AUDIO_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


def _summary_client(settings: BackendSettings) -> DifyClient:
    apis = settings.external_apis
    dify_errors.check_url(apis.dify_api_url)
    if not apis.dify_api_key.get_secret_value():
        raise dify_errors.not_configured("difyApiKey", "The Dify summary app")
    return DifyClient(
        apis.dify_api_url, apis.dify_api_key.get_secret_value(), apis.dify_timeout_seconds
    )


def _minutes(summary: SummaryPublic) -> MinutesCreate:
    return MinutesCreate(
        conclusions=[ConclusionBase(content=c) for c in summary.conclusions],
        action_items=[
            ActionItemBase(content=a.content, owner=a.owner, due_date=a.due_date)
            for a in summary.action_items
        ],
    )


def _check_editable(database: Database, user: CurrentUser, meeting_id: str) -> None:
    require_schema(database)
    with Session(database.engine) as session:
        meetings.check_editable(session, user, meeting_id)


def _save(
    database: Database, user: CurrentUser, body: SummarizeRequest, summary: SummaryPublic
) -> MeetingPublic:
    assert body.meeting_id is not None
    require_schema(database)
    with Session(database.engine) as session:
        return meetings.save_minutes(
            session, user, body.meeting_id, _minutes(summary), replace=body.replace
        )


async def _summary(
    client: DifyClient,
    body: SummarizeRequest,
    user: CurrentUser,
    settings: BackendSettings,
    database: Database | None,
) -> AsyncGenerator[Progress | SummarizePublic, None]:
    """Progress while Dify writes, then the result (saved into the meeting when asked)."""
    summary: SummaryPublic | None = None
    async with client:
        events = summarize(
            client, body.transcript, user.email, settings.external_apis.dify_summary_part_chars
        )
        async with aclosing(events):
            async for event in events:
                if isinstance(event, Progress):
                    yield event
                else:
                    summary = event
    assert summary is not None
    meeting = None
    if database is not None:
        meeting = await to_thread.run_sync(_save, database, user, body, summary)
    yield SummarizePublic(**summary.model_dump(), meeting=meeting)


async def _result(events: AsyncGenerator[Progress | SummarizePublic, None]) -> SummarizePublic:
    async with aclosing(events):
        async for event in events:
            if isinstance(event, SummarizePublic):
                return event
    raise AssertionError("a summary ends with its result")


def _frame(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _error_body(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, ApiError):
        return {"code": exc.code, "message": exc.message, **exc.extra}
    if isinstance(exc, sa_exc.SQLAlchemyError) and is_unavailable(exc):
        error = database_unavailable()
        return {"code": error.code, "message": error.message}
    log.error("summary failed", exc_info=exc)
    return {"code": "internal_error", "message": "The server could not complete the request."}


async def _event_stream(
    events: AsyncGenerator[Progress | SummarizePublic, None],
) -> AsyncGenerator[bytes, None]:
    """The summary as server-sent events. When the client disconnects, Starlette stops reading
    this; closing it closes the Dify run, which stops the Dify task. No task group here: this
    generator may be closed from another task."""
    try:
        async with aclosing(events):
            async for event in events:
                if isinstance(event, Progress):
                    data = {"characters": event.characters, "part": event.part}
                    yield _frame("progress", {**data, "parts": event.parts})
                else:
                    yield _frame("result", event.model_dump(mode="json"))
    except Exception as exc:
        yield _frame("error", _error_body(exc))


async def _unless_disconnected(request: Request, work: Callable[[], Awaitable[T]]) -> T | None:
    """Runs `work`, or cancels it (None) when the client goes away first."""
    result: list[T] = []
    failure: list[Exception] = []

    async with anyio.create_task_group() as group:

        async def run() -> None:
            # Raised outside the task group, which would wrap it in an ExceptionGroup.
            try:
                result.append(await work())
            except Exception as exc:
                failure.append(exc)
            group.cancel_scope.cancel()

        async def watch() -> None:
            while (await request.receive())["type"] != "http.disconnect":
                pass
            log.info("the client went away; stopping its summary")
            group.cancel_scope.cancel()

        group.start_soon(run)
        group.start_soon(watch)
    if failure:
        raise failure[0]
    return result[0] if result else None


@router.post(
    "/summarize",
    response_model=SummarizePublic,
    description="Minutes (conclusions, action items) of a transcript, by the Dify app. " + SSE_DOC,
    responses={
        200: {"content": {"text/event-stream": {}}},
        **error_responses(401, 403, 404, 422, 429, 502, 503, 504),
    },
)
async def summarize_route(
    request: Request, body: SummarizeRequest, user: CurrentUserDep, settings: SettingsDep
) -> Response:
    database = None
    if body.meeting_id is not None:
        database = get_database(request)
        await to_thread.run_sync(_check_editable, database, user, body.meeting_id)
    client = _summary_client(settings)

    def events() -> AsyncGenerator[Progress | SummarizePublic, None]:
        return _summary(client, body, user, settings, database)

    if "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            _event_stream(events()),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    result = await _unless_disconnected(request, lambda: _result(events()))
    if result is None:
        return Response(status_code=CLIENT_CLOSED_REQUEST)
    return JSONResponse(result.model_dump(mode="json"))


@router.post(
    "/transcribe-chunk",
    openapi_extra=AUDIO_BODY,
    responses=error_responses(401, 413, 415, 422, 429, 502, 503, 504),
)
async def transcribe_chunk(
    request: Request, user: CurrentUserDep, settings: SettingsDep
) -> TranscriptionPublic:
    """The text of one audio chunk (multipart `file`, up to 15 MB), by Dify's speech-to-text."""
    apis = settings.external_apis
    dify_errors.check_url(apis.dify_api_url)
    if not apis.dify_stt_api_key.get_secret_value():
        raise stt_disabled(" (No speech-to-text key is set: externalApis.difySttApiKey.)")
    async with spooled_audio(request) as audio:
        client = DifyClient(
            apis.dify_api_url, apis.dify_stt_api_key.get_secret_value(), apis.dify_timeout_seconds
        )
        async with client:
            text = await transcribe(client, audio, user.email)
    return TranscriptionPublic(text=text)
