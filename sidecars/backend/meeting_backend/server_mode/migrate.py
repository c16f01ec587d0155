"""`meeting-backend migrate`: an administrator brings the database to this version's schema.

For deployments whose app account may not change tables: run it once per upgrade with an
account that may. The password is read from stdin or a prompt, never from the command line.
"""

from __future__ import annotations

import logging

from pydantic import SecretStr

from meeting_backend.db.engine import CONNECT_TIMEOUT_S, create_db_engine
from meeting_backend.db.named_lock import LockTimeout
from meeting_backend.db.schema import SchemaStatus, ensure_schema
from meeting_backend.services.db_check import DbTarget, classify_failure
from meeting_backend.settings import DatabaseSettings

log = logging.getLogger("meeting_backend.migrate")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_SCHEMA_TOO_NEW = 4


def _explain(exc: Exception, db: DatabaseSettings) -> str:
    if isinstance(exc, LockTimeout):
        return f"another backend kept the migration lock too long ({exc})"
    target = DbTarget.from_settings(db)
    failure = classify_failure(exc, target, "query", True, CONNECT_TIMEOUT_S)
    return f"{failure.message} {failure.hint}"


def run_migration(db: DatabaseSettings) -> int:
    engine = create_db_engine(db, pool_size=1, max_overflow=0)
    where = f"database '{db.database}' on {db.host}:{db.port} as '{db.user}'"
    try:
        status: SchemaStatus = ensure_schema(engine, db.database)
    except Exception as exc:
        log.error("%s: %s", where, _explain(exc, db))
        return EXIT_FAILED
    finally:
        engine.dispose()
    if status.state == "ready":
        done = "migrated to" if status.migrated else "already at"
        log.info("%s: %s schema version %d", where, done, status.current)
        return EXIT_OK
    if status.state == "too_new":
        log.error("%s: %s", where, status.message())
        return EXIT_SCHEMA_TOO_NEW
    log.error(
        "%s: this account may not change tables either (%s). Use an account with CREATE, "
        "ALTER, INDEX, DROP and REFERENCES rights on the database.",
        where,
        status.detail,
    )
    return EXIT_FAILED


def with_user(db: DatabaseSettings, user: str | None, password: str | None) -> DatabaseSettings:
    changes: dict[str, object] = {}
    if user:
        changes["user"] = user
    if password is not None:
        changes["password"] = SecretStr(password)
    return db.model_copy(update=changes)
