"""Typed dependencies for the routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from meeting_backend.auth.signin import not_configured
from meeting_backend.auth.tokens import TokenError, verify_token
from meeting_backend.auth.users import CurrentUser, role_for
from meeting_backend.db.runtime import Database
from meeting_backend.db.schema import SchemaStatus
from meeting_backend.errors import ApiError, database_unavailable, forbidden
from meeting_backend.services.db_health import DatabaseHealth
from meeting_backend.settings import BackendSettings


def get_settings(request: Request) -> BackendSettings:
    settings: BackendSettings = request.app.state.settings
    return settings


def get_db_health(request: Request) -> DatabaseHealth:
    health: DatabaseHealth = request.app.state.db_health
    return health


SettingsDep = Annotated[BackendSettings, Depends(get_settings)]
DbHealthDep = Annotated[DatabaseHealth, Depends(get_db_health)]


# --- normal mode: database, signed-in user --------------------------------------------------


def get_database(request: Request) -> Database:
    database: Database | None = request.app.state.database
    if database is None:
        raise ApiError(
            503,
            "database_not_configured",
            "This backend has no database yet. Finish the setup (database settings) first.",
        )
    return database


DatabaseDep = Annotated[Database, Depends(get_database)]


def schema_error(status: SchemaStatus, database: Database) -> ApiError | None:
    if status.state == "ready":
        return None
    if status.state in ("unavailable", "migrating"):
        return database_unavailable()
    return ApiError(
        503,
        "schema_outdated" if status.state in ("outdated", "behind") else "schema_too_new",
        status.message(),
        schema_version=status.current,
        required_schema_version=status.required,
    )


def require_schema(database: Database) -> None:
    """Blocking (it may migrate or connect): call it from a worker thread."""
    error = schema_error(database.ensure_schema(), database)
    if error is not None:
        raise error


def get_db_session(database: DatabaseDep) -> Iterator[Session]:
    require_schema(database)
    with Session(database.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db_session)]

_bearer = HTTPBearer(auto_error=False, description="The token from POST /api/login")


async def get_current_user(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> CurrentUser:
    if credentials is None or not credentials.credentials:
        raise ApiError(
            401,
            "token_required",
            "Sign in first: this request needs a sign-in token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    secret = settings.auth.jwt_secret.get_secret_value()
    if not secret:
        raise not_configured("auth.jwtSecret")
    try:
        claims = verify_token(credentials.credentials, secret)
    except TokenError as exc:
        raise ApiError(401, exc.code, exc.message, headers={"WWW-Authenticate": "Bearer"}) from None
    return CurrentUser(claims.email, claims.name, role_for(claims.email, settings.auth.admin_email))


CurrentUserDep = Annotated[CurrentUser, Depends(get_current_user)]


async def require_admin(user: CurrentUserDep) -> CurrentUser:
    if not user.is_admin:
        raise forbidden("Only an administrator may do this.")
    return user


AdminUserDep = Annotated[CurrentUser, Depends(require_admin)]
