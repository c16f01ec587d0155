"""The signed-in user, roles, and the `meeting_users` row kept for each person who signs in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, func
from sqlalchemy.dialects.mysql import insert

from meeting_backend.db import tables

Role = Literal["admin", "user"]


@dataclass(frozen=True)
class CurrentUser:
    email: str
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def role_for(email: str, admin_email: str) -> Role:
    # Decided from the settings on every request, so changing the administrator takes effect at
    # once, even for tokens issued before.
    admin = admin_email.strip().lower()
    return "admin" if admin and email.strip().lower() == admin else "user"


def upsert_user(conn: Connection, email: str, name: str, role: Role) -> None:
    now = func.utc_timestamp()
    statement = insert(tables.users).values(
        email=email, display_name=name, role=role, created_at=now, updated_at=now, last_login_at=now
    )
    conn.execute(
        statement.on_duplicate_key_update(
            display_name=statement.inserted.display_name,
            role=statement.inserted.role,
            updated_at=now,
            last_login_at=now,
        )
    )
