"""Meeting numbers `M-YYYYMMDD-NN`, conclusion codes `C-…` and action item codes `A-…`.

NN counts within the day (the meeting's own date, as its organiser gave it) and grows past two
digits when needed. Each (kind, day) has a counter row; taking numbers increments it with one
INSERT … ON DUPLICATE KEY UPDATE, which locks that row until the transaction ends, so
concurrent creates wait for each other instead of picking the same number.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import Connection, text

Kind = Literal["M", "C", "A"]


def format_number(kind: Kind, day: dt.date, n: int) -> str:
    return f"{kind}-{day:%Y%m%d}-{n:02d}"


def allocate(conn: Connection, kind: Kind, day: dt.date, count: int = 1) -> list[str]:
    """Takes `count` consecutive numbers inside the caller's transaction."""
    if count <= 0:
        return []
    params = {"kind": kind, "day": day, "n": count}
    conn.execute(
        text(
            "INSERT INTO meeting_number_counters (kind, day, last_value) VALUES (:kind, :day, :n) "
            "ON DUPLICATE KEY UPDATE last_value = last_value + :n"
        ),
        params,
    )
    last = conn.execute(
        text("SELECT last_value FROM meeting_number_counters WHERE kind = :kind AND day = :day"),
        params,
    ).scalar_one()
    return [format_number(kind, day, n) for n in range(int(last) - count + 1, int(last) + 1)]


def resync_meeting_counter(conn: Connection, day: dt.date) -> None:
    """Moves the day's meeting counter past numbers someone else wrote (an older server)."""
    conn.execute(
        text(
            "UPDATE meeting_number_counters SET last_value = GREATEST(last_value, COALESCE(("
            "SELECT MAX(CAST(SUBSTRING(meeting_number, 12) AS UNSIGNED)) FROM meeting_records "
            "WHERE meeting_number LIKE :prefix), 0)) WHERE kind = 'M' AND day = :day"
        ),
        {"prefix": f"M-{day:%Y%m%d}-%", "day": day},
    )
