"""The database probe behind GET /api/health in normal mode.

A fresh short-timeout sign-in, shared by concurrent callers and reused for one second, so a
polling supervisor cannot pile up connections on the database server.
"""

from __future__ import annotations

import asyncio
import time

from meeting_backend.services.db_check import DbCheckResult, DbTarget, check_database
from meeting_backend.settings import DatabaseSettings

HEALTH_TIMEOUT_S = 2.0
REUSE_S = 1.0


class DatabaseHealth:
    def __init__(self, database: DatabaseSettings | None) -> None:
        self._target = (
            DbTarget(
                host=database.host.strip(),
                port=database.port,
                user=database.user,
                password=database.password.get_secret_value(),
                database=database.database,
            )
            if database is not None and database.configured
            else None
        )
        self._lock = asyncio.Lock()
        self._last: tuple[float, DbCheckResult] | None = None

    @property
    def configured(self) -> bool:
        return self._target is not None

    async def check(self) -> DbCheckResult | None:
        if self._target is None:
            return None
        async with self._lock:
            if self._last is not None and time.monotonic() - self._last[0] < REUSE_S:
                return self._last[1]
            result = await asyncio.to_thread(check_database, self._target, HEALTH_TIMEOUT_S)
            self._last = (time.monotonic(), result)
            return result
