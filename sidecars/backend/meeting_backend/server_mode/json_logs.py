"""Server mode logs: one JSON object per line on stdout, for journald, Docker or a log shipper.

The same redacting filter as the sidecar's stderr logs runs first, so no registered secret
reaches a line, whatever the format.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

from meeting_backend.logs import configure_logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure_json_logging(level: str = "info") -> None:
    configure_logging(getattr(logging, level.upper(), logging.INFO))
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sys.stdout)
            handler.setFormatter(JsonFormatter())
