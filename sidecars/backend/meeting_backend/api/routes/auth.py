"""Sign-in: POST /api/login, POST /api/refresh, GET /api/me."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from anyio import to_thread
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, SecretStr, StringConstraints

from meeting_backend.api.deps import CurrentUserDep, DatabaseDep, SettingsDep, require_schema
from meeting_backend.auth.signin import sign_in, token_for
from meeting_backend.auth.users import CurrentUser
from meeting_backend.errors import error_responses

router = APIRouter(tags=["auth"])


class LoginRequest(BaseModel):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    password: Annotated[SecretStr, Field(min_length=1, max_length=1024)]


class UserPublic(BaseModel):
    email: str
    name: str
    role: Literal["admin", "user"]


class TokenPublic(BaseModel):
    token: str
    expires_at: dt.datetime
    user: UserPublic


def _user(user: CurrentUser) -> UserPublic:
    return UserPublic(email=user.email, name=user.name, role=user.role)


ERRORS = error_responses(401, 422, 429, 502, 503)


@router.post("/login", responses=ERRORS)
async def login(
    body: LoginRequest, request: Request, settings: SettingsDep, database: DatabaseDep
) -> TokenPublic:
    await to_thread.run_sync(require_schema, database)
    address = request.client.host if request.client else "unknown"
    signed = await sign_in(
        settings, database, body.username, body.password.get_secret_value(), address
    )
    return TokenPublic(
        token=signed.token.token, expires_at=signed.token.expires_at, user=_user(signed.user)
    )


@router.post("/refresh", responses=ERRORS)
async def refresh(user: CurrentUserDep, settings: SettingsDep) -> TokenPublic:
    issued = token_for(settings, user)
    return TokenPublic(token=issued.token, expires_at=issued.expires_at, user=_user(user))


@router.get("/me", responses=ERRORS)
async def me(user: CurrentUserDep) -> UserPublic:
    return _user(user)
