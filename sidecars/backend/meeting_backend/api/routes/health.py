"""GET /api/health: the supervisor's readiness gate."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from meeting_backend import __version__
from meeting_backend.api.deps import DbHealthDep, SettingsDep
from meeting_backend.db.runtime import Database
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


@router.get("/health")
async def health(request: Request, settings: SettingsDep, db_health: DbHealthDep) -> JSONResponse:
    base = {"mode": settings.mode, "version": __version__}
    result = await db_health.check()
    if result is None:
        return JSONResponse({"status": "ok", **base, "database": "unconfigured"})
    if isinstance(result, CheckFailure):
        failure = result.public()
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
