"""The SQLAlchemy engine for normal mode: PyMySQL, utf8mb4, UTC, a pool that heals itself.

`pool_pre_ping` tests a pooled connection before each use, so after the database restarts the
next request reconnects instead of failing on a dead socket.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine

from meeting_backend.db.connect import connect_kwargs
from meeting_backend.settings import DatabaseSettings

CONNECT_TIMEOUT_S = 5.0
# Long enough for an export of a large meeting; a dropped server is noticed by the OS sooner.
QUERY_TIMEOUT_S = 30


def _base_connect_kwargs(db: DatabaseSettings, timeout_s: float) -> dict[str, Any]:
    return connect_kwargs(
        host=db.host,
        port=db.port,
        user=db.user,
        password=db.password.get_secret_value(),
        database=db.database,
        ssl_mode=db.ssl,
        ssl_ca=db.ssl_ca,
        connect_timeout=timeout_s,
    )


def pymysql_connect_args(
    db: DatabaseSettings,
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
    query_timeout_s: float = QUERY_TIMEOUT_S,
) -> dict[str, Any]:
    """Every keyword the engine passes to `pymysql.connect`."""
    return {
        **_base_connect_kwargs(db, connect_timeout_s),
        "charset": "utf8mb4",
        "read_timeout": query_timeout_s,
        "write_timeout": query_timeout_s,
        # Stored times are UTC; the session time zone makes NOW() and defaults agree with that.
        "init_command": "SET time_zone = '+00:00'",
    }


def create_db_engine(
    db: DatabaseSettings,
    pool_size: int = 5,
    max_overflow: int = 10,
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
    query_timeout_s: float = QUERY_TIMEOUT_S,
) -> Engine:
    return create_engine(
        "mysql+pymysql://",
        connect_args=pymysql_connect_args(db, connect_timeout_s, query_timeout_s),
        pool_pre_ping=True,
        pool_recycle=3600,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=10,
        # Fewer gap locks than REPEATABLE READ: concurrent creates don't deadlock on inserts.
        isolation_level="READ COMMITTED",
        # The URL carries no credentials, but keep parameters out of error text as well.
        hide_parameters=True,
    )
