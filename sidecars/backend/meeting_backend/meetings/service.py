"""What the meetings routes (and the summarizer) do, each in one transaction.

Every function takes the request's Session and the signed-in user, and raises ApiError for
not_found (also for meetings the user may not see), forbidden, edit_conflict and field errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, delete
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from meeting_backend.auth.users import CurrentUser
from meeting_backend.db import tables
from meeting_backend.db.errors import mysql_errno
from meeting_backend.errors import ApiError, forbidden, not_found, validation_failed
from meeting_backend.meetings import numbering
from meeting_backend.meetings import repository as repo
from meeting_backend.meetings.schemas import (
    MeetingCreate,
    MeetingPublic,
    MeetingsPage,
    MeetingUpdate,
    MinutesCreate,
)
from meeting_backend.meetings.visibility import access_emails, can_delete, can_edit, replace_access

log = logging.getLogger("meeting_backend.meetings")

T = TypeVar("T")
ATTEMPTS = 3
DEADLOCK, DUPLICATE_KEY = 1213, 1062


def _in_transaction(
    session: Session,
    work: Callable[[Connection], T],
    on_duplicate: Callable[[Connection], None] | None = None,
) -> T:
    """Runs `work` in one transaction, again if it lost a deadlock or hit a taken number."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with session.begin():
                return work(session.connection())
        except sa_exc.DBAPIError as exc:
            errno = mysql_errno(exc)
            retry = errno == DEADLOCK or (errno == DUPLICATE_KEY and on_duplicate is not None)
            if attempt == ATTEMPTS or not retry:
                raise
            log.info("retrying a meeting write after MySQL error %s", errno)
            if errno == DUPLICATE_KEY and on_duplicate is not None:
                with session.begin():
                    on_duplicate(session.connection())
    raise AssertionError("unreachable")


def list_meetings(
    session: Session, user: CurrentUser, q: str, page: int, page_size: int
) -> MeetingsPage:
    with session.begin():
        total, rows = repo.list_rows(session.connection(), user, q.strip(), page, page_size)
    return MeetingsPage(
        items=[repo.to_summary(r) for r in rows], total=total, page=page, page_size=page_size
    )


def get_meeting(session: Session, user: CurrentUser, meeting_id: str) -> MeetingPublic:
    with session.begin():
        conn = session.connection()
        row = repo.find_row(conn, meeting_id, user)
        if row is None:
            raise not_found()
        return repo.load_detail(conn, row)


def create_meeting(session: Session, user: CurrentUser, body: MeetingCreate) -> MeetingPublic:
    meeting_time, offset = repo.to_storage(body.meeting_time)
    day = body.meeting_time.date()
    recorder = body.recorder or user.email

    def work(conn: Connection) -> MeetingPublic:
        number = numbering.allocate(conn, "M", day)[0]
        meeting_id = repo.insert_record(
            conn,
            {
                "meeting_number": number,
                "subject": body.subject,
                "meeting_time": meeting_time,
                "meeting_tz_offset": offset,
                "location": repo.blank_to_none(body.location),
                "chairperson": repo.blank_to_none(body.chairperson),
                "recorder": recorder,
                "attendees": repo.blank_to_none(body.attendees),
                "transcript": body.transcript,
                "created_by": user.email,
            },
        )
        replace_access(conn, meeting_id, access_emails(user.email, recorder, body.attendees))
        return repo.load_detail(conn, repo.reload(conn, meeting_id))

    # A number already taken was written by someone who does not use the counter (an older
    # server still running): move the counter past it and try again.
    def resync(conn: Connection) -> None:
        numbering.resync_meeting_counter(conn, day)

    return _in_transaction(session, work, on_duplicate=resync)


def _editable_row(conn: Connection, user: CurrentUser, meeting_id: str) -> Any:
    row = repo.find_row(conn, meeting_id, user, for_update=True)
    if row is None:
        raise not_found()
    if not can_edit(user, row.created_by, row.recorder):
        raise forbidden(
            "Only the meeting's creator, its recorder or an administrator may change it."
        )
    return row


