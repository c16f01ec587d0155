"""Where the exporter writes, the layout existing deployments use (docs/server-deployment.md).

A replacement template may look however it likes, as long as these cells are free to be
written: fixed cells for the meeting's fields, and one row per action item from row 10 down,
each row styled like row 10 of the template.
"""

from __future__ import annotations

FIELD_CELLS = {
    "meeting_number": "B3",
    "meeting_time": "E3",
    "subject": "B4",
    "location": "B5",
    "chairperson": "E5",
    "recorder": "B6",
    "attendees": "E6",
    "conclusions": "B7",
}
LABELS = {
    "A1": "Meeting Minutes",
    "A3": "Meeting No.",
    "D3": "Date & time",
    "A4": "Subject",
    "A5": "Location",
    "D5": "Chairperson",
    "A6": "Recorder",
    "D6": "Attendees",
    "A7": "Conclusions",
}
ACTION_HEADER_ROW = 9
ACTION_FIRST_ROW = 10
ACTION_COLUMNS = {"code": "A", "content": "B", "owner": "C", "due_date": "D", "status": "E"}
ACTION_HEADERS = {
    "code": "Code",
    "content": "Action item",
    "owner": "Owner",
    "due_date": "Due date",
    "status": "Status",
}
