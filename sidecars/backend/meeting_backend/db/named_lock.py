"""A MySQL named lock (GET_LOCK) held by one connection: server-wide, released on disconnect.

Named locks are not transactional, so the DDL statements of a migration (which commit
implicitly) keep it held; a backend that crashes mid-migration releases it by disconnecting.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator

from sqlalchemy import Connection, text

MAX_NAME = 64  # MySQL 5.7+ refuses longer lock names


class LockTimeout(Exception):
    """Another connection held the lock for longer than the wait allowed."""


def lock_name(purpose: str, database: str) -> str:
    # Lock names are server-wide: the database name keeps two databases on one server apart.
    name = f"meeting_assistant.{purpose}.{database}"
    if len(name) <= MAX_NAME:
        return name
    return f"meeting_assistant.{purpose}.{hashlib.sha256(database.encode()).hexdigest()[:32]}"


@contextlib.contextmanager
def named_lock(conn: Connection, name: str, wait_s: int) -> Iterator[None]:
    got = conn.execute(text("SELECT GET_LOCK(:name, :wait)"), {"name": name, "wait": wait_s})
    if got.scalar() != 1:
        raise LockTimeout(f"waited {wait_s} s for the lock '{name}'")
    try:
        yield
    finally:
        conn.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": name})
