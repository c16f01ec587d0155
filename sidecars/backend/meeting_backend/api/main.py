"""Collects every route module under the /api prefix."""

from fastapi import APIRouter

from meeting_backend.api.routes import admin, ai, auth, health, meetings, setup


def build_api_router(include_setup: bool) -> APIRouter:
    """Server mode has no setup routes: its settings come from files on the server."""
    api_router = APIRouter(prefix="/api")
    api_router.include_router(health.router)
    if include_setup:
        api_router.include_router(setup.router)
    api_router.include_router(auth.router)
    api_router.include_router(meetings.router)
    api_router.include_router(admin.router)
    api_router.include_router(ai.router)
    return api_router
