"""What Meeting Assistant 2 adds: edit versions, ordered minutes, number counters, visibility
rows, sign-in throttling, the stored export template, and the schema version table.

Every step checks first, so a run that stopped half-way (MySQL DDL is not transactional) can
simply be run again. Schema version 2.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA_VERSION = 2
COMPATIBLE_FROM = 2
OPTIONS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}
LEGACY_TABLES = ("meeting_users", "meeting_records", "meeting_conclusions", "meeting_action_items")
# A frozen copy of the rule in meetings/visibility.py as it was when this was written.
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def _inspector() -> sa.Inspector:
    return sa.inspect(op.get_bind())


def _columns(table: str) -> dict[str, object]:
    return {c["name"]: c["type"] for c in _inspector().get_columns(table)}


def _add_column(table: str, column: sa.Column[object]) -> None:
    if column.name not in _columns(table):
        op.add_column(table, column)


def _index(table: str, name: str, columns: list[str]) -> None:
    if name not in {ix["name"] for ix in _inspector().get_indexes(table)}:
        op.create_index(name, table, columns)


def _utf8mb4() -> None:
    """Existing tables created with the 3-byte `utf8` lose Chinese punctuation and emoji."""
    bind = op.get_bind()
    for table in LEGACY_TABLES:
        collation = bind.execute(
            sa.text(
                "SELECT TABLE_COLLATION FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"
            ),
            {"t": table},
        ).scalar()
        if collation and not str(collation).startswith("utf8mb4"):
            op.execute(
                f"ALTER TABLE `{table}` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )


def _new_tables() -> None:
    inspector = _inspector()
    if not inspector.has_table("meeting_schema"):
        op.create_table(
            "meeting_schema",
            sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("compatible_from", sa.Integer, nullable=False),
            sa.Column("updated_at", sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP")),
            **OPTIONS,
        )
    if not inspector.has_table("meeting_number_counters"):
        op.create_table(
            "meeting_number_counters",
            sa.Column("kind", sa.CHAR(1), primary_key=True),
            sa.Column("day", sa.Date, primary_key=True),
            sa.Column("last_value", sa.Integer, nullable=False),
            **OPTIONS,
        )
    if not inspector.has_table("meeting_access"):
        op.create_table(
            "meeting_access",
            sa.Column("email", sa.String(255), primary_key=True),
            sa.Column(
                "meeting_id",
                sa.Integer,
                sa.ForeignKey("meeting_records.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            **OPTIONS,
        )
    if not inspector.has_table("meeting_signin_failures"):
        op.create_table(
            "meeting_signin_failures",
            sa.Column("scope", sa.String(8), primary_key=True),
            sa.Column("subject", sa.CHAR(64), primary_key=True),
            sa.Column("window_start", mysql.DATETIME(fsp=6), nullable=False),
            sa.Column("failures", sa.Integer, nullable=False),
            **OPTIONS,
        )
    if not inspector.has_table("meeting_export_templates"):
        op.create_table(
            "meeting_export_templates",
            sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
            sa.Column("content", mysql.MEDIUMBLOB, nullable=False),
            sa.Column("sha256", sa.CHAR(64), nullable=False),
            sa.Column("size", sa.Integer, nullable=False),
            sa.Column("uploaded_by", sa.String(255)),
            sa.Column("uploaded_at", sa.DateTime),
            **OPTIONS,
        )


def _seed_counters() -> None:
    """Numbers already given out stay taken: each day's counter starts at its highest NN."""
    for kind, table, column in (
        ("M", "meeting_records", "meeting_number"),
        ("C", "meeting_conclusions", "code"),
        ("A", "meeting_action_items", "code"),
    ):
        op.execute(
            sa.text(
                "INSERT INTO meeting_number_counters (kind, day, last_value) "  # noqa: S608 (constant names)
                f"SELECT :kind, STR_TO_DATE(SUBSTRING({column}, 3, 8), '%Y%m%d'), "
                f"MAX(CAST(SUBSTRING({column}, 12) AS UNSIGNED)) FROM {table} "
                f"WHERE {column} REGEXP :pattern GROUP BY SUBSTRING({column}, 3, 8) "
                "ON DUPLICATE KEY UPDATE last_value = GREATEST(last_value, VALUES(last_value))"
            ).bindparams(kind=kind, pattern=f"^{kind}-[0-9]{{8}}-[0-9]+$")
        )


def _backfill_access() -> None:
    """Who may see each existing meeting: its creator, recorder and the e-mails in attendees."""
    bind = op.get_bind()
    last_id = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, created_by, recorder, attendees FROM meeting_records "
                "WHERE id > :last ORDER BY id LIMIT 1000"
            ),
            {"last": last_id},
        ).all()
        if not rows:
            return
        pairs = []
        for row in rows:
            text = " ".join(str(part) for part in row[1:] if part)
            for email in {m.lower() for m in EMAIL.findall(text)}:
                pairs.append({"email": email[:255], "meeting_id": row[0]})
        if pairs:
            bind.execute(
                sa.text(
                    "INSERT IGNORE INTO meeting_access (email, meeting_id) "
                    "VALUES (:email, :meeting_id)"
                ),
                pairs,
            )
        last_id = rows[-1][0]


def upgrade() -> None:
    _utf8mb4()
    transcript = _columns("meeting_records")["transcript"]
    if not isinstance(transcript, mysql.LONGTEXT | mysql.MEDIUMTEXT):
        # A TEXT column holds 64 KB; a three-hour transcript is several times that.
        op.alter_column("meeting_records", "transcript", type_=mysql.LONGTEXT())
    _add_column("meeting_users", sa.Column("last_login_at", sa.DateTime))
    _add_column(
        "meeting_records", sa.Column("version", sa.Integer, nullable=False, server_default="1")
    )
    _add_column("meeting_records", sa.Column("meeting_tz_offset", sa.SmallInteger))
    for table in ("meeting_conclusions", "meeting_action_items"):
        _add_column(table, sa.Column("position", sa.Integer, nullable=False, server_default="0"))
        _index(table, f"ix_{table}_meeting_position", ["meeting_id", "position"])
    _index("meeting_records", "ix_meeting_records_meeting_time", ["meeting_time"])
    _new_tables()
    _seed_counters()
    _backfill_access()
    op.execute(
        sa.text(
            "INSERT INTO meeting_schema (id, version, compatible_from) VALUES (1, :v, :c) "
            "ON DUPLICATE KEY UPDATE version = :v, compatible_from = :c, "
            "updated_at = CURRENT_TIMESTAMP"
        ).bindparams(v=SCHEMA_VERSION, c=COMPATIBLE_FROM)
    )
