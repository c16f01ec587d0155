"""GET /api/meetings/{id}/export: the meeting and the current template, then the workbook."""

from __future__ import annotations

from sqlalchemy.orm import Session

from meeting_backend.auth.users import CurrentUser
from meeting_backend.errors import not_found
from meeting_backend.export import store
from meeting_backend.export.filler import export_filename, fill_workbook
from meeting_backend.meetings import repository


def export_meeting(session: Session, user: CurrentUser, meeting_id: str) -> tuple[bytes, str]:
    """The .xlsx bytes and their file name."""
    with session.begin():
        conn = session.connection()
        row = repository.find_row(conn, meeting_id, user)
        if row is None:
            raise not_found()
        meeting = repository.load_detail(conn, row)
        template = store.current_template(conn)
    # Filled outside the transaction: a large meeting takes a while and needs no database.
    return fill_workbook(template, meeting), export_filename(meeting)
