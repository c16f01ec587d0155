"""Human-readable logs on stderr, with every registered secret value redacted in every spelling
it takes in Python and JSON text (secret_forms.py).

Secrets are registered at startup (from the settings line) and whenever a request carries one
(a password typed into the setup wizard). Redaction covers the message, its arguments, exception
text and stack info, because the handler's filter rewrites the record before any formatting.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time

from meeting_backend.secret_forms import secret_forms

REDACTED = "[redacted]"


class SecretRegistry:
    """The set of strings that must never reach a log line."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._forms: set[str] = set()  # raw, JSON, repr, URL and \u spellings (secret_forms.py)
        self._pattern: re.Pattern[str] | None = None

    def register(self, *values: str | None) -> None:
        with self._lock:
            added = {v for v in values if v and v not in self._values}
            if not added:
                return
            self._values |= added
            self._forms |= {form for value in added for form in secret_forms(value)}
            # Longest first, one pass: a secret that contains another is hidden whole.
            ordered = sorted(self._forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(v) for v in ordered))

    def redact(self, text: str) -> str:
        pattern = self._pattern
        return pattern.sub(REDACTED, text) if pattern is not None else text


secrets = SecretRegistry()


class RedactingFilter(logging.Filter):
    def __init__(self, registry: SecretRegistry) -> None:
        super().__init__()
        self._registry = registry

    def filter(self, record: logging.LogRecord) -> bool:
        redact = self._registry.redact
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{base}.{int(record.msecs):03d}Z"


def configure_logging(level: int = logging.INFO) -> None:
    """Sends every log record (ours, uvicorn's, libraries') to stderr through the redactor."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter(secrets))
    handler.setFormatter(_UtcFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # Python's last-resort handler would bypass the redactor.
    logging.lastResort = None
