"""GET /api/health: the supervisor's readiness gate. It answers without a token, so a failure
says only its kind; the app that started this backend (its launch token) gets the details."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from meeting_backend import __version__
from meeting_backend.api.deps import DbHealthDep, SettingsDep
from meeting_backend.api.responses import HealthPublic
from meeting_backend.db.runtime import Database
from meeting_backend.security import LAUNCH_TOKEN_HEADER, launch_token_matches
from meeting_backend.services.db_health import public_failure
from meeting_backend.services.results import CheckFailure

router = APIRouter(tags=["health"])


async def _schema_problem(request: Request) -> dict[str, object] | None:
    """A schema this app cannot use: too old (and no rights to migrate), or too new."""
    database: Database | None = request.app.state.database
    if database is None:
        return None
    status = database.schema.status
    if status is None or status.state != "ready":
        # The next poll sees the result: an administrator's migration, or a database back up.
        database.schema.refresh_in_background()
    if status is None or status.state not in ("outdated", "too_new", "migrating"):
        return None
    if status.state == "migrating":
        return {"database": "error", "code": "schema_migrating", "message": status.message()}
    state = "schema_outdated" if status.state == "outdated" else "schema_too_new"
    return {
        "database": state,
        "code": state,
        "message": status.message(),
        "schemaVersion": status.current,
        "requiredSchemaVersion": status.required,
    }


def _caller_is_the_app(request: Request) -> bool:
    """Embedded mode only: server mode has no launch token, so nobody gets the details there."""
    if request.app.state.server is not None:
        return False
    given = request.headers.get(LAUNCH_TOKEN_HEADER)
    expected: bytes = request.app.state.launch_token
    return given is not None and launch_token_matches(given.encode("latin-1"), expected)


@router.get(
    "/health",
    response_model=None,
    responses={
        200: {"model": HealthPublic, "description": "Ready"},
        503: {"model": HealthPublic, "description": "Degraded: the database cannot be used"},
    },
)
async def health(request: Request, settings: SettingsDep, db_health: DbHealthDep) -> JSONResponse:
    base = {"mode": settings.mode, "version": __version__}
    result = await db_health.check()
    if result is None:
        return JSONResponse({"status": "ok", **base, "database": "unconfigured"})
    if isinstance(result, CheckFailure):
        failure = result.public() if _caller_is_the_app(request) else public_failure(result)
        return JSONResponse(
            {
                "status": "degraded",
                **base,
                "database": "error",
                "code": failure["code"],
                "message": failure["message"],
            },
            status_code=503,
        )
    schema = await _schema_problem(request)
    if schema is not None:
        return JSONResponse({"status": "degraded", **base, **schema}, status_code=503)
    return JSONResponse({"status": "ok", **base, "database": "ok"})
