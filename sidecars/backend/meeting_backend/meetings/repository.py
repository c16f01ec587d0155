"""SQL for meetings (SQLAlchemy Core): rows in, schemas out. Transactions are the caller's."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_lib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, delete, func, insert, or_, select, update

from meeting_backend.auth.users import CurrentUser
from meeting_backend.db import tables
from meeting_backend.meetings import numbering
from meeting_backend.meetings.schemas import (
    ActionItemBase,
    ActionItemPublic,
    ActionItemUpdate,
    ConclusionBase,
    ConclusionPublic,
    ConclusionUpdate,
    MeetingPublic,
    MeetingSummaryPublic,
)
from meeting_backend.meetings.visibility import visible_to

# A meeting_records row with SUMMARY_COLUMNS (SQLAlchemy 2.1 types rows column by column).
MeetingRow = Any
R = tables.records
SUMMARY_COLUMNS = (
    R.c.id,
    R.c.uuid,
    R.c.meeting_number,
    R.c.subject,
    R.c.meeting_time,
    R.c.meeting_tz_offset,
    R.c.location,
    R.c.chairperson,
    R.c.recorder,
    R.c.attendees,
    R.c.created_by,
    R.c.created_at,
    R.c.updated_at,
    R.c.version,
)
SEARCHED = (R.c.subject, R.c.meeting_number, R.c.location, R.c.chairperson, R.c.attendees)


# --- time: stored as UTC, shown in the offset the organiser used ---------------------------


def to_storage(value: dt.datetime) -> tuple[dt.datetime, int]:
    offset = value.utcoffset() or dt.timedelta()
    utc = value.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    return utc, int(offset.total_seconds() // 60)


def from_storage(value: dt.datetime, offset_minutes: int | None) -> dt.datetime:
    # Rows written before offsets were kept have none; they are read as UTC.
    zone = dt.timezone(dt.timedelta(minutes=offset_minutes or 0))
    return value.replace(tzinfo=dt.UTC).astimezone(zone)


def utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None else None


def local_day(row: MeetingRow) -> dt.date:
    return from_storage(row.meeting_time, row.meeting_tz_offset).date()


def blank_to_none(value: str | None) -> str | None:
    return value if value else None


# --- reading ---------------------------------------------------------------------------------


def to_summary(row: MeetingRow) -> MeetingSummaryPublic:
    return MeetingSummaryPublic(
        id=row.uuid,
        meeting_number=row.meeting_number,
        subject=row.subject,
        meeting_time=from_storage(row.meeting_time, row.meeting_tz_offset),
        location=row.location,
        chairperson=row.chairperson,
        recorder=row.recorder,
        attendees=row.attendees,
        created_by=row.created_by,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
        version=row.version,
    )


def select_summary() -> Select[Any]:
    return select(*SUMMARY_COLUMNS)


def reload(conn: Connection, meeting_id: int) -> MeetingRow:
    return conn.execute(select_summary().where(R.c.id == meeting_id)).one()


def find_row(
    conn: Connection, meeting_uuid: str, user: CurrentUser, for_update: bool = False
) -> MeetingRow | None:
    """The meeting if it exists and `user` may see it; None otherwise (the same answer)."""
    try:
        key = str(uuid_lib.UUID(meeting_uuid))
    except ValueError:
        return None
    query = select(*SUMMARY_COLUMNS).where(R.c.uuid == key)
    visible = visible_to(user)
    if visible is not None:
        query = query.where(visible)
    if for_update:
        query = query.with_for_update()
    return conn.execute(query).first()


def load_detail(conn: Connection, row: MeetingRow) -> MeetingPublic:
    transcript = conn.execute(select(R.c.transcript).where(R.c.id == row.id)).scalar()
    c, a = tables.conclusions, tables.action_items
    conclusions = conn.execute(
        select(c.c.id, c.c.code, c.c.content)
        .where(c.c.meeting_id == row.id)
        .order_by(c.c.position, c.c.id)
    ).all()
    items = conn.execute(
        select(a.c.id, a.c.code, a.c.content, a.c.owner, a.c.due_date, a.c.status)
        .where(a.c.meeting_id == row.id)
        .order_by(a.c.position, a.c.id)
    ).all()
    return MeetingPublic(
        **to_summary(row).model_dump(),
        transcript=transcript,
        conclusions=[
            ConclusionPublic(id=r.id, code=r.code, content=r.content) for r in conclusions
        ],
        action_items=[
            ActionItemPublic(
                id=r.id,
                code=r.code,
                content=r.content,
                owner=r.owner,
                due_date=r.due_date,
                status=r.status
                if r.status in ("Open", "In Progress", "Done", "Delayed")
                else "Open",
            )
            for r in items
        ],
    )


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_rows(
    conn: Connection, user: CurrentUser, q: str, page: int, page_size: int
) -> tuple[int, Sequence[MeetingRow]]:
    conditions = []
    visible = visible_to(user)
    if visible is not None:
        conditions.append(visible)
    if q:
        pattern = _like(q)
        conditions.append(or_(*(column.like(pattern, escape="\\") for column in SEARCHED)))
    total = conn.execute(select(func.count()).select_from(R).where(*conditions)).scalar_one()
    rows = conn.execute(
        select(*SUMMARY_COLUMNS)
        .where(*conditions)
        .order_by(R.c.meeting_time.desc(), R.c.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return int(total), rows


# --- writing ---------------------------------------------------------------------------------


def insert_record(conn: Connection, values: dict[str, Any]) -> int:
    now = func.utc_timestamp()
    result = conn.execute(
        insert(R).values(
            uuid=str(uuid_lib.uuid4()), created_at=now, updated_at=now, version=1, **values
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def bump_version(conn: Connection, meeting_id: int, values: dict[str, Any] | None = None) -> None:
    conn.execute(
        update(R)
        .where(R.c.id == meeting_id)
        .values(version=R.c.version + 1, updated_at=func.utc_timestamp(), **(values or {}))
    )


def insert_minutes(
    conn: Connection,
    meeting_id: int,
    day: dt.date,
    conclusions: Sequence[tuple[int, ConclusionBase]],
    action_items: Sequence[tuple[int, ActionItemBase]],
) -> None:
    """Inserts new conclusions and action items at the given positions, with new codes."""
    if conclusions:
        codes = numbering.allocate(conn, "C", day, len(conclusions))
        conn.execute(
            insert(tables.conclusions),
            [
                {"meeting_id": meeting_id, "code": code, "content": x.content, "position": pos}
                for code, (pos, x) in zip(codes, conclusions, strict=True)
            ],
        )
    if action_items:
        codes = numbering.allocate(conn, "A", day, len(action_items))
        conn.execute(
            insert(tables.action_items),
            [
                {
                    "meeting_id": meeting_id,
                    "code": code,
                    "content": x.content,
                    "owner": blank_to_none(x.owner),
                    "due_date": x.due_date,
                    "status": x.status,
                    "position": pos,
                }
                for code, (pos, x) in zip(codes, action_items, strict=True)
            ],
        )


def next_position(conn: Connection, meeting_id: int) -> int:
    top = [
        conn.execute(select(func.max(t.c.position)).where(t.c.meeting_id == meeting_id)).scalar()
        for t in (tables.conclusions, tables.action_items)
    ]
    return max((int(v) for v in top if v is not None), default=-1) + 1


def delete_minutes(conn: Connection, meeting_id: int) -> None:
    for table in (tables.conclusions, tables.action_items):
        conn.execute(delete(table).where(table.c.meeting_id == meeting_id))


def existing_item_ids(conn: Connection, meeting_id: int) -> tuple[set[int], set[int]]:
    c, a = tables.conclusions, tables.action_items
    return (
        set(conn.execute(select(c.c.id).where(c.c.meeting_id == meeting_id)).scalars()),
        set(conn.execute(select(a.c.id).where(a.c.meeting_id == meeting_id)).scalars()),
    )


def sync_minutes(
    conn: Connection,
    meeting_id: int,
    day: dt.date,
    conclusions: Sequence[ConclusionUpdate],
    action_items: Sequence[ActionItemUpdate],
) -> None:
    """Makes the stored minutes exactly the given lists, in their order; new items get codes.

    Ids must have been checked against the meeting's own items first.
    """
    c, a = tables.conclusions, tables.action_items
    keep_c = {x.id for x in conclusions if x.id is not None}
    keep_a = {x.id for x in action_items if x.id is not None}
    conn.execute(delete(c).where(c.c.meeting_id == meeting_id, c.c.id.not_in(keep_c or {-1})))
    conn.execute(delete(a).where(a.c.meeting_id == meeting_id, a.c.id.not_in(keep_a or {-1})))
    for position, item in enumerate(conclusions):
        if item.id is not None:
            conn.execute(
                update(c).where(c.c.id == item.id).values(content=item.content, position=position)
            )
    for position, action in enumerate(action_items):
        if action.id is not None:
            conn.execute(
                update(a)
                .where(a.c.id == action.id)
                .values(
                    content=action.content,
                    owner=blank_to_none(action.owner),
                    due_date=action.due_date,
                    status=action.status,
                    position=position,
                )
            )
    insert_minutes(
        conn,
        meeting_id,
        day,
        [(i, x) for i, x in enumerate(conclusions) if x.id is None],
        [(i, x) for i, x in enumerate(action_items) if x.id is None],
    )
