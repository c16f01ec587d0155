"""Builds the FastAPI application for one backend process (the port is known by then)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.middleware.trustedhost import TrustedHostMiddleware

from meeting_backend import __version__
from meeting_backend.api.main import build_api_router
from meeting_backend.db.runtime import Database
from meeting_backend.errors import install_error_handlers
from meeting_backend.limits import BodyLimitMiddleware
from meeting_backend.security import (
    LAUNCH_TOKEN_HEADER,
    HostAllowlistMiddleware,
    LaunchTokenMiddleware,
    allowed_hosts,
)
from meeting_backend.server_mode.options import ServerOptions
from meeting_backend.services.db_health import DatabaseHealth
from meeting_backend.settings import BackendSettings

log = logging.getLogger("meeting_backend")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    database: Database | None = app.state.database
    settings: BackendSettings = app.state.settings
    if database is not None and 0 < len(settings.auth.jwt_secret.get_secret_value()) < 32:
        log.warning(
            "auth.jwtSecret is shorter than 32 characters; use a long random secret "
            "(HS256 wants at least 32 bytes)"
        )
    if database is not None:
        # Normal mode migrates before serving; a database that is down now is retried later.
        status = await to_thread.run_sync(database.ensure_schema)
        log.info("database schema %s (version %d)", status.state, status.current)
    yield
    app.state.db_health.dispose()
    if database is not None:
        database.dispose()


def _operation_id(route: APIRoute) -> str:
    # The function's name (test_database, list_meetings): short, stable names in the OpenAPI
    # document and in main's generated schemas (zTestDatabaseResponse).
    return route.name


def create_app(
    settings: BackendSettings, port: int, server: ServerOptions | None = None
) -> FastAPI:
    """The embedded sidecar's app, or with `server` the shared server's (no setup routes, the
    configured Host names instead of the loopback allowlist, no launch token)."""
    app = FastAPI(
        title="Meeting Assistant backend",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        generate_unique_id_function=_operation_id,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.server = server
    app.state.launch_token = settings.launch_token.get_secret_value().encode("utf-8")
    app.state.db_health = DatabaseHealth(settings.database)
    db = settings.database
    app.state.database = (
        Database(
            db,
            pool_size=server.db_pool_size if server else 5,
            max_overflow=server.db_max_overflow if server else 10,
        )
        if db is not None and db.configured
        else None
    )
    app.include_router(build_api_router(include_setup=server is None))
    install_error_handlers(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.allowed_origins),
        allow_methods=["GET", "POST", "PUT", "DELETE"],
        allow_headers=["Content-Type", "Authorization", LAUNCH_TOKEN_HEADER],
        allow_credentials=False,
    )
    # Middleware added later runs earlier. Order of checks: Host, launch token, body size; all
    # before a byte of the body is read. Even a CORS preflight from a foreign Host is refused.
    app.add_middleware(BodyLimitMiddleware)
    if server is None:
        app.add_middleware(LaunchTokenMiddleware, token=app.state.launch_token)
        app.add_middleware(HostAllowlistMiddleware, hosts=allowed_hosts(port))
    else:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(server.allowed_hosts))
    return app
