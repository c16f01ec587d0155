"""Who may see, edit and delete a meeting.

An admin sees everything. A user sees the meetings they created, record, or attend (their
e-mail appears in `attendees`). Those e-mails are extracted when a meeting is saved and kept in
`meeting_access`, so listing is an indexed lookup, and "al@x.com" never matches "hal@x.com".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Connection, delete, insert, select

from meeting_backend.auth.users import CurrentUser
from meeting_backend.db import tables

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def emails_in(*texts: str | None) -> set[str]:
    return {m.lower()[:255] for text in texts if text for m in EMAIL.findall(text)}


def access_emails(created_by: str | None, recorder: str | None, attendees: str | None) -> set[str]:
    return emails_in(created_by, recorder, attendees)


def visible_to(user: CurrentUser) -> ColumnElement[bool] | None:
    """A WHERE clause on meeting_records for what `user` may see (None: everything)."""
    if user.is_admin:
        return None
    clause: ColumnElement[bool] = tables.records.c.id.in_(
        select(tables.access.c.meeting_id).where(tables.access.c.email == user.email)
    )
    return clause


def replace_access(conn: Connection, meeting_id: int, emails: Iterable[str]) -> None:
    conn.execute(delete(tables.access).where(tables.access.c.meeting_id == meeting_id))
    rows = [{"email": email, "meeting_id": meeting_id} for email in sorted(set(emails))]
    if rows:
        conn.execute(insert(tables.access), rows)


def _same(email: str, value: str | None) -> bool:
    return bool(value) and email.lower() in emails_in(value)


def can_edit(user: CurrentUser, created_by: str | None, recorder: str | None) -> bool:
    """Admins, the creator and the recorder edit; attendees only read."""
    return user.is_admin or _same(user.email, created_by) or _same(user.email, recorder)


def can_delete(user: CurrentUser, created_by: str | None) -> bool:
    return user.is_admin or _same(user.email, created_by)
