"""GET /api/health: the supervisor's readiness gate."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from meeting_backend import __version__
from meeting_backend.api.deps import DbHealthDep, SettingsDep
from meeting_backend.services.results import CheckFailure

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(settings: SettingsDep, db_health: DbHealthDep) -> JSONResponse:
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
    return JSONResponse({"status": "ok", **base, "database": "ok"})
