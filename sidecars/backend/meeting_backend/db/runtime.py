"""One backend process's database: the engine and its schema gate, created once per app."""

from __future__ import annotations

from sqlalchemy import Engine

from meeting_backend.db.engine import create_db_engine
from meeting_backend.db.schema import SchemaGate, SchemaStatus
from meeting_backend.settings import DatabaseSettings


class Database:
    def __init__(
        self, settings: DatabaseSettings, pool_size: int = 5, max_overflow: int = 10
    ) -> None:
        self.settings = settings
        self.engine: Engine = create_db_engine(settings, pool_size, max_overflow)
        self.schema = SchemaGate(self.engine, settings.database)

    def ensure_schema(self) -> SchemaStatus:
        """Blocking: call it from a worker thread."""
        return self.schema.ensure()

    def dispose(self) -> None:
        self.engine.dispose()
