"""Meetings: list, create, read, update, delete, and export to Excel. All need a sign-in token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from meeting_backend.api.deps import CurrentUserDep, SessionDep
from meeting_backend.errors import error_responses
from meeting_backend.export import service as export_service
from meeting_backend.export.filler import content_disposition
from meeting_backend.meetings import service
from meeting_backend.meetings.schemas import (
    MeetingCreate,
    MeetingPublic,
    MeetingsPage,
    MeetingUpdate,
)

router = APIRouter(prefix="/meetings", tags=["meetings"])

# Body limits for the hardening middleware (meeting_backend/limits.py): a meeting carries its
# transcript (about 2 MB for a three-hour meeting) and its minutes; other JSON routes get 64 KiB.
MEETING_BODY_LIMIT = 2 * 1024 * 1024 + 256 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("", responses=error_responses(401, 422, 503))
def list_meetings(
    user: CurrentUserDep,
    session: SessionDep,
    q: Annotated[
        str,
        Query(
            max_length=200,
            description="Subject, number, location, chairperson or attendees contain this",
        ),
    ] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> MeetingsPage:
    return service.list_meetings(session, user, q, page, page_size)


@router.post("", status_code=201, responses=error_responses(401, 422, 503))
def create_meeting(user: CurrentUserDep, session: SessionDep, body: MeetingCreate) -> MeetingPublic:
    return service.create_meeting(session, user, body)


@router.get("/{meeting_id}", responses=error_responses(401, 404, 503))
def get_meeting(user: CurrentUserDep, session: SessionDep, meeting_id: str) -> MeetingPublic:
    return service.get_meeting(session, user, meeting_id)


@router.put("/{meeting_id}", responses=error_responses(401, 403, 404, 409, 422, 503))
def update_meeting(
    user: CurrentUserDep, session: SessionDep, meeting_id: str, body: MeetingUpdate
) -> MeetingPublic:
    return service.update_meeting(session, user, meeting_id, body)


@router.delete("/{meeting_id}", status_code=204, responses=error_responses(401, 403, 404, 503))
def delete_meeting(user: CurrentUserDep, session: SessionDep, meeting_id: str) -> Response:
    service.delete_meeting(session, user, meeting_id)
    return Response(status_code=204)


@router.get(
    "/{meeting_id}/export",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}, **error_responses(401, 404, 503)},
)
def export_meeting(user: CurrentUserDep, session: SessionDep, meeting_id: str) -> Response:
    content, filename = export_service.export_meeting(session, user, meeting_id)
    return Response(
        content, media_type=XLSX, headers={"Content-Disposition": content_disposition(filename)}
    )
