"""The four tables of existing Meeting Assistant deployments, created where they are missing.

An existing database already has them (and no alembic_version table): this revision then does
nothing, and the next one adds what version 2 needs. Schema version 1.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

OPTIONS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    now = sa.text("CURRENT_TIMESTAMP")
    if _missing("meeting_users"):
        op.create_table(
            "meeting_users",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("email", sa.String(255), nullable=False, unique=True),
            sa.Column("display_name", sa.String(255)),
            sa.Column("role", sa.String(16), nullable=False, server_default="user"),
            sa.Column("created_at", sa.DateTime, server_default=now),
            sa.Column("updated_at", sa.DateTime, server_default=now),
            **OPTIONS,
        )
    if _missing("meeting_records"):
        op.create_table(
            "meeting_records",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("uuid", sa.CHAR(36), nullable=False, unique=True),
            sa.Column("meeting_number", sa.String(32), nullable=False, unique=True),
            sa.Column("subject", sa.String(255), nullable=False),
            sa.Column("meeting_time", sa.DateTime, nullable=False),
            sa.Column("location", sa.String(255)),
            sa.Column("chairperson", sa.String(255)),
            sa.Column("recorder", sa.String(255)),
            sa.Column("attendees", sa.Text),
            sa.Column("transcript", sa.Text().with_variant(mysql.LONGTEXT(), "mysql")),
            sa.Column("created_by", sa.String(255)),
            sa.Column("created_at", sa.DateTime, server_default=now),
            sa.Column("updated_at", sa.DateTime, server_default=now),
            **OPTIONS,
        )
    extras: tuple[tuple[str, list[sa.Column[Any]]], ...] = (
        ("meeting_conclusions", []),
        (
            "meeting_action_items",
            [
                sa.Column("owner", sa.String(255)),
                sa.Column("due_date", sa.Date),
                sa.Column("status", sa.String(20), nullable=False, server_default="Open"),
            ],
        ),
    )
    for name, extra in extras:
        if _missing(name):
            op.create_table(
                name,
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column(
                    "meeting_id",
                    sa.Integer,
                    sa.ForeignKey("meeting_records.id", ondelete="CASCADE"),
                    nullable=False,
                ),
                sa.Column("code", sa.String(32)),
                sa.Column("content", sa.Text, nullable=False),
                *extra,
                **OPTIONS,
            )
