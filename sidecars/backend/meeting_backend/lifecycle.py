"""How the sidecar stops: EOF on stdin (the parent is gone, even after SIGKILL), or a signal.

Either way uvicorn shuts down gracefully; a watchdog makes sure the process is gone within 2 s.
On Windows the parent cannot send SIGTERM: EOF on stdin is the stop signal there, and
Ctrl+Break (SIGBREAK) or Ctrl+C from a console are handled like SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

from meeting_backend import protocol

if TYPE_CHECKING:
    from meeting_backend.server import SidecarServer

log = logging.getLogger("meeting_backend.lifecycle")

EXIT_OK = 0
EXIT_INTERNAL_ERROR = 1
EXIT_INVALID_SETTINGS = 2
EXIT_BIND_FAILED = 3
# Leaves a margin under the 2 s the protocol promises.
HARD_EXIT_AFTER_S = 1.6
MAX_SETTINGS_LINE = 1_000_000


def read_settings_line() -> bytes:
    """The first line on stdin; b"" when stdin closes before a line arrives."""
    return sys.stdin.buffer.readline(MAX_SETTINGS_LINE)


class Lifecycle:
    def __init__(self) -> None:
        self._server: SidecarServer | None = None
        self._stop_reason: str | None = None
        self._lock = threading.Lock()

    def attach(self, server: SidecarServer) -> None:
        self._server = server

    def request_stop(self, reason: str) -> None:
        with self._lock:
            if self._stop_reason is not None:
                return
            self._stop_reason = reason
        log.info("stopping: %s", reason)
        protocol.emit("stopping", reason=reason)
        if self._server is not None:
            self._server.should_exit = True
        watchdog = threading.Timer(HARD_EXIT_AFTER_S, self._hard_exit)
        watchdog.daemon = True
        watchdog.start()

    @staticmethod
    def _hard_exit() -> None:
        log.warning("graceful shutdown took too long; exiting now")
        logging.shutdown()
        os._exit(EXIT_OK)

    def watch_stdin(self) -> None:
        """Starts a thread that reads stdin until EOF and then stops the server."""

        def run() -> None:
            fd = sys.stdin.fileno()
            try:
                while os.read(fd, 65536):
                    pass  # nothing else is expected after the settings line
            except OSError as exc:
                log.info("stdin read failed (%s); treating it as EOF", exc)
            self.request_stop("stdin_closed")

        threading.Thread(target=run, name="stdin-watcher", daemon=True).start()

    def install_signal_handlers(self, loop: asyncio.AbstractEventLoop) -> None:
        """Stops on SIGTERM/SIGINT/SIGHUP (and SIGBREAK on Windows), run inside the event loop.

        The handler itself does no I/O and takes no lock: a signal can arrive while the main
        thread holds the lock of the event stream.
        """
        names = ["SIGTERM", "SIGINT", "SIGHUP"]
        if sys.platform == "win32":
            names.append("SIGBREAK")  # Ctrl+Break in a console; Windows has no SIGTERM sender
        for name in names:
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            reason = name.lower()
            try:
                loop.add_signal_handler(sig, self.request_stop, reason)
            except (NotImplementedError, RuntimeError):  # Windows event loops

                def handler(_signum: int, _frame: FrameType | None, reason: str = reason) -> None:
                    loop.call_soon_threadsafe(self.request_stop, reason)

                signal.signal(sig, handler)