def _unknown_ids(name: str, ids: list[int | None], known: set[int]) -> list[dict[str, str]]:
    problems, seen = [], set()
    for index, item_id in enumerate(ids):
        if item_id is not None and (item_id not in known or item_id in seen):
            problems.append(
                {
                    "field": f"{name}[{index}].id",
                    "message": "is not an item of this meeting (or appears twice); "
                    "omit the id for a new item",
                }
            )
        seen.add(item_id)
    return problems


def _check_item_ids(conn: Connection, meeting_id: int, body: MeetingUpdate) -> None:
    known_c, known_a = repo.existing_item_ids(conn, meeting_id)
    problems = _unknown_ids("conclusions", [c.id for c in body.conclusions], known_c)
    problems += _unknown_ids("action_items", [a.id for a in body.action_items], known_a)
    if problems:
        raise validation_failed(problems)


def update_meeting(
    session: Session, user: CurrentUser, meeting_id: str, body: MeetingUpdate
) -> MeetingPublic:
    meeting_time, offset = repo.to_storage(body.meeting_time)

    def work(conn: Connection) -> MeetingPublic:
        row = _editable_row(conn, user, meeting_id)
        if row.version != body.version:
            raise ApiError(
                409,
                "edit_conflict",
                f"Someone saved this meeting after you opened it (version {row.version}, yours "
                f"was {body.version}). Compare your changes with theirs, then save again.",
                current=repo.load_detail(conn, row).model_dump(mode="json"),
            )
        _check_item_ids(conn, row.id, body)
        repo.bump_version(
            conn,
            row.id,
            {
                "subject": body.subject,
                "meeting_time": meeting_time,
                "meeting_tz_offset": offset,
                "location": repo.blank_to_none(body.location),
                "chairperson": repo.blank_to_none(body.chairperson),
                "recorder": repo.blank_to_none(body.recorder),
                "attendees": repo.blank_to_none(body.attendees),
                "transcript": body.transcript,
            },
        )
        day = repo.local_day(row)
        repo.sync_minutes(conn, row.id, day, body.conclusions, body.action_items)
        replace_access(conn, row.id, access_emails(row.created_by, body.recorder, body.attendees))
        return repo.load_detail(conn, repo.reload(conn, row.id))

    return _in_transaction(session, work)


def delete_meeting(session: Session, user: CurrentUser, meeting_id: str) -> None:
    with session.begin():
        conn = session.connection()
        row = repo.find_row(conn, meeting_id, user, for_update=True)
        if row is None:
            raise not_found()
        if not can_delete(user, row.created_by):
            raise forbidden("Only the meeting's creator or an administrator may delete it.")
        conn.execute(delete(tables.records).where(tables.records.c.id == row.id))


def check_editable(session: Session, user: CurrentUser, meeting_id: str) -> None:
    """Raises not_found or forbidden now, before slow work (a summary) whose result goes there."""
    with session.begin():
        _editable_row(session.connection(), user, meeting_id)


def save_minutes(
    session: Session,
    user: CurrentUser,
    meeting_id: str,
    minutes: MinutesCreate,
    *,
    replace: bool,
) -> MeetingPublic:
    """Stores conclusions and action items (with new codes) for a meeting, in one transaction.

    With `replace`, the meeting's existing minutes are removed first; otherwise the new ones are
    added after them. The meeting's version goes up, so an editor holding an older copy gets
    an edit conflict instead of silently overwriting these minutes.
    """

    def work(conn: Connection) -> MeetingPublic:
        row = _editable_row(conn, user, meeting_id)
        if replace:
            repo.delete_minutes(conn, row.id)
        start = repo.next_position(conn, row.id)
        repo.insert_minutes(
            conn,
            row.id,
            repo.local_day(row),
            [(start + i, x) for i, x in enumerate(minutes.conclusions)],
            [(start + i, x) for i, x in enumerate(minutes.action_items)],
        )
        repo.bump_version(conn, row.id)
        return repo.load_detail(conn, repo.reload(conn, row.id))

    return _in_transaction(session, work)
