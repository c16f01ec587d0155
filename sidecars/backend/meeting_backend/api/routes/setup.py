"""Setup wizard checks. They need the launch token and work before a database is configured."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends

from meeting_backend.api.responses import AuthCheckResult, DatabaseCheckResult, DifyCheckResult
from meeting_backend.logs import secrets
from meeting_backend.models import AuthCheckRequest, DatabaseCheckRequest, DifyCheckRequest
from meeting_backend.security import require_launch_token
from meeting_backend.services.auth_check import check_auth_api
from meeting_backend.services.db_check import DbTarget, check_database
from meeting_backend.services.dify_check import check_dify

router = APIRouter(prefix="/setup", tags=["setup"], dependencies=[Depends(require_launch_token)])


@router.post("/test-database", response_model=DatabaseCheckResult)
async def test_database(body: DatabaseCheckRequest) -> dict[str, object]:
    password = body.password.get_secret_value()
    secrets.register(password)
    target = DbTarget(
        host=body.host.strip(),
        port=body.port,
        user=body.user,
        password=password,
        database=body.database,
        ssl=body.ssl,
        ssl_ca=body.ssl_ca,
    )
    result = await asyncio.to_thread(check_database, target, body.timeout_seconds)
    return result.public()


@router.post("/test-dify", response_model=DifyCheckResult)
async def test_dify(body: DifyCheckRequest) -> dict[str, object]:
    api_key = body.api_key.get_secret_value()
    secrets.register(api_key)
    result = await check_dify(body.dify_api_url, api_key, body.timeout_seconds)
    return result.public()


@router.post("/test-auth", response_model=AuthCheckResult)
async def test_auth(body: AuthCheckRequest) -> dict[str, object]:
    result = await check_auth_api(body.auth_api_url, body.timeout_seconds)
    return result.public()
