"""The sidecar's stdout: JSON lines, each an object with an `event` field, and nothing else.

At startup the real stdout is kept for events only and file descriptor 1 is pointed at stderr,
so a stray print() in any library can never corrupt the event stream.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import IO, Any

from meeting_backend.logs import secrets

_lock = threading.Lock()
_stream: IO[str] | None = None


def claim_stdout() -> None:
    """Reserves the original stdout for events and sends everything else written there to stderr."""
    global _stream
    sys.stdout.flush()
    event_fd = os.dup(1)
    os.dup2(2, 1)
    _stream = os.fdopen(event_fd, "w", encoding="utf-8", newline="\n", buffering=1)
    sys.stdout = sys.stderr


def emit(event: str, **fields: Any) -> bool:
    """Writes one event line. Returns False when the reader is gone (the parent died)."""
    payload = {"event": event, **fields}
    line = secrets.redact(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    stream = _stream if _stream is not None else sys.stdout
    with _lock:
        try:
            stream.write(line + "\n")
            stream.flush()
        except (BrokenPipeError, OSError, ValueError):
            return False
    return True


def fatal(code: str, message: str) -> None:
    emit("fatal", code=code, message=message)
