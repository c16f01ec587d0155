"""The database probe behind GET /api/health in normal mode.

Health is polled (by the supervisor, by load balancers), so it must not sign in to the database
on every call: the probe keeps one connection of its own and runs `SELECT 1` on it, and its
answer is shared by concurrent callers and reused for CACHE_S seconds. Only when that fails does
it make a fresh, short sign-in, to say why in the words of the setup check.

Health answers anyone, so the detailed failure (it names hosts and accounts) goes to the log and
to callers that prove who they are; everybody else gets `public_failure`.
"""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from meeting_backend.db.engine import create_db_engine
from meeting_backend.services.db_check import DbCheckOk, DbCheckResult, DbTarget, check_database
from meeting_backend.services.results import CheckFailure
from meeting_backend.settings import DatabaseSettings

log = logging.getLogger("meeting_backend.health")

HEALTH_TIMEOUT_S = 2.0
CACHE_S = 2.0

# What health tells a caller it does not know: the kind of problem, never a host or a user name.
_PUBLIC_MESSAGES = {
    "dns_failed": "The database server's name could not be found.",
    "connection_refused": "The database server refused the connection.",
    "timeout": "The database server did not answer in time.",
    "access_denied": "The database refused this backend's sign-in.",
    "database_access_denied": (
        "The backend signed in, but has no rights on its database, or that database does not exist."
    ),
    "unknown_database": "The database this backend is set up for does not exist.",
    "not_mysql": "Something other than a MySQL or MariaDB server answers at the database address.",
    "tls_error": "The encrypted (TLS) connection to the database failed.",
    "cleartext_password_refused": (
        "The database server asked for the password in clear text over an unencrypted "
        "connection, and the backend refused to send it."
    ),
}
_PUBLIC_HINT = "The backend's log has the details; ask the administrator."


def public_failure(failure: CheckFailure) -> dict[str, str]:
    """The failure for an unauthenticated caller: its code and a sentence without names."""
    message = _PUBLIC_MESSAGES.get(failure.code, "The backend cannot use its database.")
    return {"code": failure.code, "message": f"{message} {_PUBLIC_HINT}"}


class DatabaseHealth:
    def __init__(self, database: DatabaseSettings | None) -> None:
        self._settings = database if database is not None and database.configured else None
        self._target = DbTarget.from_settings(self._settings) if self._settings else None
        self._engine: Engine | None = None
        self._lock = asyncio.Lock()
        self._last: tuple[float, DbCheckResult] | None = None

    @property
    def configured(self) -> bool:
        return self._target is not None

    async def check(self) -> DbCheckResult | None:
        if self._target is None:
            return None
        async with self._lock:
            if self._last is not None and time.monotonic() - self._last[0] < CACHE_S:
                return self._last[1]
            result = await asyncio.to_thread(self._probe)
            self._report_change(result)
            self._last = (time.monotonic(), result)
            return result

    def _probe(self) -> DbCheckResult:
        assert self._settings is not None and self._target is not None
        if self._engine is None:
            # One connection, short timeouts: a probe never waits on the app's busy pool.
            self._engine = create_db_engine(
                self._settings,
                pool_size=1,
                max_overflow=0,
                connect_timeout_s=HEALTH_TIMEOUT_S,
                query_timeout_s=HEALTH_TIMEOUT_S,
            )
        started = time.monotonic()
        try:
            with self._engine.connect() as conn:
                version = conn.exec_driver_sql("SELECT VERSION()").scalar()
        except SQLAlchemyError:
            # A fresh sign-in says why, with the setup check's codes (and its time limit).
            return check_database(self._target, HEALTH_TIMEOUT_S)
        return DbCheckOk(str(version), round((time.monotonic() - started) * 1000))

    def _report_change(self, result: DbCheckResult) -> None:
        before = self._last[1] if self._last is not None else None
        if isinstance(result, CheckFailure):
            if not isinstance(before, CheckFailure) or before.message != result.message:
                log.warning("database health: %s: %s", result.code, result.message)
        elif isinstance(before, CheckFailure):
            log.info("database health: ok again")

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
