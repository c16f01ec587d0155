"""`meeting-backend serve`: the same app as a shared server, with several worker processes.

uvicorn's own supervisor runs the workers. It starts them with multiprocessing's "spawn", which
works the same on Windows and Linux, and in the PyInstaller bundle too: the bundle re-runs its
own executable for each worker, and __main__ hands such a start to multiprocessing at once
(freeze_support). The validated settings travel to each worker inside the pickled uvicorn
Config, over multiprocessing's pipe: never in argv, the environment or a file. The parent
migrates the database once, before any worker starts.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from meeting_backend import __version__
from meeting_backend.app import create_app
from meeting_backend.db.runtime import Database
from meeting_backend.listen_socket import bind_exact
from meeting_backend.logs import secrets as secret_registry
from meeting_backend.server_mode.config import ServerConfig
from meeting_backend.server_mode.json_logs import configure_json_logging
from meeting_backend.settings import BackendSettings

log = logging.getLogger("meeting_backend.server")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BIND_FAILED = 3
EXIT_SCHEMA_TOO_NEW = 4

# Set in each worker by ServerModeConfig.load(), read by worker_app().
_worker_config: ServerConfig | None = None


def register_secrets(settings: BackendSettings) -> None:
    db = settings.database
    secret_registry.register(
        db.password.get_secret_value() if db is not None else None,
        settings.external_apis.dify_api_key.get_secret_value(),
        settings.external_apis.dify_stt_api_key.get_secret_value(),
        settings.auth.jwt_secret.get_secret_value(),
        settings.launch_token.get_secret_value(),
    )


class ServerModeConfig(uvicorn.Config):
    def __init__(self, server_config: ServerConfig, **kwargs: Any) -> None:
        self.server_config = server_config  # before super(): its __init__ configures logging
        super().__init__(app=f"{__name__}:worker_app", factory=True, **kwargs)

    def configure_logging(self) -> None:
        # Runs in the parent and again in every worker process, which starts with nothing.
        super().configure_logging()
        configure_json_logging(self.server_config.options.log_level)
        register_secrets(self.server_config.settings)

    def load(self) -> None:
        global _worker_config
        _worker_config = self.server_config
        super().load()


def worker_app() -> FastAPI:
    assert _worker_config is not None, "worker_app() is only for ServerModeConfig"
    options = _worker_config.options
    return create_app(_worker_config.settings, options.port, server=options)


def _migrate_once(config: ServerConfig) -> int | None:
    """Migrates before the workers start; an exit code when the server must not run."""
    assert config.settings.database is not None
    database = Database(config.settings.database, pool_size=1, max_overflow=0)
    try:
        status = database.ensure_schema()
    finally:
        database.dispose()
    if status.state == "too_new":
        log.error("%s", status.message())
        return EXIT_SCHEMA_TOO_NEW
    if status.state != "ready":
        # Still serve: health says what is wrong, and the workers try again by themselves.
        log.warning("%s", status.message())
    return None


def serve(config: ServerConfig, config_path: Path) -> int:
    options = config.options
    uvicorn_config = ServerModeConfig(
        config,
        workers=options.workers,
        log_config=None,
        log_level=options.log_level,
        loop="asyncio",
        http="h11",
        ws="none",
        lifespan="on",
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips=list(options.forwarded_allow_ips),
        timeout_graceful_shutdown=10,
    )
    log.info(
        "Meeting Assistant backend %s, server mode: %s, %d worker(s)",
        __version__,
        config_path,
        options.workers,
    )
    refused = _migrate_once(config)
    if refused is not None:
        return refused
    try:
        sock = bind_exact(options.host, options.port)
    except OSError as exc:
        log.error("cannot listen on %s:%d: %s", options.host, options.port, exc.strerror or exc)
        return EXIT_BIND_FAILED
    log.info("listening on %s:%d", options.host, options.port)
    if options.workers > 1:
        supervisor = Multiprocess(uvicorn_config, sockets=[sock])
        supervisor.run()
        failed = any(p.exitcode == STARTUP_FAILURE for p in supervisor.processes)
        return EXIT_FAILED if failed else EXIT_OK
    server = uvicorn.Server(uvicorn_config)
    server.run(sockets=[sock])
    return EXIT_OK if server.started else EXIT_FAILED
