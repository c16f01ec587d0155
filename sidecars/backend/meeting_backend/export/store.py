"""The export template every backend uses: the one an administrator stored, or the default.

It lives in the database so that all backends (every desktop, every server instance) use the
same one. Each export asks only for its hash; the bytes are read again when it changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects.mysql import insert

from meeting_backend.db import tables
from meeting_backend.export.template import default_template

T = tables.export_templates
_lock = threading.Lock()
_cached: tuple[str, bytes] | None = None


@dataclass(frozen=True)
class TemplateInfo:
    custom: bool
    sha256: str
    size: int
    uploaded_by: str | None
    uploaded_at: dt.datetime | None


def current_template(conn: Connection) -> bytes:
    global _cached
    sha = conn.execute(select(T.c.sha256).where(T.c.id == 1)).scalar()
    if sha is None:
        return default_template()
    with _lock:
        if _cached is not None and _cached[0] == sha:
            return _cached[1]
    content = conn.execute(select(T.c.content).where(T.c.id == 1)).scalar()
    if content is None:  # replaced or removed in between: the next export sees the change
        return default_template()
    with _lock:
        _cached = (hashlib.sha256(content).hexdigest(), bytes(content))
        return _cached[1]


def template_info(conn: Connection) -> TemplateInfo:
    row = conn.execute(
        select(T.c.sha256, T.c.size, T.c.uploaded_by, T.c.uploaded_at).where(T.c.id == 1)
    ).first()
    if row is None:
        data = default_template()
        return TemplateInfo(False, hashlib.sha256(data).hexdigest(), len(data), None, None)
    uploaded_at = row.uploaded_at.replace(tzinfo=dt.UTC) if row.uploaded_at else None
    return TemplateInfo(True, row.sha256, row.size, row.uploaded_by, uploaded_at)


def save_template(conn: Connection, data: bytes, uploaded_by: str) -> None:
    values = {
        "content": data,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "uploaded_by": uploaded_by,
        "uploaded_at": func.utc_timestamp(),
    }
    statement = insert(T).values(id=1, **values)
    conn.execute(statement.on_duplicate_key_update(**values))


def remove_template(conn: Connection) -> None:
    conn.execute(delete(T).where(T.c.id == 1))
