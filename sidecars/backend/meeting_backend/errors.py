"""The one error shape of the normal-mode API: `{"code", "message"}` plus documented extras.

Routes and services raise ApiError; the handlers here also turn request validation and
database outages into that shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import exc as sa_exc

from meeting_backend.db.errors import is_unavailable

log = logging.getLogger("meeting_backend.errors")

DATABASE_RETRY_AFTER_S = 2


class ErrorPublic(BaseModel):
    """Every error of the normal-mode API; some carry more fields (see docs)."""

    code: str
    message: str


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.extra = extra

    def response(self) -> JSONResponse:
        body = {"code": self.code, "message": self.message, **self.extra}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def not_found(what: str = "meeting") -> ApiError:
    return ApiError(404, "not_found", f"No such {what}, or you may not see it.")


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def database_unavailable() -> ApiError:
    return ApiError(
        503,
        "database_unavailable",
        "The database cannot be reached right now, so nothing was saved or changed. "
        "Try again in a moment.",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_S)},
    )


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "action_items", 2, "due_date") -> "action_items[2].due_date"
    name = ""
    for part in loc:
        if part in ("body", "query", "path", "header") and not name:
            continue
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(body)"


def validation_failed(fields: list[dict[str, str]]) -> ApiError:
    names = ", ".join(f["field"] for f in fields)
    return ApiError(
        422,
        "validation_failed",
        f"Some fields are not valid: {names}.",
        fields=fields,
    )


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's default 422 body echoes the submitted values, passwords included. This one names
    # each field and what is wrong with it, and never the value. `detail` keeps the old shape
    # for the setup wizard's callers.
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    error = validation_failed(
        [{"field": _field_name(e["loc"]), "message": e["msg"]} for e in errors]
    )
    error.extra["detail"] = [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors
    ]
    return error.response()


async def _database_error(_request: Request, exc: Exception) -> JSONResponse:
    if is_unavailable(exc):
        log.warning("database unavailable: %s", exc.__class__.__name__)
        return database_unavailable().response()
    log.error("database error", exc_info=exc)
    return ApiError(500, "internal_error", "The server could not complete the request.").response()


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(sa_exc.SQLAlchemyError, _database_error)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """For a route's OpenAPI `responses`: these statuses answer with ErrorPublic."""
    return {status: {"model": ErrorPublic} for status in statuses}
