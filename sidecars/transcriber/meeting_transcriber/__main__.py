"""Entry point: wires stdin, stdout and the worker. See README.md for the protocol."""

import logging
import os
import sys

from meeting_transcriber import __version__
from meeting_transcriber.protocol import Emitter
from meeting_transcriber.settings import InvalidSettings, parse_settings
from meeting_transcriber.worker import Worker

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
EXIT_GRACE_SECONDS = 1.2  # the parent expects us gone within 2 s of EOF


def main() -> None:
    # Keep stdout for events only: anything a library prints lands on stderr instead.
    events = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1, newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format=LOG_FORMAT)
    for noisy in ("httpx", "httpx2"):  # one INFO line per HTTP request otherwise
        logging.getLogger(noisy).setLevel(logging.WARNING)
    emitter = Emitter(events)
    stdin = sys.stdin
    line = stdin.readline()
    if not line:
        os._exit(0)
    try:
        settings = parse_settings(line)
    except InvalidSettings as exc:
        emitter.emit("fatal", code="invalid_settings", message=str(exc))
        os._exit(2)
    worker = Worker(settings, emitter)
    emitter.emit("ready", version=__version__)
    for request_line in stdin:
        worker.handle_line(request_line)
    logging.getLogger(__name__).info("stdin closed: stopping")
    worker.shutdown(EXIT_GRACE_SECONDS)
    events.flush()
    os._exit(0)  # daemon threads may sit in native code; do not wait for interpreter teardown


if __name__ == "__main__":
    main()
