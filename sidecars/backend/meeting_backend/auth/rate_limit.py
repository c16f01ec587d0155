"""Failed sign-in limits per username and per client address, kept in the database.

In the database, not in memory, because several backends (workers, instances behind a load
balancer) must share one count; otherwise each would allow its own full quota. Subjects are
stored as SHA-256 hashes: a password typed into the username field never lands in a table.
The database clock is used throughout, so backends whose clocks differ still agree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, text

WINDOW_S = 15 * 60
USER_LIMIT = 5
ADDRESS_LIMIT = 20


@dataclass(frozen=True)
class Blocked:
    scope: str  # "user" or "address"
    retry_after_s: int


def _subject(scope: str, value: str) -> str:
    return hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()


def _keys(username: str, address: str) -> list[tuple[str, str, int]]:
    return [
        ("user", _subject("user", username.strip().lower()), USER_LIMIT),
        ("address", _subject("address", address), ADDRESS_LIMIT),
    ]


def blocked(conn: Connection, username: str, address: str) -> Blocked | None:
    """Whether sign-ins are refused now for this username or address, and for how long."""
    for scope, subject, limit in _keys(username, address):
        remaining = conn.execute(
            text(
                "SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), "
                "window_start + INTERVAL :window SECOND) FROM meeting_signin_failures "
                "WHERE scope = :scope AND subject = :subject AND failures >= :limit"
            ),
            {"scope": scope, "subject": subject, "limit": limit, "window": WINDOW_S},
        ).scalar()
        if remaining is not None and int(remaining) >= 0:
            return Blocked(scope, int(remaining) + 1)
    return None


def record_failure(conn: Connection, username: str, address: str) -> None:
    # The assignments run left to right: `failures` still sees the old window_start.
    for scope, subject, _limit in _keys(username, address):
        conn.execute(
            text(
                "INSERT INTO meeting_signin_failures (scope, subject, window_start, failures) "
                "VALUES (:scope, :subject, UTC_TIMESTAMP(6), 1) ON DUPLICATE KEY UPDATE "
                "failures = IF(window_start < UTC_TIMESTAMP(6) - INTERVAL :window SECOND, "
                "1, failures + 1), "
                "window_start = IF(window_start < UTC_TIMESTAMP(6) - INTERVAL :window SECOND, "
                "UTC_TIMESTAMP(6), window_start)"
            ),
            {"scope": scope, "subject": subject, "window": WINDOW_S},
        )
    conn.execute(
        text(
            "DELETE FROM meeting_signin_failures "
            "WHERE window_start < UTC_TIMESTAMP(6) - INTERVAL 1 DAY LIMIT 500"
        )
    )


def clear_user(conn: Connection, username: str) -> None:
    conn.execute(
        text("DELETE FROM meeting_signin_failures WHERE scope = 'user' AND subject = :subject"),
        {"subject": _subject("user", username.strip().lower())},
    )
