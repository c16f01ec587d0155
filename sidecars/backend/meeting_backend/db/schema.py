"""Bringing the database to this app's schema version, safely from many backends at once.

The version lives in the `meeting_schema` table (0 = empty database, 1 = the tables of existing
deployments without that table). Migrating takes a MySQL named lock, so when many backends start
together against an empty database one migrates and the others, once they get the lock, find
nothing left to do. A newer schema is used when it says it is still compatible with this version.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, select

from meeting_backend.db import tables
from meeting_backend.db.errors import is_permission_denied, is_unavailable
from meeting_backend.db.named_lock import LockTimeout, lock_name, named_lock

log = logging.getLogger("meeting_backend.schema")

SCHEMA_VERSION = 2
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The administrator's `migrate` waits long for a busy lock; a starting backend only briefly (it
# must say `listening` within the desktop's 30 s), and tries again later.
LOCK_WAIT_S = 120
GATE_LOCK_WAIT_S = 5
RETRY_AFTER_S = 2.0

State = Literal["ready", "behind", "outdated", "too_new", "migrating", "unavailable"]


@dataclass(frozen=True)
class SchemaStatus:
    state: State
    current: int
    required: int = SCHEMA_VERSION
    migrated: bool = False
    detail: str = ""

    def message(self, user: str = "") -> str:
        if self.state == "outdated":
            account = f"'{user}'" if user else "the app's database account"
            return (
                f"The database has schema version {self.current}, and this app needs version "
                f"{self.required}, but {account} may not change tables. Ask the database "
                "administrator to run `meeting-backend migrate` with an account that may (see "
                "the administrator's guide); the app then starts working without a restart."
            )
        if self.state == "too_new":
            return (
                f"The database was upgraded by a newer Meeting Assistant (schema version "
                f"{self.current}); this app knows version {self.required} and cannot use it. "
                "Update Meeting Assistant to the latest version."
            )
        if self.state == "migrating":
            return (
                "Another Meeting Assistant is updating the database right now; this app "
                "continues as soon as it has finished."
            )
        if self.state == "unavailable":
            return f"The database could not be reached to check its schema ({self.detail})."
        return f"The database schema is at version {self.current}."


def read_version(conn: Connection) -> tuple[int, int]:
    """(version, compatible_from) of the schema the database has now."""
    inspector = inspect(conn)
    if inspector.has_table(tables.schema_info.name):
        row = conn.execute(
            select(tables.schema_info.c.version, tables.schema_info.c.compatible_from).where(
                tables.schema_info.c.id == 1
            )
        ).first()
        if row is not None:
            return int(row[0]), int(row[1])
    if inspector.has_table(tables.records.name):
        return 1, 1
    return 0, 0


def classify(version: int, compatible_from: int) -> SchemaStatus:
    if version == SCHEMA_VERSION:
        return SchemaStatus("ready", version)
    if version > SCHEMA_VERSION:
        state: State = "ready" if compatible_from <= SCHEMA_VERSION else "too_new"
        return SchemaStatus(state, version)
    return SchemaStatus("behind", version)


def alembic_config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["connection"] = conn
    return cfg


def ensure_schema(
    engine: Engine, database: str, migrate: bool = True, lock_wait_s: int = LOCK_WAIT_S
) -> SchemaStatus:
    """Checks the schema and, when it is behind and `migrate` is set, migrates it.

    Raises database errors other than missing rights (the caller decides what they mean).
    """
    with engine.connect() as conn:
        status = classify(*read_version(conn))
        if status.state != "behind" or not migrate:
            return status
        with named_lock(conn, lock_name("schema", database), lock_wait_s):
            # Whoever held the lock before us may have done the work already.
            status = classify(*read_version(conn))
            if status.state != "behind":
                log.info("schema version %d: already migrated by another backend", status.current)
                return status
            log.info(
                "migrating the database from schema version %d to %d",
                status.current,
                SCHEMA_VERSION,
            )
            try:
                command.upgrade(alembic_config(conn), "head")
                conn.commit()
            except Exception as exc:
                conn.rollback()
                if is_permission_denied(exc):
                    log.warning(
                        "the database account may not migrate the schema: %s",
                        exc.__class__.__name__,
                    )
                    return SchemaStatus("outdated", status.current, detail=str(exc))
                raise
            after = classify(*read_version(conn))
            return SchemaStatus(after.state, after.current, migrated=True)


class SchemaGate:
    """This backend's view of the schema: checked at start, re-checked while it isn't usable.

    Once ready it stays ready; until then each caller may trigger a new attempt, at most one
    every RETRY_AFTER_S, so a database that comes back (or an administrator who runs the
    migration) is noticed without a restart.
    """

    def __init__(self, engine: Engine, database: str, migrate: bool = True) -> None:
        self._engine = engine
        self._database = database
        self._migrate = migrate
        self._lock = threading.Lock()
        self._status: SchemaStatus | None = None
        self._checked_at = 0.0

    @property
    def status(self) -> SchemaStatus | None:
        return self._status

    def refresh_in_background(self) -> None:
        """Starts one more check without waiting for it (health must answer at once)."""
        if self._lock.locked() or (self._status is not None and self._status.state == "ready"):
            return
        threading.Thread(target=self.ensure, name="schema-check", daemon=True).start()

    def ensure(self) -> SchemaStatus:
        status = self._status
        if status is not None and status.state == "ready":
            return status
        with self._lock:
            status = self._status
            if status is not None and (
                status.state == "ready" or time.monotonic() - self._checked_at < RETRY_AFTER_S
            ):
                return status
            try:
                status = ensure_schema(
                    self._engine, self._database, self._migrate, GATE_LOCK_WAIT_S
                )
            except LockTimeout as exc:
                status = SchemaStatus("migrating", 0, detail=str(exc))
            except Exception as exc:
                if not is_unavailable(exc):
                    log.exception("checking the database schema failed")
                status = SchemaStatus("unavailable", 0, detail=exc.__class__.__name__)
            if status.state == "behind":  # not allowed to migrate here (server workers)
                status = SchemaStatus("outdated", status.current)
            if status.state != (self._status.state if self._status else None):
                log.info("database schema: %s (version %d)", status.state, status.current)
            self._status = status
            self._checked_at = time.monotonic()
            return status
