"""Typed dependencies for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

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
