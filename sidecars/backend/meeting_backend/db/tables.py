"""The tables as the current schema version has them (SQLAlchemy Core).

The first four are the tables existing deployments already have; their names and columns are
kept, and columns are only ever added by migrations (see db/migrations/versions/). Queries use
these objects; migrations never import them, because a migration must stay as it was written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    CHAR,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.mysql import DATETIME, LONGTEXT, MEDIUMBLOB

metadata = MetaData()

TABLE_OPTIONS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}

users = Table(
    "meeting_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(255), nullable=False, unique=True),
    Column("display_name", String(255)),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime),
    Column("updated_at", DateTime),
    Column("last_login_at", DateTime),
    **TABLE_OPTIONS,
)

records = Table(
    "meeting_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uuid", CHAR(36), nullable=False, unique=True),
    Column("meeting_number", String(32), nullable=False, unique=True),
    Column("subject", String(255), nullable=False),
    Column("meeting_time", DateTime, nullable=False),  # UTC
    Column("meeting_tz_offset", SmallInteger),  # minutes east of UTC, as the client gave it
    Column("location", String(255)),
    Column("chairperson", String(255)),
    Column("recorder", String(255)),
    Column("attendees", Text),
    Column("transcript", LONGTEXT),
    Column("created_by", String(255)),
    Column("created_at", DateTime),
    Column("updated_at", DateTime),
    Column("version", Integer, nullable=False),
    **TABLE_OPTIONS,
)

conclusions = Table(
    "meeting_conclusions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", Integer, ForeignKey("meeting_records.id", ondelete="CASCADE")),
    Column("code", String(32)),
    Column("content", Text, nullable=False),
    Column("position", Integer, nullable=False),
    **TABLE_OPTIONS,
)

action_items = Table(
    "meeting_action_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", Integer, ForeignKey("meeting_records.id", ondelete="CASCADE")),
    Column("code", String(32)),
    Column("content", Text, nullable=False),
    Column("owner", String(255)),
    Column("due_date", Date),
    Column("status", String(20), nullable=False),
    Column("position", Integer, nullable=False),
    **TABLE_OPTIONS,
)

# --- added by Meeting Assistant 2 (schema version 2) -------------------------------------

schema_info = Table(
    "meeting_schema",
    metadata,
    Column("id", SmallInteger, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("compatible_from", Integer, nullable=False),
    Column("updated_at", DateTime),
    **TABLE_OPTIONS,
)

number_counters = Table(
    "meeting_number_counters",
    metadata,
    Column("kind", CHAR(1), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last_value", Integer, nullable=False),
    **TABLE_OPTIONS,
)

access = Table(
    "meeting_access",
    metadata,
    Column("email", String(255), primary_key=True),
    Column(
        "meeting_id",
        Integer,
        ForeignKey("meeting_records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    **TABLE_OPTIONS,
)

signin_failures = Table(
    "meeting_signin_failures",
    metadata,
    Column("scope", String(8), primary_key=True),
    Column("subject", CHAR(64), primary_key=True),
    Column("window_start", DATETIME(fsp=6), nullable=False),
    Column("failures", Integer, nullable=False),
    **TABLE_OPTIONS,
)

export_templates = Table(
    "meeting_export_templates",
    metadata,
    Column("id", SmallInteger, primary_key=True),
    Column("content", LargeBinary().with_variant(MEDIUMBLOB, "mysql"), nullable=False),
    Column("sha256", CHAR(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("uploaded_by", String(255)),
    Column("uploaded_at", DateTime),
    **TABLE_OPTIONS,
)
