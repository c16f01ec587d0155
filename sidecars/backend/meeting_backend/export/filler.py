"""Fills a copy of the template with one meeting and returns the .xlsx bytes."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from urllib.parse import quote

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from meeting_backend.export import layout
from meeting_backend.meetings.schemas import ActionItemPublic, ConclusionPublic, MeetingPublic

# Characters an .xlsx cannot hold (openpyxl raises IllegalCharacterError on them).
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL = 32_767
WINDOWS_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _clean(text: str) -> str:
    text = ILLEGAL.sub("", text)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _put_text(cell: Cell | MergedCell, value: str | None) -> None:
    if isinstance(cell, MergedCell):
        raise AttributeError(f"{cell.coordinate} is inside a merged range")
    cell.value = _clean(value or "")
    # Text that starts with "=" must stay text: a subject is never a formula.
    cell.data_type = "s"


def _time_text(value: dt.datetime) -> str:
    offset = value.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{value:%Y-%m-%d %H:%M} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"


def _conclusions_text(conclusions: list[ConclusionPublic]) -> str:
    return "\n".join(f"{c.code or '-'}  {c.content}" for c in conclusions)


def _write_items(ws: Worksheet, items: list[ActionItemPublic]) -> None:
    style_row = {
        key: ws[f"{column}{layout.ACTION_FIRST_ROW}"]
        for key, column in layout.ACTION_COLUMNS.items()
    }
    for index, item in enumerate(items):
        row = layout.ACTION_FIRST_ROW + index
        for key, column in layout.ACTION_COLUMNS.items():
            cell = ws[f"{column}{row}"]
            if row != layout.ACTION_FIRST_ROW and not isinstance(cell, MergedCell):
                template = style_row[key]
                if template.has_style:
                    cell._style = copy.copy(template._style)
            if key == "due_date":
                if isinstance(cell, MergedCell):
                    raise AttributeError(f"{cell.coordinate} is inside a merged range")
                cell.value = item.due_date
                cell.number_format = "yyyy-mm-dd"
            else:
                _put_text(cell, getattr(item, key))


def fill_workbook(template: bytes, meeting: MeetingPublic) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    values = {
        "meeting_number": meeting.meeting_number,
        "meeting_time": _time_text(meeting.meeting_time),
        "subject": meeting.subject,
        "location": meeting.location,
        "chairperson": meeting.chairperson,
        "recorder": meeting.recorder,
        "attendees": meeting.attendees,
        "conclusions": _conclusions_text(meeting.conclusions),
    }
    for key, cell in layout.FIELD_CELLS.items():
        _put_text(ws[cell], values[key])
    _write_items(ws, meeting.action_items)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_filename(meeting: MeetingPublic) -> str:
    """`<meeting_number> <subject>.xlsx`, safe as a file name on Windows, macOS and Linux."""
    stem = WINDOWS_FORBIDDEN.sub("_", f"{meeting.meeting_number} {meeting.subject}")
    stem = stem.strip().rstrip(". ")[:150] or meeting.meeting_number
    return f"{stem}.xlsx"


def content_disposition(filename: str) -> str:
    # RFC 6266: an ASCII fallback for old clients, and the exact name as UTF-8 in filename*.
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\%' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def sample_meeting(now: dt.datetime) -> MeetingPublic:
    """A meeting with every field set, used to try out an uploaded template."""
    return MeetingPublic(
        id="00000000-0000-4000-8000-000000000000",
        meeting_number=f"M-{now:%Y%m%d}-01",
        subject="Template check",
        meeting_time=now,
        location="Room 1",
        chairperson="Chair",
        recorder="recorder@example.com",
        attendees="a@example.com, b@example.com",
        created_by="recorder@example.com",
        created_at=now,
        updated_at=now,
        version=1,
        transcript="",
        conclusions=[ConclusionPublic(id=1, code=f"C-{now:%Y%m%d}-01", content="Agreed")],
        action_items=[
            ActionItemPublic(id=i, code=f"A-{now:%Y%m%d}-{i:02d}", content="Do it", owner="Owner")
            for i in range(1, 4)
        ],
    )
