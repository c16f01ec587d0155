"""The sidecar's life: settings from stdin, bind, serve, stop. Returns the process exit code."""

from __future__ import annotations

import asyncio
import logging

from meeting_backend import __version__, protocol
from meeting_backend.lifecycle import (
    EXIT_BIND_FAILED,
    EXIT_INTERNAL_ERROR,
    EXIT_INVALID_SETTINGS,
    EXIT_OK,
    Lifecycle,
    read_settings_line,
)
from meeting_backend.listen_socket import BoundSocket, bind_listen_socket
from meeting_backend.logs import configure_logging
from meeting_backend.settings import BackendSettings, SettingsError, parse_settings_line

log = logging.getLogger("meeting_backend")


def run() -> int:
    protocol.claim_stdout()
    configure_logging()
    try:
        settings, _ = parse_settings_line(read_settings_line())
    except SettingsError as exc:
        log.error("%s", exc)
        protocol.fatal("invalid_settings", str(exc))
        return EXIT_INVALID_SETTINGS
    if settings.unknown_keys():
        log.warning("ignoring unknown settings keys: %s", ", ".join(settings.unknown_keys()))
    try:
        bound = bind_listen_socket(settings.bind_host, settings.port)
    except OSError as exc:
        message = f"cannot listen on {settings.bind_host}:{settings.port}: {exc.strerror or exc}"
        log.error("%s", message)
        protocol.fatal("bind_failed", message)
        return EXIT_BIND_FAILED
    try:
        return _serve(settings, bound)
    except Exception as exc:
        log.exception("backend crashed")
        protocol.fatal("internal_error", f"{exc.__class__.__name__}: {exc}")
        return EXIT_INTERNAL_ERROR


def _serve(settings: BackendSettings, bound: BoundSocket) -> int:
    # Imported late: invalid settings fail fast, without loading the web stack.
    import uvicorn

    from meeting_backend.app import create_app
    from meeting_backend.server import SidecarServer

    if bound.fallback:
        log.warning("port %d is in use; using free port %d", bound.requested_port, bound.port)
    config = uvicorn.Config(
        create_app(settings, bound.port),
        log_config=None,
        loop="asyncio",
        http="h11",
        ws="none",
        lifespan="on",
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=1,
    )

    def announce() -> None:
        protocol.emit(
            "listening",
            host=bound.host,
            port=bound.port,
            requestedPort=bound.requested_port,
            fallback=bound.fallback,
            mode=settings.mode,
            version=__version__,
        )

    lifecycle = Lifecycle()
    server = SidecarServer(config, on_loop=lifecycle.install_signal_handlers, on_started=announce)
    lifecycle.attach(server)
    lifecycle.watch_stdin()
    log.info("backend %s starting in %s mode", __version__, settings.mode)
    asyncio.run(server.serve(sockets=[bound.sock]))
    if not server.started:
        protocol.fatal("startup_failed", "the HTTP server did not start; see the log on stderr")
        return EXIT_INTERNAL_ERROR
    return EXIT_OK
