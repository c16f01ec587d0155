"""Builds the FastAPI application for one sidecar run (the port is known by then)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from meeting_backend import __version__
from meeting_backend.api.main import api_router
from meeting_backend.security import LAUNCH_TOKEN_HEADER, HostAllowlistMiddleware, allowed_hosts
from meeting_backend.services.db_health import DatabaseHealth
from meeting_backend.settings import BackendSettings


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's default 422 body echoes the submitted values, passwords included.
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors]
    return JSONResponse({"detail": detail}, status_code=422)


def create_app(settings: BackendSettings, port: int) -> FastAPI:
    app = FastAPI(
        title="Meeting Assistant backend",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.launch_token = settings.launch_token.get_secret_value().encode("utf-8")
    app.state.db_health = DatabaseHealth(settings.database)
    app.include_router(api_router)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.allowed_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", LAUNCH_TOKEN_HEADER],
        allow_credentials=False,
    )
    # Added last, so it runs first: even a CORS preflight from a foreign Host gets 403.
    app.add_middleware(HostAllowlistMiddleware, hosts=allowed_hosts(port))
    return app
